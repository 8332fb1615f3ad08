"""Word and PDF files built in the tests, from a recognised bulletin dict.

The PDF follows the official layout (docs/bulletin-format.md#print-geometry
and #anatomy-of-an-issue): A4, 156 mm type area, 16 pt body with a
two-character indent, red masthead, centred titles, the citation set right,
"— N —" page numbers and a running header after page 1 (#page-furniture).
It is written with reportlab's built-in CID font STSong-Light, which needs
no font file and which pdfminer reads back as Chinese. That font has no
glyph for the middle dot U+00B7, so the katakana one (・) stands in for it,
as it does in many real files; the importer maps both to ·.
"""

from io import BytesIO

from docx import Document
from docx.shared import Pt
from reportlab.lib.colors import red
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from articles.text import format_cn_date

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
LEFT, TOP, WIDTH, HEIGHT = 28 * mm, 37 * mm, 156 * mm, 225 * mm
BODY, PITCH = 16, 28.95


def masthead_lines(data: dict) -> list[str]:
    issue = data["issue"]
    return [
        data["series"]["banner"],
        data["series"]["name"],
        f"第{issue['number']}期",
    ]


def make_docx(blocks: list[str], *, line_break: tuple[str, str] | None = None) -> bytes:
    """A .docx with one paragraph per block, styled the way offices do
    (bold, sizes), a page-number footer, and optionally a paragraph holding a
    line break."""
    document = Document()
    for text in blocks:
        run = document.add_paragraph().add_run(text)
        run.font.size = Pt(16)
    if line_break:
        paragraph = document.add_paragraph()
        paragraph.add_run(line_break[0]).bold = True
        paragraph.runs[0].add_break()
        paragraph.add_run(line_break[1])
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    out = BytesIO()
    document.save(out)
    return out.getvalue()


class Typesetter:
    """Lays text out line by line on A4 pages."""

    def __init__(self):
        from reportlab.pdfgen.canvas import Canvas

        self.out = BytesIO()
        self.canvas = Canvas(self.out, pagesize=A4)
        self.page = 1
        self.y = A4[1] - TOP

    def new_page(self):
        self.footer()
        self.canvas.showPage()
        self.page += 1
        self.y = A4[1] - TOP
        # Running header: the bulletin name, small, above the type area.
        self.canvas.setFont(FONT, 10.5)
        self.canvas.drawCentredString(A4[0] / 2, A4[1] - TOP + 20, "学习参考")

    def footer(self):
        self.canvas.setFont(FONT, 14)
        self.canvas.drawCentredString(
            A4[0] / 2, A4[1] - TOP - HEIGHT - 20, f"— {self.page} —"
        )

    def line(self, text, size=BODY, align="left", indent=0, color=None, pitch=PITCH):
        if self.y - pitch < A4[1] - TOP - HEIGHT:
            self.new_page()
        self.y -= pitch
        self.canvas.setFont(FONT, size)
        self.canvas.setFillColor(color or "black")
        if align == "centre":
            self.canvas.drawCentredString(LEFT + WIDTH / 2, self.y, text)
        elif align == "right":
            self.canvas.drawRightString(LEFT + WIDTH, self.y, text)
        else:
            self.canvas.drawString(LEFT + indent, self.y, text)

    def paragraph(self, text):
        """Body text wrapped at the type-area width, first line indented."""
        text = text.replace("·", "・")
        indent = 2 * BODY
        line = ""
        for char in text:
            width = pdfmetrics.stringWidth(line + char, FONT, BODY)
            if indent + width > WIDTH:
                self.line(line, indent=indent)
                line, indent = "", 0
            line += char
        if line:
            self.line(line, indent=indent)

    def finish(self) -> bytes:
        self.footer()
        self.canvas.save()
        return self.out.getvalue()


def make_pdf(data: dict, *, kicker_split: int) -> bytes:
    """The bulletin in ``data`` typeset as its PDF would be; the title is
    printed as 引题 (its first ``kicker_split`` characters) over 主题."""
    pages = Typesetter()
    banner, name, number = masthead_lines(data)
    pages.line(banner, size=16, align="centre", color=red)
    pages.line(
        "学 习 参 考" if name == "学习参考" else name,
        size=36,
        align="centre",
        color=red,
        pitch=48,
    )
    pages.line(number, align="centre")
    pages.line(data["series"]["office"], pitch=36)
    date = format_cn_date(
        __import__("datetime").date.fromisoformat(data["issue"]["date"])
    )
    pages.line(date, align="right", pitch=0)
    for article in data["articles"]:
        title = article["title"].replace(" ", "")
        pages.line(title[:kicker_split], size=16, align="centre", pitch=40)
        pages.line(title[kicker_split:], size=22, align="centre", pitch=32)
        pages.line(article["subtitle"], align="centre")
        for index, paragraph in enumerate(article["paragraphs"]):
            pages.paragraph(article["byline"] + paragraph if index == 0 else paragraph)
        pages.line(article["citation"], align="right")
    return pages.finish()


def make_image_pdf() -> bytes:
    """A PDF page with a picture and no text layer, like a scan."""
    pages = Typesetter()
    pages.canvas.rect(LEFT, 300, 200, 200, fill=1)
    pages.canvas.showPage()
    pages.canvas.save()
    return pages.out.getvalue()
