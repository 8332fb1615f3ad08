"""The Word edition: a published issue as a .docx in the geometry of the PDF.

Offices finish, file and forward bulletins in Word or WPS, so the Word file
is set as they set theirs (docs/bulletin-format.md#the-word-edition): A4,
the GB/T 9704 margins mirrored for printing on both sides, lines exactly
28.95 pt apart, 22 lines of 28 characters, the fonts named as offices name
them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) so that Word uses the
office fonts where they are installed, the red masthead and rule, “— N —”
page numbers as PAGE fields on the outer side, and the 版记 as a table.

The text is the issue's own, in the order the importer reads a bulletin, so
the file imports back to the same issue.
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)
PITCH = Pt(28.95)
MEASURE = Mm(156)
# 28 characters of 16pt in the 156mm measure: each 0.25pt narrower (the
# PDF's 0.21pt cannot be written: Word counts spacing in twentieths of a
# point), which leaves room for the 28th.
BODY_SPACING = -5  # twentieths of a point
INDENT = Pt(31.5)  # two characters of the grid
# Run properties come in a fixed order (ECMA-376 CT_RPr); Word refuses a
# file whose elements are out of it. These follow w:spacing and w:lang.
AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight")
AFTER_SPACING += ("w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign")
AFTER_SPACING += ("w:rtl", "w:cs", "w:em", "w:lang")
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
# Paragraph properties after w:snapToGrid (CT_PPr).
AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents")
AFTER_SNAP += ("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment")
AFTER_SNAP += ("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle")
AFTER_SNAP += ("w:rPr", "w:sectPr", "w:pPrChange")
AFTER_OVERFLOW = ("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi")
AFTER_OVERFLOW += ("w:adjustRightInd", "w:snapToGrid", *AFTER_SNAP)
# Settings that precede w:mirrorMargins (CT_Settings).
BEFORE_MIRROR = ("w:writeProtection", "w:view", "w:zoom")


@functools.cache
def layout_version() -> str:
    """A fingerprint of this module: a change to the layout changes every
    Word file's ETag."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def issue_docx(issue) -> bytes:
    """The issue as a .docx file; ``issue`` should come from
    ``Issue.objects.with_contents()``."""
    document = Document()
    properties = document.core_properties
    properties.title = str(issue)
    edition = issue.edition
    properties.author = edition.office
    properties.language = "zh-CN"
    set_up_page(document)
    set_up_styles(document)
    masthead(document, edition)
    if issue.editors_note:
        editors_note(document, issue)
    # What the issue printed when it was signed off (issues.edition).
    for printed in edition.contents:
        write_article(document, printed.article, printed.citation)
    if edition.has_footer:
        footer_table(document, edition)
    page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Page and styles.


def set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    # With mirrored margins Word reads left as inside and right as outside.
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The footer's 14pt line ends 25mm above the paper's edge, which puts
    # its dashes about 7mm below the type area.
    section.footer_distance = Mm(25)
    settings = document.settings.element
    insert_in_order(settings, OxmlElement("w:mirrorMargins"), after=BEFORE_MIRROR)
    document.settings.odd_and_even_pages_header_footer = True
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")  # 28.95pt in twentieths


def set_up_styles(document) -> None:
    # Chinese by default, so that Word and LibreOffice pick Simplified
    # Chinese glyphs and line-breaking rules.
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    set_font(normal, FANGSONG, 16)
    set_language(normal.element.get_or_add_rPr())
    exact_lines(normal.paragraph_format)
    normal.paragraph_format.widow_control = False  # 22 lines on every page
    # Word's default, written out: LibreOffice (7.4) reads a missing or
    # false w:overflowPunct as "hang punctuation past the margin" and then
    # drops the hung ， or 。 of a justified line from the page; with true it
    # carries the character before it down instead, and the text is whole.
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "1")
    insert_in_order(
        normal.element.get_or_add_pPr(),
        overflow,
        before=AFTER_OVERFLOW,
    )

    body = document.styles.add_style("Bulletin Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.first_line_indent = INDENT
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    set_spacing(body.element.get_or_add_rPr(), BODY_SPACING)

    # Built-in heading styles, so that Word's navigation pane and the
    # accessibility checker see the structure; restyled as on paper.
    for name, face, size, centred in (
        ("Heading 1", XIAOBIAOSONG, 22, True),  # article titles
        ("Heading 2", HEITI, 16, False),  # 一、
        ("Heading 3", KAITI, 16, False),  # （一）
    ):
        style = document.styles[name]
        set_font(style, face, size, color=RGBColor(0, 0, 0))
        style.font.bold = False
        style.font.italic = False
        exact_lines(style.paragraph_format)
        style.paragraph_format.keep_with_next = True
        if centred:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            # A 22pt line would otherwise take two lines of the grid.
            off_grid(style.element.get_or_add_pPr())
        else:
            style.paragraph_format.first_line_indent = INDENT


def off_grid(p_pr) -> None:
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    insert_in_order(p_pr, snap, before=AFTER_SNAP)


def exact_lines(paragraph_format) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = PITCH
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def set_font(target, name: str, size: float, *, color=None, spacing=None) -> None:
    """Font of a style or a run, the East Asian face included: Word picks
    that one for Chinese text."""
    target.font.name = name
    target.font.size = Pt(size)
    if color is not None:
        target.font.color.rgb = color
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    # A theme font would win over the name (Word's heading styles have one).
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if spacing is not None:
        set_spacing(r_pr, spacing)


def set_spacing(r_pr, twentieths: int) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    insert_in_order(r_pr, spacing, before=AFTER_SPACING + AFTER_LANG)


def set_language(r_pr) -> None:
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    insert_in_order(r_pr, lang, before=AFTER_LANG)


def insert_in_order(parent, element, *, before=(), after=()) -> None:
    """Put ``element`` before the first child named in ``before``, or after
    the last named in ``after``, or at the end."""
    for name in before:
        if (found := parent.find(qn(name))) is not None:
            found.addprevious(element)
            return
    for name in reversed(after):
        if (found := parent.find(qn(name))) is not None:
            found.addnext(element)
            return
    if after:
        parent.insert(0, element)
    else:
        parent.append(element)


# The bulletin.


def paragraph(document, text: str = "", style: str | None = None, **font):
    result = document.add_paragraph(style=style)
    if text:
        run = result.add_run(text)
        if font:
            set_font(run, **font)
    return result


def masthead(document, edition) -> None:
    if edition.marking:
        paragraph(document, edition.marking, name=HEITI, size=16)
    if edition.banner:
        banner = paragraph(document, edition.banner, name=XIAOBIAOSONG, size=18)
        banner.runs[0].font.color.rgb = RED
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name = paragraph(
        document,
        edition.series_name,
        name=XIAOBIAOSONG,
        size=42,
        color=RED,
        spacing=420,
    )
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.paragraph_format.line_spacing = Pt(57.9)  # two lines of the grid
    off_grid(name._p.get_or_add_pPr())
    number = paragraph(document, f"{edition.number_label}{edition.total_label}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Office on the left, date on the right, the red rule under them.
    line = paragraph(document, f"{edition.office}\t{edition.date_label}")
    line.paragraph_format.tab_stops.add_tab_stop(MEASURE, WD_TAB_ALIGNMENT.RIGHT)
    border(line, "bottom", size=12, color="FF0000", space=4)
    paragraph(document)  # the blank line between rule and title


def border(target, side: str, *, size: int, color: str = "000000", space: int = 0):
    """A paragraph border (size in eighths of a point, space in points)."""
    p_pr = target._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # pBdr follows these in CT_PPr.
        insert_in_order(
            p_pr,
            borders,
            before=("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing"),
        )
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", size), ("space", space)):
        edge.set(qn(f"w:{key}"), str(value))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def editors_note(document, issue) -> None:
    for index, text in enumerate(issue.editors_note_paragraphs):
        note = document.add_paragraph(style="Bulletin Body")
        if index == 0:
            set_font(note.add_run("【编者按】"), HEITI, 16)
        set_font(note.add_run(text), KAITI, 16)
    paragraph(document)


def write_article(document, article, citation: str) -> None:
    title = document.add_paragraph(style="Heading 1")
    # Word breaks a title only where it has a space; elsewhere it wraps it
    # itself, so that the file reads back as the same title.
    for index, line in enumerate(article.title_lines):
        if index and line.startswith(" "):
            title.add_run().add_break()
        title.add_run(line.strip() if index else line)
    if article.subtitle:
        subtitle = paragraph(document, article.subtitle, name=KAITI, size=16)
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    byline = article.byline
    for block in article.blocks:
        if block.is_heading:
            if byline:
                document.add_paragraph(byline, style="Bulletin Body")
                byline = ""
            style = {1: "Heading 2", 2: "Heading 3"}.get(block.level, "Bulletin Body")
            document.add_paragraph(block.text, style=style)
            continue
        body = document.add_paragraph(byline, style="Bulletin Body")
        byline = ""
        if block.lead:
            face = {1: HEITI, 2: KAITI}.get(block.level, FANGSONG)
            set_font(body.add_run(block.lead), face, 16)
        body.add_run(block.text)
    if citation:
        line = document.add_paragraph(citation)
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(document)


def footer_table(document, edition) -> None:
    """The 版记: 14pt lines between black rules, 0.35mm outside and 0.25mm
    between them (sizes in eighths of a point)."""
    rows = [
        f"{label}：{text}"
        for label, text in (
            ("报", edition.report_to),
            ("送", edition.copy_to),
            ("发", edition.distribute_to),
        )
        if text
    ]
    signatures = "　　".join(f"{role}：{name}" for role, name in edition.signatures)
    print_run = f"（共印{edition.print_run}份）" if edition.print_run else ""
    if signatures or print_run:
        rows.append(f"{signatures}\t{print_run}" if print_run else signatures)
    table = document.add_table(rows=len(rows), cols=1)
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 6)):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", size), ("color", "000000")):
            edge.set(qn(f"w:{key}"), str(value))
        borders.append(edge)
    table._tbl.tblPr.append(borders)
    for row, text in zip(table.rows, rows, strict=True):
        cell = row.cells[0]
        line = cell.paragraphs[0]
        line.paragraph_format.left_indent = Pt(14)
        line.paragraph_format.right_indent = Pt(14)
        line.paragraph_format.tab_stops.add_tab_stop(
            MEASURE - Pt(28), WD_TAB_ALIGNMENT.RIGHT
        )
        set_font(line.add_run(text), FANGSONG, 14)


def page_numbers(document) -> None:
    """— N — in 14pt 宋体, one character in from the outer edge: right on
    odd pages, left on even ones."""
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        line = footer.paragraphs[0]
        line.alignment = alignment
        line.paragraph_format.left_indent = Pt(14)
        line.paragraph_format.right_indent = Pt(14)
        set_font(line.add_run("— "), SONGTI, 14)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        number = line.add_run("1")
        set_font(number, SONGTI, 14)
        number._r.addprevious(field)
        field.append(number._r)
        set_font(line.add_run(" —"), SONGTI, 14)
