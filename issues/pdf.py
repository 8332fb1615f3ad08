"""The PDF edition: an issue set on A4 by WeasyPrint.

The PDF is made from the templates of the issue page (``issues/bulletin.html``
and its partials, wrapped by ``issues/issue_print.html``) with the print
stylesheet ``static/css/print.css``. A published issue is rendered once per
version and kept in the default file storage; a proof for preview is rendered
on every request and never stored.

WeasyPrint needs Pango and fontconfig from the system. Where they are missing
the renderer raises :class:`PdfUnavailable`, which the views turn into a page
that says so instead of a server error. The fonts the stylesheet is designed
for are free Debian packages (docs/operations.md, "Printing and PDF"); without them the
PDF is set in whatever Chinese font the machine has, and
:func:`missing_fonts` names what to install.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import importlib.metadata
import io
import logging
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string
from django.utils.translation import gettext as _

from issues import justify

logger = logging.getLogger(__name__)

FONTCONFIG_FILE = Path(settings.BASE_DIR) / "fonts" / "fonts.conf"
STYLESHEET = "css/print.css"
TEMPLATE = "issues/issue_print.html"
# Every template whose text or markup reaches the paper: a change to one of
# them, or to the stylesheet, makes the stored PDFs stale.
TEMPLATES = (
    TEMPLATE,
    "issues/bulletin.html",
    "issues/masthead.html",
    "issues/article_body.html",
    "issues/article_title.html",
    "issues/bulletin_footer.html",
)
# The free fonts the print stylesheet is designed for
# (docs/bulletin-format.md#fonts) and the Debian packages that install them.
PREFERRED_FONTS = (
    ("FandolFang", "texlive-lang-chinese"),
    ("Noto Serif CJK SC", "fonts-noto-cjk"),
    ("Noto Sans CJK SC", "fonts-noto-cjk"),
    ("LXGW WenKai", "fonts-lxgw-wenkai"),
)
STORAGE_DIR = "pdf"


class PdfUnavailable(Exception):
    """This server cannot render PDFs: WeasyPrint or the system libraries it
    loads (Pango, fontconfig) are missing."""


def use_font_aliases() -> None:
    """Point fontconfig at the project's alias file, which includes the
    system configuration and adds the office font names. fontconfig reads
    the variable whenever WeasyPrint loads its configuration; a
    FONTCONFIG_FILE the administrator set wins."""
    os.environ.setdefault("FONTCONFIG_FILE", str(FONTCONFIG_FILE))


def load_weasyprint():
    """The weasyprint module, or PdfUnavailable saying why it cannot load."""
    use_font_aliases()
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        # OSError: WeasyPrint is installed but cannot load Pango.
        logger.error("PDF rendering is unavailable: %s", error)
        raise PdfUnavailable(str(error)) from error
    justify.install(weasyprint)
    return weasyprint


@functools.cache
def missing_fonts() -> tuple[str, ...]:
    """The preferred fonts this server lacks, as “family（Debian package）”
    labels. Empty when all are installed, or when fontconfig's ``fc-list``
    is not there to ask. Asked once per process."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    use_font_aliases()
    try:
        listing = subprocess.run(
            [fc_list, "--format", "%{family}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning("Cannot list the installed fonts: %s", error)
        return ()
    # One line per font; a family may carry several names, comma-separated.
    installed = {
        name.strip() for line in listing.splitlines() for name in line.split(",")
    }
    return tuple(
        f"{family}（{package}）"
        for family, package in PREFERRED_FONTS
        if family not in installed
    )


def stylesheet() -> str:
    return Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")


@functools.cache
def layout_version() -> str:
    """A fingerprint of what lays out every PDF: templates, stylesheet,
    font aliases, the justification of Chinese lines, WeasyPrint's version
    and the fonts at hand. Computed once per process, so a deployment that
    changes any of them regenerates the PDFs."""
    digest = hashlib.sha256(stylesheet().encode())
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    for path in (FONTCONFIG_FILE, Path(justify.__file__)):
        digest.update(path.read_bytes())
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        digest.update(importlib.metadata.version("weasyprint").encode())
    digest.update(repr(missing_fonts()).encode())
    return digest.hexdigest()


def field_values(instance) -> list:
    return [
        (field.attname, field.value_from_object(instance))
        for field in instance._meta.concrete_fields
    ]


def content_version(issue) -> str:
    """A fingerprint of everything the PDF of ``issue`` prints: the issue,
    its masthead, footer and signatures and each article with its source
    and citation, as its edition shows them — from the record of a
    signed-off issue, so editing a series or a source leaves its PDF as it
    is. Reads only what ``Issue.objects.with_contents()`` has loaded, so it
    costs no query."""
    edition = issue.edition
    parts = [layout_version(), field_values(issue), repr(edition)]
    for printed in edition.contents:
        parts.append(field_values(printed.article))
        parts.append((printed.source, printed.citation))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def storage_name(issue) -> str:
    """Where the PDF of this version of ``issue`` is kept."""
    return str(
        PurePosixPath(
            STORAGE_DIR, issue.series.slug, f"{issue.pk}-{content_version(issue)}.pdf"
        )
    )


def render_issue_pdf(issue, preview: bool = False) -> bytes:
    """The issue as an A4 PDF; ``preview`` marks every page as a proof
    (样稿 · 预览). ``issue`` should come from
    ``Issue.objects.with_contents()``."""
    weasyprint = load_weasyprint()
    html = render_to_string(TEMPLATE, {"issue": issue, "preview": preview})
    # Nothing is fetched: the stylesheet is passed in and the text is
    # escaped plain text, so no URL can reach the network or the disk.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=())
    if missing_fonts():
        logger.warning(
            "Rendering %s without the preferred fonts %s",
            issue,
            "、".join(missing_fonts()),
        )
    # PDF/UA-1: tagged (headings, paragraphs, lists, reading order) with the
    # title shown and the language declared, for screen readers and reflow.
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[weasyprint.CSS(string=stylesheet(), url_fetcher=fetcher)],
        pdf_variant="pdf/ua-1",
    )


def stored_issue_pdf(issue) -> str:
    """The storage name of the PDF of a published issue, rendered and
    stored first if this version has none yet. Older versions of the same
    issue are deleted."""
    name = storage_name(issue)
    if default_storage.exists(name):
        return name
    saved = default_storage.save(name, ContentFile(render_issue_pdf(issue)))
    if saved != name:
        # Another request stored the same version meanwhile: keep one.
        default_storage.delete(saved)
    folder, current = str(PurePosixPath(name).parent), PurePosixPath(name).name
    for file_name in default_storage.listdir(folder)[1]:
        if file_name.startswith(f"{issue.pk}-") and file_name != current:
            default_storage.delete(f"{folder}/{file_name}")
    return name


def issue_pdf(issue, preview: bool = False) -> File:
    """The PDF of ``issue`` as an open file: the stored one for a
    published issue, a fresh proof for preview."""
    if preview:
        return File(io.BytesIO(render_issue_pdf(issue, preview=True)))
    return default_storage.open(stored_issue_pdf(issue), "rb")


def stored_time(issue) -> datetime.datetime | None:
    """When the PDF of this version of a published issue was stored, or
    None while it is not."""
    name = storage_name(issue)
    if not default_storage.exists(name):
        return None
    return default_storage.get_modified_time(name)


def download_name(issue, suffix: str = ".pdf", preview: bool = False) -> str:
    """学习参考第76期.pdf (or .docx); a proof adds （样稿）."""
    edition = issue.edition
    name = f"{edition.series_name}{edition.number_label}"
    if preview:
        name += f"（{_('Proof')}）"
    return f"{name}{suffix}"


def ascii_download_name(issue, suffix: str = ".pdf", preview: bool = False) -> str:
    """The name for clients that cannot read download_name (RFC 6266
    ``filename=``): the series' address if it is ASCII, the issue's number
    and kind — xuexi-76.pdf, bulletin-2024-3.pdf, bulletin-supplement-1.pdf."""
    slug = issue.series.slug if issue.series.slug.isascii() else "bulletin"
    parts = [slug]
    if issue.number_year:
        parts.append(str(issue.number_year))
    if issue.kind != "regular":
        parts.append(issue.kind)
    parts.append(str(issue.number) if issue.number is not None else f"id{issue.pk}")
    if preview:
        parts.append("proof")
    return "-".join(parts) + suffix
