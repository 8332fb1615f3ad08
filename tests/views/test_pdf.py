"""The PDF edition and the print stylesheet.

The rendering tests set real PDFs with WeasyPrint and read them back with
pdfminer.six; the others replace the renderer with a stub that counts its calls.
"""

import io
import json
import logging
import re
import shutil
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from issues import pdf, workflow
from issues.management.commands.load_sample import SAMPLE_DIR
from issues.models import Issue, Series
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory
from tests.pdf_text import MM, embedded_fonts, read_pdf, rules, squeeze, tagging

# The grid of docs/bulletin-format.md#print-geometry: A4, type area from 37 mm
# below the top edge, 16pt body on a 28.95pt pitch, 22 lines of 28 characters.
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
TYPE_TOP, TYPE_BOTTOM = 37 * MM, (297 - 35) * MM
PITCH = 28.95
MASTHEAD_LINES = 6  # the red rule closes the sixth line
TITLE_LINE = MASTHEAD_LINES + 2  # the title stands two lines below the rule
# Noto CJK puts the ideographic em box 0.88 em above and 0.12 em below the
# baseline; the grid centres that box in its line.
ASCENT = 0.88
DESCENT = 0.12
# The stroke of the em dash of Noto Serif CJK SC (the page numbers' face)
# runs from 0.242 to 0.293 em above the baseline.
DASH_MIDDLE = 0.2675


def grid_baseline(line: int, size: float = 16) -> float:
    """Where the grid puts the baseline of text of ``size`` pt on ``line``
    (from 0) of a page, in pt from the top edge."""
    return TYPE_TOP + line * PITCH + (PITCH - size) / 2 + ASCENT * size


def grid_line(baseline: float, size: float = 16) -> int:
    return round((baseline - grid_baseline(0, size)) / PITCH)


def weasyprint_available() -> bool:
    try:
        pdf.load_weasyprint()
    except pdf.PdfUnavailable:
        return False
    return True


needs_weasyprint = pytest.mark.skipif(
    not weasyprint_available(),
    reason="WeasyPrint cannot load Pango here (.ci/run installs it; see docs/operations.md)",
)
needs_fonts = pytest.mark.skipif(
    bool(pdf.missing_fonts()),
    reason="the layout is measured with the fonts docs/operations.md names",
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def renders(monkeypatch):
    """Replace the renderer with a stub; the list records its calls."""
    calls = []

    def render(issue, preview=False):
        calls.append((issue.pk, preview))
        return b"%PDF-1.7 stub" + (b" proof" if preview else b"")

    monkeypatch.setattr(pdf, "render_issue_pdf", render)
    return calls


def pdf_url(issue):
    return reverse("issues:pdf", kwargs=issue.url_kwargs())


def stored_pdfs(issue):
    folder = f"pdf/{issue.series.slug}"
    if not default_storage.exists(folder):
        return []
    return default_storage.listdir(folder)[1]


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker, tmp_path_factory):
    """Render the sample issue once for this module, as a reader downloads
    it and as an editor previews it with a footer; nothing stays in the
    database."""
    media = tmp_path_factory.mktemp("media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        call_command("load_sample", stdout=io.StringIO())
        issue = Issue.objects.get()
        response = Client().get(pdf_url(issue))
        content = b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response, content


@pytest.fixture(scope="module")
def sample_lines(sample):
    response, content = sample
    assert response.status_code == 200
    return read_pdf(content)


def expected_paragraphs():
    """Every paragraph of the sample, in order, from its source data."""
    expected = SAMPLE_DIR / "xuexi-cankao-76.expected.json"
    article = json.loads(expected.read_text(encoding="utf-8"))["articles"][0]
    return [
        article["title"],
        article["subtitle"],
        article["byline"] + article["paragraphs"][0],
        *article["paragraphs"][1:],
        article["citation"],
    ]


def type_area_text(lines):
    return squeeze(
        "".join(line.text for line in lines if TYPE_TOP < line.baseline < TYPE_BOTTOM)
    )


# Rendering the sample issue.


@needs_weasyprint
def test_sample_pdf_is_a4(sample, sample_lines):
    sizes, _lines = sample_lines
    assert sample[0]["Content-Type"] == "application/pdf"
    assert len(sizes) >= 4
    for width, height in sizes:
        assert width == pytest.approx(PAGE_WIDTH, abs=0.5)
        assert height == pytest.approx(PAGE_HEIGHT, abs=0.5)


@needs_weasyprint
def test_sample_pdf_has_every_paragraph_in_order(sample_lines):
    text = type_area_text(sample_lines[1])
    position = 0
    for paragraph in expected_paragraphs():
        found = text.find(squeeze(paragraph), position)
        assert found >= position, f"missing or out of order: {paragraph[:20]}…"
        position = found + len(squeeze(paragraph))


@needs_weasyprint
def test_sample_pdf_masthead_is_printed(sample_lines):
    text = squeeze(" ".join(line.text for line in sample_lines[1] if line.page == 1))
    for printed in ("学习参考", "第76期", "北京教育科学研究院", "2023年7月23日"):
        assert printed in text
    assert "目录" not in text  # one article: no contents


@needs_weasyprint
def test_sample_pdf_numbers_every_page_outside_one_character_in(sample_lines):
    sizes, lines = sample_lines
    for number in range(1, len(sizes) + 1):
        [folio] = [
            line
            for line in lines
            if line.page == number and line.baseline > TYPE_BOTTOM
        ]
        assert folio.text == f"— {number} —"
        assert folio.size == pytest.approx(14, abs=0.1)
        # The 一字线 7 mm below the type area (GB/T 9704 §7.5).
        dash = folio.baseline - DASH_MIDDLE * folio.size
        assert dash - TYPE_BOTTOM == pytest.approx(7 * MM, abs=0.5 * MM)
        if number % 2:  # odd pages: right, type area ends 26 mm from the edge
            assert folio.x > PAGE_WIDTH / 2
        else:  # even pages: left, one 14pt character in from 26 mm
            assert folio.x == pytest.approx(26 * MM + 14, abs=1 * MM)


@needs_weasyprint
def test_sample_pdf_is_tagged_for_screen_readers(sample):
    tags = tagging(sample[1])
    assert tags.marked and tags.shows_title
    assert (tags.lang, tags.title) == ("zh-CN", "《学习参考》第76期")
    assert tags.tags[0] == "Document"
    # The bulletin's name, the article's title, its paragraphs in order.
    assert tags.tags.count("H1") == 1 and tags.tags.count("H2") == 1
    assert tags.tags.index("H1") < tags.tags.index("H2")
    assert tags.tags.count("P") > len(expected_paragraphs())


@needs_weasyprint
@needs_fonts
def test_sample_pdf_red_rule_is_4_mm_below_the_masthead(sample, sample_lines):
    [rule] = [rule for rule in rules(sample[1]) if rule.color == (1, 0, 0)]
    assert rule.page == 1
    assert (rule.x, rule.x1) == (
        pytest.approx(28 * MM, abs=0.5),
        pytest.approx((28 + 156) * MM, abs=0.5),
    )
    assert rule.thickness == pytest.approx(1.5, abs=0.1)
    # GB/T 9704 §7.2.5: from the lower edge of the characters of the line
    # above (the office and date) to the middle of the rule.
    [line] = [line for line in sample_lines[1] if "办公室2023年7月23日" in line.text]
    assert rule.middle - (line.baseline + DESCENT * line.size) == pytest.approx(
        4 * MM, abs=0.5 * MM
    )
    # Below it, the grid: the title two lines down.
    assert grid_line(line.baseline) == MASTHEAD_LINES - 1


@needs_weasyprint
def test_sample_pdf_embeds_its_fonts(sample):
    fonts = embedded_fonts(sample[1])
    assert fonts
    assert all(fonts.values()), fonts


@needs_weasyprint
@needs_fonts
def test_sample_pdf_is_set_in_the_free_fonts(sample, sample_lines):
    # Embedded subsets are named ABCDEF+PostScriptName.
    fonts = {name.partition("+")[2] for name in embedded_fonts(sample[1])}
    assert {
        "FandolFang",  # 仿宋: body, masthead number and date
        "Noto-Serif-CJK-SC",  # 宋体: page numbers; 劼, which FandolFang lacks
        "Noto-Serif-CJK-SC-Bold",  # 小标宋-like: banner, name, title
        "LXGW-WenKai",  # 楷体: subtitle
    } <= fonts
    lines = sample_lines[1]
    faces = {line.font.partition("+")[2] for line in lines if round(line.size) == 16}
    assert "FandolFang" in faces and not faces & {"Noto-Serif-CJK-SC"}
    titles = {line.font.partition("+")[2] for line in lines if line.size > 21}
    assert titles == {"Noto-Serif-CJK-SC-Bold"}


@needs_weasyprint
@needs_fonts
def test_sample_pdf_first_body_line_is_on_the_grid(sample_lines):
    lines = [line for line in sample_lines[1] if line.page == 1]
    title = [line for line in lines if line.size == pytest.approx(22, abs=0.1)]
    # Broken by meaning (articles.text.title_lines), each line centred.
    assert [line.text for line in title] == [
        "北京市党政代表团赴内蒙古自治区",
        "对接东西部协作工作",
        "共同谱写携手奋进中国式现代化的京蒙篇章",
    ]
    for line in title:
        middle = (line.x + line.x1) / 2
        assert middle == pytest.approx(28 * MM + 78 * MM, abs=0.5 * MM)
    assert [grid_line(line.baseline, 22) for line in title] == list(
        range(TITLE_LINE, TITLE_LINE + len(title))
    )
    for line in title:
        assert line.baseline == pytest.approx(
            grid_baseline(grid_line(line.baseline, 22), 22), abs=1 * MM
        )
    first = next(line for line in lines if line.text.startswith("本报讯"))
    # The subtitle takes the line after the title; the body the next one.
    expected = grid_baseline(TITLE_LINE + len(title) + 1)
    assert first.baseline == pytest.approx(expected, abs=1 * MM)
    assert first.x == pytest.approx(28 * MM + 31.6, abs=1 * MM)  # indent


@needs_weasyprint
@needs_fonts
def test_sample_pdf_sets_22_lines_of_28_characters(sample_lines):
    body = [
        line
        for line in sample_lines[1]
        if line.page == 2 and TYPE_TOP < line.baseline < TYPE_BOTTOM
    ]
    assert [grid_line(line.baseline) for line in body] == list(range(22))
    for line in body:
        assert line.baseline == pytest.approx(
            grid_baseline(grid_line(line.baseline)), abs=1 * MM
        )
    # A full line of Chinese only (digits are narrower) holds 28 characters:
    # the longest and the most common length; paragraph ends are shorter.
    chinese = [
        len(line.text) for line in body if not re.search(r"[0-9A-Za-z]", line.text)
    ]
    assert Counter(chinese).most_common(1)[0][0] == 28
    assert max(chinese) == 28


# Justified lines: each line but a paragraph's last reaches the right edge of
# the type area, as in a bulletin set in Word, while line-break rules keep
# closing punctuation off the start of a line and opening punctuation off its
# end, and keep numbers, words, —— and …… whole.
NO_LINE_START = "，。、；：？！）》”’」』】〕%"
NO_LINE_END = "（《“‘「『【〔"
# Pieces that make a line break early when they meet the end of a line.
AWKWARD = ("5G", "GDP", "ChatGPT", "2023年", "12.5%", "“数字北京”", "《人民日报》")
AWKWARD += ("（试行）", "……", "——", "，", "。", "、", "10个")


def type_area_left(page: int) -> float:
    return (28 if page % 2 else 26) * MM


def paragraphs(lines) -> list[list]:
    """The body paragraphs of a PDF as lists of lines, across page breaks:
    a paragraph opens with a line indented two characters and goes on with
    lines that start at the left edge of the type area; any other line in
    the type area (title, centred or flush-right line, other size) closes
    it."""
    found, current = [], None
    for line in lines:
        if not TYPE_TOP < line.baseline < TYPE_BOTTOM:
            continue  # page numbers and proof marks
        left = type_area_left(line.page)
        body = round(line.size) == 16
        if body and line.x == pytest.approx(left + 31.6, abs=1):
            current = [line]
            found.append(current)
        elif body and current and line.x == pytest.approx(left, abs=1):
            current.append(line)
        else:
            current = None
    return found


def assert_justified(lines) -> int:
    """Check every non-final line of every paragraph; return their number."""
    checked = 0
    for paragraph in paragraphs(lines):
        for line in paragraph[:-1]:
            right = type_area_left(line.page) + 156 * MM
            assert line.x1 == pytest.approx(right, abs=0.5 * MM), line
            checked += 1
        for line, following in pairwise(paragraph):
            assert following.text[0] not in NO_LINE_START, following
            assert line.text[-1] not in NO_LINE_END, line
            joint = line.text[-1] + following.text[0]
            assert joint not in ("——", "……"), joint
            assert not re.fullmatch(r"[0-9A-Za-z.%]{2}", joint), joint
    return checked


@needs_weasyprint
@needs_fonts
def test_sample_pdf_justifies_every_line_but_the_last(sample_lines):
    assert assert_justified(sample_lines[1]) > 80


def awkward_paragraphs() -> list[str]:
    """The sample's paragraphs with the pieces of AWKWARD dropped in every
    20 to 26 characters, so that they meet line ends all along the line."""
    expected = SAMPLE_DIR / "xuexi-cankao-76.expected.json"
    article = json.loads(expected.read_text(encoding="utf-8"))["articles"][0]
    pieces = iter(AWKWARD * 100)
    result = []
    for number, paragraph in enumerate(article["paragraphs"][1:]):
        step = 20 + number % 7
        chunks = [paragraph[i : i + step] for i in range(0, len(paragraph), step)]
        result.append("".join(chunk + next(pieces) for chunk in chunks[:-1]))
        result[-1] += chunks[-1]
    return result


@pytest.mark.slow
@needs_weasyprint
@needs_fonts
def test_awkward_line_ends_are_justified_on_the_grid(client):
    issue = IssueFactory(series=SeriesFactory(name="学习参考"), published=True)
    ArticleFactory(issue=issue, position=1, body="\n\n".join(awkward_paragraphs()))
    response = client.get(pdf_url(issue))
    sizes, lines = read_pdf(b"".join(response.streaming_content))
    assert len(sizes) >= 3
    assert assert_justified(lines) > 100
    # The grid holds: 22 lines on every full page, each on its place.
    for page in range(2, len(sizes)):
        body = [
            line
            for line in lines
            if line.page == page and TYPE_TOP < line.baseline < TYPE_BOTTOM
        ]
        assert [grid_line(line.baseline) for line in body] == list(range(22))
        for line in body:
            assert line.baseline == pytest.approx(
                grid_baseline(grid_line(line.baseline)), abs=1 * MM
            )


# Visibility, caching and failures, with the renderer stubbed.


def test_published_pdf_is_a_download_with_a_chinese_name(client, renders):
    series = SeriesFactory(name="学习参考")
    issue = IssueFactory(series=series, number=76, published=True)
    ArticleFactory(issue=issue, position=1)
    response = client.get(pdf_url(issue))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Both names of RFC 6266: UTF-8 for browsers, ASCII for older clients.
    assert response["Content-Disposition"] == (
        'attachment; filename="bulletin-76.pdf"; '
        "filename*=utf-8''" + quote("学习参考第76期.pdf")
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.7 stub"
    assert renders == [(issue.pk, False)]


@pytest.mark.parametrize("state", ["draft", "in_review", "approved", "withdrawn"])
def test_unpublished_issues_have_no_public_pdf(client, renders, state):
    traits = {} if state == "draft" else {state: True}
    issue = IssueFactory(number=76, **traits)
    assert client.get(pdf_url(issue)).status_code == 404
    assert renders == []


def test_internal_series_pdf_needs_a_login(client_as, client, reader, renders):
    series = SeriesFactory(visibility=Series.Visibility.INTERNAL)
    issue = IssueFactory(series=series, published=True)
    response = client.get(pdf_url(issue))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert renders == []
    assert client_as(reader).get(pdf_url(issue)).status_code == 200


def test_pdf_is_rendered_once_per_version(client, renders, published_issue):
    client.get(pdf_url(published_issue))
    response = client.get(pdf_url(published_issue))
    assert response.status_code == 200
    assert len(renders) == 1
    [first] = stored_pdfs(published_issue)
    assert first.startswith(f"{published_issue.pk}-")

    # A correction reaches the PDF: it is rendered anew and the old one goes.
    Article.objects.filter(issue=published_issue).update(title="更正后的标题")
    client.get(pdf_url(published_issue))
    assert len(renders) == 2
    [second] = stored_pdfs(published_issue)
    assert second != first


def test_ascii_names_tell_series_year_kind_and_number(renders):
    yearly = SeriesFactory(name="工作简报", slug="gzjb", numbering="yearly")
    cases = [
        (IssueFactory(series=yearly, number=3, published=True), "gzjb-2023-3.pdf"),
        (
            IssueFactory(number=1, kind="supplement", published=True),
            "bulletin-supplement-1.pdf",
        ),
    ]
    for issue, name in cases:
        assert pdf.ascii_download_name(issue) == name


def test_pdf_answers_conditional_requests(client, renders, published_issue):
    url = pdf_url(published_issue)
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    loaded = Issue.objects.with_contents().get(pk=published_issue.pk)
    assert etag == f'"{pdf.content_version(loaded)}"'
    assert first["Cache-Control"] == "max-age=0, must-revalidate, public"
    # Revalidation costs neither a rendering nor the file.
    for headers in (
        {"HTTP_IF_NONE_MATCH": etag},
        {"HTTP_IF_MODIFIED_SINCE": modified},
    ):
        again = client.get(url, **headers)
        assert again.status_code == 304
        assert (again["ETag"], again["Last-Modified"]) == (etag, modified)
        assert not again.content
    assert len(renders) == 1
    # A correction changes the ETag: the old one gets the new PDF.
    Article.objects.filter(issue=published_issue).update(title="更正后的标题")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert len(renders) == 2


def test_internal_series_pdf_is_cached_privately(client_as, reader, renders):
    series = SeriesFactory(visibility=Series.Visibility.INTERNAL)
    issue = IssueFactory(series=series, published=True)
    response = client_as(reader).get(pdf_url(issue))
    assert response["Cache-Control"] == "max-age=0, must-revalidate, private"
    assert "ETag" in response and "Last-Modified" in response


def test_stored_pdf_is_served_in_two_queries(
    client, renders, published_issue, django_assert_max_num_queries
):
    client.get(pdf_url(published_issue))
    with django_assert_max_num_queries(2):
        response = client.get(pdf_url(published_issue))
    assert response.status_code == 200
    assert len(renders) == 1


def test_series_change_renders_the_pdf_anew(client, renders, published_issue):
    client.get(pdf_url(published_issue))
    Series.objects.filter(pk=published_issue.series_id).update(office="新的主办单位")
    client.get(pdf_url(published_issue))
    assert len(renders) == 2


def test_preview_pdf_is_for_staff_only(client_as, reader, editor, draft_issue, renders):
    url = reverse("issues:preview-pdf", args=[draft_issue.pk])
    assert client_as(reader).get(url).status_code == 404
    assert renders == []

    response = client_as(editor).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-cache" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith(
        'inline; filename="bulletin-76-proof.pdf"; filename*=utf-8'
    )
    assert quote("（样稿）.pdf") in response["Content-Disposition"]
    assert b"".join(response.streaming_content).endswith(b"proof")
    assert renders == [(draft_issue.pk, True)]
    assert stored_pdfs(draft_issue) == []  # proofs are never kept

    client_as(editor).get(url)
    assert len(renders) == 2


def test_preview_pdf_sends_visitors_to_the_login(client, draft_issue, renders):
    response = client.get(reverse("issues:preview-pdf", args=[draft_issue.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_missing_weasyprint_gives_a_chinese_503(
    client, client_as, editor, published_issue, monkeypatch, caplog
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails
    with caplog.at_level(logging.ERROR, logger="issues.pdf"):
        response = client.get(pdf_url(published_issue))
    assert response.status_code == 503
    assertContains(response, "暂时无法生成", status_code=503)
    assertContains(response, "Pango", status_code=503)
    assertContains(response, published_issue.get_absolute_url(), status_code=503)
    assert "PDF rendering is unavailable" in caplog.text
    assert stored_pdfs(published_issue) == []

    preview = client_as(editor).get(
        reverse("issues:preview-pdf", args=[published_issue.pk])
    )
    assert preview.status_code == 503


# The issue page, the print stylesheet and the fonts.


def test_issue_page_links_print_css_and_the_pdf(client, published_issue):
    response = client.get(published_issue.get_absolute_url())
    assertContains(
        response, '<link rel="stylesheet" href="/static/css/print.css" media="print">'
    )
    assertContains(response, f'href="{pdf_url(published_issue)}"')
    assertContains(response, "下载PDF")


def test_print_css_hides_navigation_and_sets_a4():
    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    hidden = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if re.search(r"display:\s*none", body):
            hidden |= {selector.strip() for selector in selectors.split(",")}
    assert {".site-header", ".skip-link", ".toc", ".pager", ".issue-actions"} <= hidden
    assert "size: A4" in css
    assert "var(" not in css and "calc(" not in css


def test_staff_are_told_which_fonts_to_install(
    client, client_as, editor, published_issue, monkeypatch
):
    monkeypatch.setattr(
        pdf, "missing_fonts", lambda: ("Noto Serif CJK SC（fonts-noto-cjk）",)
    )
    preview = reverse("issues:preview", args=[published_issue.pk])
    response = client_as(editor).get(preview)
    assertContains(response, "请安装：Noto Serif CJK SC（fonts-noto-cjk）")
    # The public page is cached for every reader alike: it says nothing.
    response = client.get(published_issue.get_absolute_url())
    assertNotContains(response, "fonts-noto-cjk")


def test_preview_page_links_the_proof_pdf(client_as, editor, draft_issue):
    response = client_as(editor).get(reverse("issues:preview", args=[draft_issue.pk]))
    assertContains(response, reverse("issues:preview-pdf", args=[draft_issue.pk]))


def test_admin_links_the_proof_pdf(client_as, editor, draft_issue):
    response = client_as(editor).get(
        reverse("admin:issues_issue_change", args=[draft_issue.pk])
    )
    assertContains(response, reverse("issues:preview-pdf", args=[draft_issue.pk]))
    assertContains(response, "PDF样稿")


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig")
@needs_fonts
@pytest.mark.parametrize(
    ("office_name", "free_font"),
    [
        ("仿宋_GB2312", "FandolFang"),
        ("FangSong", "FandolFang"),
        ("宋体", "Noto Serif CJK SC"),
        ("方正小标宋简体", "Noto Serif CJK SC"),
        ("楷体_GB2312", "LXGW WenKai"),
        ("黑体", "Noto Sans CJK SC"),
    ],
)
def test_font_aliases_resolve_office_names(office_name, free_font):
    matched = subprocess.run(
        ["fc-match", "--format", "%{family}", office_name],
        capture_output=True,
        text=True,
        check=True,
        env={"FONTCONFIG_FILE": str(pdf.FONTCONFIG_FILE)},
    ).stdout
    assert free_font in matched.split(",")


# Slow: further real renderings.


@pytest.fixture
def proof_with_footer(client_as, db):
    call_command("load_sample", stdout=io.StringIO())
    people = get_user_model().objects.in_bulk(
        ["editor", "reviewer", "publisher"], field_name="username"
    )
    issue = Issue.objects.get()
    # Published issues print their record: correct it the way an office does.
    workflow.withdraw(issue, by=people["publisher"], comment="补印发范围")
    workflow.reopen(issue, by=people["publisher"])
    Series.objects.update(show_signatures=True)
    Issue.objects.update(
        report_to="市委宣传部",
        copy_to="各区委教育工委",
        distribute_to="院属各部门",
        print_run=40,
    )
    workflow.submit(issue, by=people["editor"])
    workflow.approve(issue, by=people["reviewer"])
    workflow.publish(issue, by=people["publisher"])
    response = client_as(people["editor"]).get(
        reverse("issues:preview-pdf", args=[issue.pk])
    )
    assert response.status_code == 200
    return read_pdf(b"".join(response.streaming_content))


@pytest.mark.slow
@needs_weasyprint
def test_proof_is_marked_on_every_page(proof_with_footer):
    sizes, lines = proof_with_footer
    for number in range(1, len(sizes) + 1):
        marks = [
            line.text
            for line in lines
            if line.page == number and line.baseline < TYPE_TOP
        ]
        assert any("样稿" in mark and "预览" in mark for mark in marks), number


@pytest.mark.slow
@needs_weasyprint
@needs_fonts
def test_footer_closes_the_last_page(proof_with_footer):
    sizes, lines = proof_with_footer
    last = len(sizes)
    footer = [line for line in lines if line.text.startswith(("报：", "送：", "发："))]
    assert [line.page for line in footer] == [last] * 3
    signatures = [line for line in lines if "签发：王志刚" in line.text]
    assert [line.page for line in signatures] == [last]
    assert "编辑：张晓梅" in signatures[0].text and "审核：李文华" in signatures[0].text
    # The print run closes the line, one character in from the type area.
    assert signatures[0].text.endswith("（共印40份）")
    right = (28 if last % 2 else 26) * MM + 156 * MM
    assert signatures[0].x1 == pytest.approx(right - 14, abs=1 * MM)
    # Its last line is the last line of the type area.
    assert signatures[0].baseline == pytest.approx(grid_baseline(21, 14), abs=2 * MM)
    assert signatures[0].size == pytest.approx(14, abs=0.1)


@pytest.mark.slow
@needs_weasyprint
@needs_fonts
def test_headings_editors_note_and_mark_keep_the_grid(client):
    series = SeriesFactory(
        name="学习参考", visibility=Series.Visibility.PUBLIC, handling_mark="内部参阅"
    )
    issue = IssueFactory(
        series=series, number=77, published=True, editors_note="本期刊发两篇文章。"
    )
    ArticleFactory(
        issue=issue,
        position=1,
        title="第一篇",
        body="一、总体要求\n\n（一）指导思想\n\n1.坚持原则\n\n（1）具体要求\n\n正文段落。",
    )
    ArticleFactory(issue=issue, position=2, title="第二篇")
    response = client.get(pdf_url(issue))
    _sizes, lines = read_pdf(b"".join(response.streaming_content))
    page = [line for line in lines if line.page == 1]
    by_text = {line.text: line for line in page}
    assert grid_line(by_text["内部参阅"].baseline) == 0  # handling mark on top
    assert by_text["内部参阅"].x == pytest.approx(28 * MM, abs=1 * MM)
    # Editor's note two lines below the rule; the contents one line later
    # (目录 and an entry per article), then the first title after a blank line.
    note = next(line for line in page if line.text.startswith("【编者按】"))
    assert grid_line(note.baseline) == TITLE_LINE
    assert grid_line(by_text["目录"].baseline) == TITLE_LINE + 2
    assert grid_line(by_text["第一篇"].baseline, 22) == TITLE_LINE + 6
    fonts = {line.text: line.font for line in page}
    assert "Sans" in fonts["一、总体要求"]  # 黑体
    assert "WenKai" in fonts["（一）指导思想"]  # 楷体
    assert (
        "FandolFang" in fonts["1.坚持原则"] and "FandolFang" in fonts["（1）具体要求"]
    )
    for line in page:
        if TYPE_TOP < line.baseline < TYPE_BOTTOM and line.size == 16:
            assert line.baseline == pytest.approx(
                grid_baseline(grid_line(line.baseline)), abs=1 * MM
            )


@pytest.mark.slow
@needs_weasyprint
@needs_fonts
def test_reporter_line_stands_alone_and_a_dateline_runs_in(client):
    issue = IssueFactory(number=78, published=True)
    ArticleFactory(
        issue=issue,
        position=1,
        title="第一篇",
        byline="本报记者 祁梦竹",
        body="两地签署协议。",
    )
    ArticleFactory(
        issue=issue,
        position=2,
        title="第二篇",
        byline="新华社北京7月4日电",
        body="国务院召开常务会议。",
    )
    response = client.get(pdf_url(issue))
    _sizes, lines = read_pdf(b"".join(response.streaming_content))
    by_text = {line.text: line for line in lines}
    reporter, first = by_text["本报记者 祁梦竹"], by_text["两地签署协议。"]
    # Its own line, centred in the type area, in 楷体, the text on the next.
    centre = (reporter.x + reporter.x1) / 2
    page_left = (28 if reporter.page % 2 else 26) * MM
    assert centre == pytest.approx(page_left + 78 * MM, abs=2 * MM)
    assert "WenKai" in reporter.font
    assert grid_line(first.baseline) == grid_line(reporter.baseline) + 1
    assert squeeze("新华社北京7月4日电国务院召开常务会议。") in squeeze(
        "".join(line.text for line in lines)
    )


def test_contents_give_each_article_its_page(client):
    issue = IssueFactory(series=SeriesFactory(name="学习参考"), published=True)
    long_body = "\n\n".join(expected_paragraphs()[3:])
    titles = ["共同谱写京蒙篇章", "深化东西部协作", "巩固拓展脱贫攻坚成果"]
    for position, title in enumerate(titles, 1):
        ArticleFactory(issue=issue, position=position, title=title, body=long_body)
    response = client.get(pdf_url(issue))
    _sizes, lines = read_pdf(b"".join(response.streaming_content))
    first = [line for line in lines if line.page == 1]
    heading = next(line for line in first if line.text == "目录")
    entries = [
        re.fullmatch(r"(.+?)\.{3,}(\d+)", line.text)
        for line in first
        if heading.baseline < line.baseline and round(line.size) == 16
    ][: len(titles)]
    printed = {
        line.text: line.page
        for line in lines
        if line.size == pytest.approx(22, abs=0.1)
    }
    assert len(set(printed.values())) == 3  # on pages of their own
    assert [(entry[1], int(entry[2])) for entry in entries] == [
        (title, printed[title]) for title in titles
    ]
