"""File bytes to text: .txt (UTF-8 with or without BOM, GB18030/GBK, UTF-16),
.docx (the paragraphs of the document body) and .pdf (the text layer, laid
out into paragraphs by the position of each line).

Every failure is a RecogniserError with a message for the user.
"""

import codecs
import itertools
import statistics
import zipfile
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from issues.importing.recogniser.errors import RecogniserError
from issues.importing.recogniser.normalise import IDEOGRAPH, PAGE_BREAK
from issues.importing.recogniser.paragraphs import PAGE_NUMBER, join_text

IMAGE_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
ZIP_SIGNATURE = b"PK\x03\x04"
PDF_SIGNATURE = b"%PDF-"
# Control characters a text file never holds (tab, line ends and form feed
# aside); a few in a thousand mean the file is not text.
CONTROL = {chr(code) for code in [*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x20)]}
MAX_CONTROL_SHARE = 0.001
# Mojibake decodes as GB18030 too, but into rare characters: real Chinese
# text is almost entirely within GB2312.
MIN_GB2312_SHARE = 0.8
# Share of ASCII and ideographs in UTF-16 read with the right byte order.
MIN_UTF16_SHARE = 0.8
# Text compresses well, but not a hundredfold: beyond that it is a zip bomb.
UNPACKED_FACTOR = 20
# What a directory given to import_bulletin is searched for.
SUFFIXES = {".txt", ".text", ".docx", ".pdf"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_text(data: bytes, name: str, *, max_bytes: int | None = None) -> str:
    """The text of a file, whatever of the supported formats it is in."""
    limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    check_size(len(data), limit)
    if not data.strip():
        raise RecogniserError(_("The file is empty."))
    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc":
        raise RecogniserError(
            _("Old Word documents (.doc) cannot be read: save it as .docx in Word.")
        )
    if data.startswith(IMAGE_SIGNATURES):
        raise RecogniserError(
            _(
                "This is an image. Upload a PDF with a text layer, a Word document "
                "or a text file."
            )
        )
    if suffix == ".pdf" or (suffix != ".docx" and data.startswith(PDF_SIGNATURE)):
        return pdf_text(data)
    if suffix == ".docx" or data.startswith(ZIP_SIGNATURE):
        return docx_text(data, limit)
    return decode(data)


def check_size(size: int, limit: int) -> None:
    """Refuse input over the configured limit (IMPORT_MAX_BYTES)."""
    if size > limit:
        raise RecogniserError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def decode(data: bytes) -> str:
    """Text in UTF-8 (BOM or not), UTF-16 (BOM or not) or GB18030/GBK."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return checked(strict_decode(data, encoding))
    encoding = utf16_without_bom(data)
    if encoding:
        return checked(strict_decode(data, encoding))
    try:
        return checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = strict_decode(data, "gb18030")
    ideographs = IDEOGRAPH.findall(text)
    common = sum(1 for char in ideographs if in_gb2312(char))
    if ideographs and common < MIN_GB2312_SHARE * len(ideographs):
        raise undecodable()
    return checked(text)


def strict_decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise undecodable() from None


def undecodable() -> RecogniserError:
    return RecogniserError(
        _(
            "The file's bytes cannot be read as text: it is not UTF-8, GB18030/GBK "
            "or UTF-16. Save it as UTF-8 text and try again."
        )
    )


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 from Windows tools without a byte-order mark. UTF-8 and GB
    text never hold a zero byte; UTF-16 does (ASCII, and many ideographs),
    and read the right way round it is mostly Chinese and ASCII."""
    if b"\x00" not in data or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        plausible = sum(1 for char in text if char.isascii() or IDEOGRAPH.match(char))
        if plausible >= MIN_UTF16_SHARE * len(text):
            return encoding
    return None


def in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def checked(text: str) -> str:
    """Refuse binary content that happened to decode."""
    controls = sum(1 for char in text if char in CONTROL)
    if "\x00" in text or controls > MAX_CONTROL_SHARE * len(text):
        raise RecogniserError(
            _("The file is not text: it holds binary data. Upload .txt, .docx or .pdf.")
        )
    return text


def docx_text(data: bytes, limit: int) -> str:
    """The paragraphs of a Word document's body, blank-line separated; a
    line break inside a paragraph stays a line break. Styling is dropped:
    the stylesheet decides (docs/bulletin-format.md#word-documents)."""
    not_word = RecogniserError(
        _("This is not a Word document (.docx): the file is not in .docx format.")
    )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise not_word from None
    # A few kilobytes can unpack to gigabytes: refuse before unpacking.
    check_size(info.file_size, UNPACKED_FACTOR * limit)
    try:
        root = ElementTree.fromstring(archive.read(info))
    except (ElementTree.ParseError, zipfile.BadZipFile, RuntimeError, ValueError):
        raise not_word from None
    paragraphs: list[str] = []
    collect_paragraphs(root, paragraphs)
    return "\n\n".join(paragraphs)


def collect_paragraphs(node, paragraphs: list[str]) -> None:
    """Each w:p once, in document order; a text box inside a paragraph
    becomes a paragraph of its own, and Word's fallback copy of it is
    skipped."""
    for child in node:
        if child.tag == MC_FALLBACK:
            continue
        if child.tag == W + "p":
            parts: list[str] = []
            nested: list[str] = []
            paragraph_text(child, parts, nested)
            paragraphs.append("".join(parts))
            paragraphs.extend(nested)
        else:
            collect_paragraphs(child, paragraphs)


def paragraph_text(node, parts: list[str], nested: list[str]) -> None:
    for child in node:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "p":
            collect_paragraphs([child], nested)
        elif tag != MC_FALLBACK:
            paragraph_text(child, parts, nested)


@dataclass
class Row:
    """One printed line of a PDF page: its text and where it stands."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, one paragraph per block and "\\f" between
    pages: lines are joined into paragraphs by their geometry (a line that
    reaches the right margin continues; an indented line starts a
    paragraph; a change of type size or a wider gap separates). A paragraph
    that goes on at the top of the next page is joined across the break."""
    pages = pdf_rows(data)
    rows = [row for page in pages for row in page]
    if not any(row.text.strip() for row in rows):
        raise RecogniserError(
            _("No readable text was found: the PDF may be a scan (images only).")
        )
    body_size, left, right = body_geometry(rows)
    pages_text: list[list[str]] = []
    previous, location = None, None
    for page in pages:
        paragraphs: list[str] = []
        pages_text.append(paragraphs)
        top = True
        for row in page:
            body = round(row.size) == body_size
            if PAGE_NUMBER.match(row.text) or (top and not body and previous):
                # Page numbers and running headers stand alone (the paragraph
                # rules drop them) and do not interrupt a paragraph that goes
                # on from the previous page.
                paragraphs.append(row.text)
                continue
            if previous and continues(previous, row, body_size, left, right, top):
                blocks, index = location
                blocks[index] = join_text(blocks[index], row.text)
            else:
                paragraphs.append(row.text)
                location = (paragraphs, len(paragraphs) - 1)
            previous, top = row, top and not body
    return f"\n{PAGE_BREAK}\n".join("\n\n".join(page) for page in pages_text)


def body_geometry(rows: list[Row]) -> tuple[int, float, float]:
    """The body type size (the one most text is set in) and the left and
    right margins of body lines."""
    sizes = Counter()
    for row in rows:
        sizes[round(row.size)] += len(row.text)
    body_size = sizes.most_common(1)[0][0]
    body_rows = [row for row in rows if round(row.size) == body_size]
    left = Counter(round(row.x0) for row in body_rows).most_common(1)[0][0]
    # Most full lines end at the margin; the highest few may be lines set
    # right (a citation) or overhanging punctuation.
    ends = [row.x1 for row in body_rows]
    right = statistics.quantiles(ends, n=10)[-1] if len(ends) > 1 else ends[0]
    return body_size, left, right


def continues(
    previous: Row, row: Row, body_size: int, left: float, right: float, new_page: bool
) -> bool:
    """Whether ``row`` goes on with the paragraph ``previous`` is in: both
    body text, the previous line full, this one not indented, no wider gap
    between them (unless a page break is)."""
    size = row.size
    return (
        round(previous.size) == round(size) == body_size
        and previous.x1 >= right - size
        and row.x0 < left + 0.9 * size
        and previous.x0 < left + 2.5 * size
        and (new_page or row.top - previous.bottom < size)
    )


def pdf_rows(data: bytes) -> list[list[Row]]:
    """The printed lines of each page, top to bottom; pieces of one line
    (an office name and, far to the right, the date) become one row with a
    gap between them."""
    # pdfminer is imported when a PDF arrives, not with every admin page.
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if PDF_SIGNATURE not in data[:1024]:
        raise RecogniserError(_("This is not a PDF file."))
    pages = []
    try:
        for layout in extract_pages(BytesIO(data), laparams=LAParams()):
            pieces = sorted(
                text_lines(layout, layout.height), key=lambda r: (r.top, r.x0)
            )
            pages.append(merge_rows(pieces))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise RecogniserError(_("The PDF is encrypted and cannot be read.")) from None
    except RecogniserError:
        raise
    except Exception:
        # pdfminer raises many exception types on damaged files; to the user
        # they all mean the same thing.
        raise RecogniserError(
            _("The PDF cannot be read: the file is damaged or not a PDF.")
        ) from None
    return pages


def text_lines(node, height: float):
    from pdfminer.layout import LTChar, LTTextLineHorizontal

    for child in getattr(node, "_objs", []):
        if isinstance(child, LTTextLineHorizontal):
            # A space at the end of a line is still text (京蒙协作 政协助力
            # may wrap after the space): keep it for the join.
            text = child.get_text().rstrip("\n").lstrip()
            sizes = [char.size for char in child if isinstance(char, LTChar)]
            if text.strip() and sizes:
                yield Row(
                    text,
                    child.x0,
                    child.x1,
                    height - child.y1,
                    height - child.y0,
                    statistics.median(sizes),
                )
        else:
            yield from text_lines(child, height)


def merge_rows(pieces: list[Row]) -> list[Row]:
    clusters: list[list[Row]] = []
    for piece in pieces:
        last = clusters[-1][0] if clusters else None
        if last and abs(piece.top - last.top) < 0.5 * min(piece.size, last.size):
            clusters[-1].append(piece)
        else:
            clusters.append([piece])
    rows = []
    for cluster in clusters:
        cluster.sort(key=lambda piece: piece.x0)
        text = cluster[0].text
        for before, piece in itertools.pairwise(cluster):
            text += ("  " if piece.x0 - before.x1 > piece.size else "") + piece.text
        rows.append(
            Row(
                text,
                cluster[0].x0,
                cluster[-1].x1,
                min(piece.top for piece in cluster),
                max(piece.bottom for piece in cluster),
                max(piece.size for piece in cluster),
            )
        )
    return rows
