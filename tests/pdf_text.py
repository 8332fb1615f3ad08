"""Read a PDF the way the tests look at paper: lines of text, each with its
page, place and size, in reading order."""

import io
from dataclasses import dataclass

from pypdf import PdfReader

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Line:
    page: int  # from 1
    text: str
    x: float  # pt from the left edge of the page to the start of the text
    baseline: float  # pt from the top edge of the page
    size: float  # font size in pt
    font: str


def read_pdf(data: bytes) -> tuple[PdfReader, list[Line]]:
    """The document and its lines, sorted by page, then top to bottom, then
    left to right."""
    reader = PdfReader(io.BytesIO(data))
    lines = []
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, height=height):
            if not text.strip():
                return
            # Text space to page space: the text matrix, then the CTM.
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            lines.append(
                Line(
                    page=number,
                    text=text.strip(),
                    x=x,
                    baseline=height - y,
                    size=abs(size * cm[3] * tm[3]),
                    font=str(font.get("/BaseFont", "")) if font else "",
                )
            )

        page.extract_text(visitor_text=visit)
    lines.sort(key=lambda line: (line.page, round(line.baseline, 1), line.x))
    return reader, lines


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font the pages use, and whether its program is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font
            if "/DescendantFonts" in font:
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def squeeze(text: str) -> str:
    """Text without white space: lines are broken anywhere in Chinese."""
    return "".join(text.split())
