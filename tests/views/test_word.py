"""The Word edition: the file itself (read back with python-docx and the
importer), its download, and — slow — what LibreOffice makes of it."""

import io
import json
import os
import shutil
import subprocess
from urllib.parse import quote

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.oxml.ns import qn
from docx.shared import Pt
from pytest_django.asserts import assertContains

from articles.models import Article
from issues import edition, pdf
from issues.importing.recogniser import recognise_file
from issues.management.commands.load_sample import SAMPLE_DIR
from issues.models import Issue, Series
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory
from tests.pdf_text import MM, read_pdf, rules, squeeze

pytestmark = pytest.mark.django_db

EXPECTED = json.loads(
    (SAMPLE_DIR / "xuexi-cankao-76.expected.json").read_text(encoding="utf-8")
)


def docx_url(issue):
    return reverse("issues:docx", kwargs=issue.url_kwargs())


@pytest.fixture
def sample(client):
    """The sample issue with a footer, and its Word file as a reader
    downloads it."""
    call_command("load_sample", stdout=io.StringIO())
    Issue.objects.update(report_to="市委宣传部", copy_to="各区委教育工委", print_run=40)
    issue = Issue.objects.get()
    # As if the footer had been filled in before sign-off: the record the
    # published issue prints from is taken again.
    Issue.objects.filter(pk=issue.pk).update(record=edition.capture(issue))
    issue.refresh_from_db()
    response = client.get(docx_url(issue))
    assert response.status_code == 200
    return issue, b"".join(response.streaming_content)


def test_word_file_reimports_to_the_same_issue(sample):
    _issue, data = sample
    found = recognise_file(data, "学习参考第76期.docx")
    assert found.to_json() == EXPECTED
    # The 版记 is read and set aside, as in any imported bulletin.
    assert any("市委宣传部" in line for line in found.dropped)


def test_word_file_has_the_official_geometry(sample):
    document = docx.Document(io.BytesIO(sample[1]))
    section = document.sections[0]
    # Word keeps lengths in twentieths of a point: equal to 0.01 mm.
    measured = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]
    settings = document.settings.element
    assert settings.find(qn("w:mirrorMargins")) is not None  # inside 28 mm
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.95)
    body = document.styles["Bulletin Body"]
    assert body.paragraph_format.first_line_indent == Pt(31.5)


def east_asian_fonts(document) -> set[str]:
    section = document.sections[0]
    parts = (document.element, document.styles.element, section.footer._element)
    return {
        fonts.get(qn("w:eastAsia"))
        for part in parts
        for fonts in part.iter(qn("w:rFonts"))
        if fonts.get(qn("w:eastAsia"))
    }


def test_word_file_names_the_office_fonts_and_prints_red(sample):
    document = docx.Document(io.BytesIO(sample[1]))
    assert {"仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体", "宋体"} <= (
        east_asian_fonts(document)
    )
    name = next(p for p in document.paragraphs if p.text == "学习参考")
    assert str(name.runs[0].font.color.rgb) == "FF0000"
    rule = next(p for p in document.paragraphs if "2023年7月23日" in p.text)
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    title = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert title.text == EXPECTED["articles"][0]["title"].replace(" ", "\n")


def test_word_file_numbers_pages_on_the_outer_side(sample):
    document = docx.Document(io.BytesIO(sample[1]))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        [line] = footer.paragraphs
        assert line.alignment == getattr(
            docx.enum.text.WD_ALIGN_PARAGRAPH, side.upper()
        )
        [field] = line._p.findall(qn("w:fldSimple"))
        assert field.get(qn("w:instr")) == "PAGE"
        assert "".join(text.text for text in line._p.iter(qn("w:t"))) == "— 1 —"


def test_word_footer_is_a_table_between_rules(sample):
    document = docx.Document(io.BytesIO(sample[1]))
    [table] = document.tables
    assert [row.cells[0].text for row in table.rows] == [
        "报：市委宣传部",
        "送：各区委教育工委",
        "\t（共印40份）",
    ]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert [edge.tag.split("}")[1] for edge in borders] == ["top", "bottom", "insideH"]


# The download.


def test_word_download_beside_the_pdf(client, published_issue):
    page = client.get(published_issue.get_absolute_url())
    assertContains(page, f'href="{docx_url(published_issue)}"')
    assertContains(page, "下载Word")
    response = client.get(docx_url(published_issue))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    name = f"{published_issue.series.name}第75期.docx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"bulletin-75.docx\"; filename*=utf-8''{quote(name)}"
    )


def test_word_download_revalidates(client, published_issue):
    url = docx_url(published_issue)
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "max-age=0, must-revalidate, public"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    Article.objects.filter(issue=published_issue).update(title="更正后的标题")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize("state", ["draft", "approved", "withdrawn"])
def test_unpublished_issues_have_no_word_file(client, state):
    traits = {} if state == "draft" else {state: True}
    issue = IssueFactory(number=76, **traits)
    assert client.get(docx_url(issue)).status_code == 404


def test_internal_series_word_file_needs_a_login(client, client_as, reader):
    series = SeriesFactory(visibility=Series.Visibility.INTERNAL)
    issue = IssueFactory(series=series, published=True)
    ArticleFactory(issue=issue, position=1)
    assert client.get(docx_url(issue)).status_code == 302
    response = client_as(reader).get(docx_url(issue))
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, must-revalidate, private"


# Slow: LibreOffice turns the file into a PDF, as an office would print it.


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_prints_the_word_file_like_the_pdf(sample, tmp_path):
    source = tmp_path / "issue.docx"
    source.write_bytes(sample[1])
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp_path, source],
        check=True,
        capture_output=True,
        timeout=120,
        # The office font names reach the free fonts through the aliases.
        env={
            **os.environ,
            "HOME": str(tmp_path),
            "FONTCONFIG_FILE": str(pdf.FONTCONFIG_FILE),
        },
    )
    data = (tmp_path / "issue.pdf").read_bytes()
    sizes, lines = read_pdf(data)
    for width, height in sizes:
        assert (width, height) == (
            pytest.approx(210 * MM, abs=0.5),
            pytest.approx(297 * MM, abs=0.5),
        )
    body = [line for line in lines if 37 * MM < line.baseline < (297 - 35) * MM]
    article = EXPECTED["articles"][0]
    text = squeeze("".join(line.text for line in body))
    expected = squeeze(
        "".join(
            [
                article["title"],
                article["subtitle"],
                article["byline"],
                *article["paragraphs"],
                article["citation"],
            ]
        )
    )
    assert expected in text
    for line in body:
        if round(line.size) == 16:
            # Inside the type area, 28 mm from the edge on odd pages (the
            # binding side) and 26 mm on even ones.
            left = (28 if line.page % 2 else 26) * MM
            assert line.x >= left - 0.5 * MM
            assert line.x1 <= left + 156 * MM + 0.5 * MM
    full_pages = range(2, len(sizes))
    for page in full_pages:
        assert len([line for line in body if line.page == page]) == 22
    # The red rule across the type area of page 1 (LibreOffice may stroke
    # it twice).
    red = {
        (rule.page, round(rule.x), round(rule.x1))
        for rule in rules(data)
        if rule.color == (1, 0, 0)
    }
    assert red == {(1, round(28 * MM), round((28 + 156) * MM))}
