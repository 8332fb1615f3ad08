"""Read a PDF the way the tests look at paper: its pages, and its lines of
text, each with its page, place, size and font, in reading order
(pdfminer.six, which the importer reads PDFs with too)."""

import io
from dataclasses import dataclass
from itertools import groupby

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import literal_name
from pdfminer.utils import decode_text

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Line:
    page: int  # from 1
    text: str
    x: float  # pt from the left edge of the page to the start of the text
    x1: float  # ... to its end
    baseline: float  # pt from the top edge of the page
    size: float  # font size in pt
    font: str  # of the first character


def read_pdf(data: bytes) -> tuple[list[tuple[float, float]], list[Line]]:
    """The size of each page (width, height in pt) and every line of text:
    the characters that share a baseline, by page, top to bottom."""
    sizes, lines = [], []
    for number, page in enumerate(extract_pages(io.BytesIO(data)), 1):
        sizes.append((page.width, page.height))
        # pdfminer's own lines may join or split pieces of a printed line:
        # group the characters by baseline instead.
        chars = sorted(
            characters(page),
            key=lambda char: (round(page.height - char.matrix[5], 1), char.x0),
        )
        for baseline, row in groupby(
            chars, key=lambda char: round(page.height - char.matrix[5], 1)
        ):
            row = list(row)
            lines.append(
                Line(
                    page=number,
                    text="".join(char.get_text() for char in row).strip(),
                    x=row[0].x0,
                    x1=row[-1].x1,
                    baseline=baseline,
                    size=row[0].size,
                    font=row[0].fontname,
                )
            )
    return sizes, [line for line in lines if line.text]


def characters(node):
    for child in node:
        if isinstance(child, LTChar):
            yield child
        elif isinstance(child, LTContainer):
            yield from characters(child)


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """Every font the pages use, and whether its program is embedded."""
    fonts = {}
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    for page in PDFPage.create_pages(document):
        for reference in resolve1(page.resources.get("Font", {})).values():
            font = resolve1(reference)
            described = font
            if "DescendantFonts" in font:
                described = resolve1(resolve1(font["DescendantFonts"])[0])
            descriptor = resolve1(described["FontDescriptor"])
            fonts[literal_name(font["BaseFont"])] = any(
                key in descriptor for key in ("FontFile", "FontFile2", "FontFile3")
            )
    return fonts


def squeeze(text: str) -> str:
    """Text without white space: lines are broken anywhere in Chinese."""
    return "".join(text.split())


@dataclass(frozen=True)
class Tagging:
    """What a screen reader or a reflowing viewer gets from a PDF."""

    marked: bool  # MarkInfo: the content is tagged
    lang: str
    title: str
    shows_title: bool  # ViewerPreferences DisplayDocTitle
    tags: list[str]  # structure types of the structure tree, depth first


def tagging(data: bytes) -> Tagging:
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    catalog = document.catalog
    title = document.info[0].get("Title", b"") if document.info else b""
    return Tagging(
        marked=bool(resolve1(catalog.get("MarkInfo", {})).get("Marked")),
        lang=resolve1(catalog.get("Lang", b"")).decode(),
        title=decode_text(title),
        shows_title=bool(
            resolve1(catalog.get("ViewerPreferences", {})).get("DisplayDocTitle")
        ),
        tags=list(structure_types(catalog.get("StructTreeRoot"))),
    )


def structure_types(node):
    node = resolve1(node)
    if isinstance(node, list):
        for child in node:
            yield from structure_types(child)
    elif isinstance(node, dict):
        if "S" in node:
            yield literal_name(node["S"])
        if "K" in node:
            yield from structure_types(node["K"])


@dataclass(frozen=True)
class Rule:
    page: int
    x: float
    x1: float
    middle: float  # pt from the top edge of the page
    thickness: float
    color: tuple


def rules(data: bytes, thickest: float = 3) -> list[Rule]:
    """The horizontal rules of each page no thicker than ``thickest`` pt:
    filled bars (WeasyPrint's borders) and stroked lines (LibreOffice's)."""
    found = []
    for number, page in enumerate(extract_pages(io.BytesIO(data)), 1):
        for shape in shapes(page):
            if isinstance(shape, LTLine) and shape.height == 0:
                thickness, color = shape.linewidth, shape.stroking_color
            elif isinstance(shape, LTRect) and shape.width > shape.height:
                thickness, color = shape.height, shape.non_stroking_color
            else:
                continue
            if 0 < thickness <= thickest:
                found.append(
                    Rule(
                        page=number,
                        x=shape.x0,
                        x1=shape.x1,
                        middle=page.height - (shape.y0 + shape.y1) / 2,
                        thickness=thickness,
                        color=tuple(color or ()),
                    )
                )
    return found


def shapes(node):
    for child in node:
        if isinstance(child, (LTRect, LTLine)):
            yield child
        elif isinstance(child, LTContainer):
            yield from shapes(child)
