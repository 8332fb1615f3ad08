"""A published issue is a fixed record: what it printed when it was signed
off is what every reading surface shows, whatever happens to its series,
its sources or the accounts that signed it afterwards."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Source
from issues import pdf, workflow
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, SourceFactory
from tests.pdf_text import read_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def series():
    return SeriesFactory(
        name="学习参考",
        slug="学习参考",
        banner="学习贯彻习近平新时代中国特色社会主义思想主题教育",
        office="北京教育科学研究院主题教育领导小组办公室",
        handling_mark="内部参阅",
        show_signatures=True,
    )


def compile_issue(series, number=None, sources=("北京日报", "人民日报")):
    """A draft of two articles from two sources, footer filled in."""
    issue = IssueFactory(
        series=series,
        number=number,
        issue_date=None,
        total_number=120,
        report_to="市委教育工委",
        copy_to="各区委教育工委",
        distribute_to="院属各部门",
        print_run=40,
    )
    ArticleFactory(
        issue=issue,
        position=1,
        title="共同谱写携手奋进中国式现代化的京蒙篇章",
        source=SourceFactory(name=sources[0]),
    )
    ArticleFactory(
        issue=issue,
        position=2,
        title="以学铸魂 以学增智",
        byline="",
        body="开展主题教育，要坚持学思用贯通、知信行统一。\n\n要在以学铸魂上下功夫。",
        source=SourceFactory(name=sources[1]),
        source_page="第9版",
    )
    return issue


def sign_off(issue, editor, reviewer, publisher):
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer)
    workflow.publish(issue, by=publisher)
    issue.refresh_from_db()
    return issue


@pytest.fixture
def published(series, editor, reviewer, publisher):
    return sign_off(compile_issue(series), editor, reviewer, publisher)


def edit_series_and_sources(series):
    """What an editor may change after the issue went out."""
    series.name = "学习参阅"
    series.banner = "深入学习贯彻党的二十大精神"
    series.office = "北京教育科学研究院办公室"
    series.handling_mark = "内部资料　注意保存"
    series.save()
    for source in Source.objects.all():
        source.name = f"{source.name}社"
        source.save()


def fresh(client, url, **extra):
    """The page as rendered now, never an answer kept in the page cache."""
    cache.clear()
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content


SEARCH_FORM = re.compile(rb'<form class="filters search-filters".*?</form>', re.S)


def search_results(client, words):
    """The search page without its filter form: the form offers the series
    and sources to filter by under their names of today."""
    page = fresh(client, reverse("issues:search"), query_params={"q": words})
    assert SEARCH_FORM.search(page)
    return SEARCH_FORM.sub(b"", page)


def feed_entries(content):
    return re.findall(rb"<entry>.*?</entry>", content, re.S)


def reading_surfaces(client, issue):
    article = issue.articles.get(position=2)
    return {
        "issue page": fresh(client, issue.get_absolute_url()),
        "article page": fresh(client, article.get_absolute_url()),
        "feed": fresh(client, reverse("issues:feed")),
        "series feed entries": feed_entries(
            fresh(client, reverse("issues:series-feed", args=[issue.series.slug]))
        ),
        "search results": search_results(client, "学思用贯通"),
        "sitemap": fresh(client, reverse("issues:sitemap")),
    }


def pdf_lines(issue):
    """The text of a PDF rendered now from the issue as the PDF view loads
    it (not the stored file), line by line."""
    loaded = Issue.objects.with_contents().get(pk=issue.pk)
    return [line.text for line in read_pdf(pdf.render_issue_pdf(loaded))[1]]


def test_sign_off_records_what_the_issue_prints(published, editor, reviewer):
    record = published.record
    assert record["series_name"] == "学习参考"
    assert record["banner"] == "学习贯彻习近平新时代中国特色社会主义思想主题教育"
    assert record["office"] == "北京教育科学研究院主题教育领导小组办公室"
    assert record["marking"] == "内部参阅"
    assert (record["kind"], record["number"], record["number_label"]) == (
        "regular",
        published.number,
        f"第{published.number}期",
    )
    assert record["total_label"] == "（总第120期）"
    assert record["date_label"] == published.masthead_date_label
    assert (record["report_to"], record["print_run"]) == ("市委教育工委", 40)
    assert record["signatures"] == [
        ["编辑", editor.first_name],
        ["审核", reviewer.first_name],
        ["签发", published.published_by.first_name],
    ]
    assert record["signed_off_at"] == published.published_at.isoformat()
    second = published.articles.get(position=2)
    assert record["articles"][str(second.pk)] == {
        "source": "人民日报",
        "citation": "选自《人民日报》（2023年7月23日第9版）",
    }


def test_editing_series_and_sources_leaves_published_pages_as_they_were(
    client, published, series
):
    before = reading_surfaces(client, published)
    assert "选自《人民日报》".encode() in before["issue page"]
    assert "内部参阅".encode() in before["issue page"]
    edit_series_and_sources(series)
    after = reading_surfaces(client, published)
    for surface, content in before.items():
        assert after[surface] == content, surface


def test_editing_series_and_sources_changes_drafts(
    client_as, editor, published, series
):
    edit_series_and_sources(series)
    draft = compile_issue(series, published.number + 1, ("北京日报社", "人民日报社"))
    page = fresh(client_as(editor), reverse("issues:preview", args=[draft.pk]))
    text = page.decode()
    for now in ("学习参阅", "深入学习贯彻党的二十大精神", "北京教育科学研究院办公室"):
        assert now in text
    assert "内部资料　注意保存" in text
    assert "选自《人民日报社》" in text
    assert "选自《人民日报》" not in text


def test_the_series_archive_and_feed_describe_the_series_as_it_is(
    client, published, series
):
    edit_series_and_sources(series)
    archive = fresh(client, series.get_absolute_url()).decode()
    assert "北京教育科学研究院办公室" in archive
    assert "人民日报社" in archive  # the source filter
    feed = fresh(client, reverse("issues:series-feed", args=[series.slug])).decode()
    assert "<title>学习参阅</title>" in feed
    assert "<title>《学习参考》" in feed  # the entry, as published


@pytest.mark.slow
def test_the_pdf_prints_the_record(client, published, series):
    url = reverse("issues:pdf", kwargs=published.url_kwargs())
    stored = pdf.storage_name(Issue.objects.with_contents().get(pk=published.pk))
    download = b"".join(client.get(url).streaming_content)
    lines = pdf_lines(published)
    assert "内部参阅" in lines
    assert any("选自《人民日报》" in line for line in lines)
    edit_series_and_sources(series)
    assert pdf.storage_name(Issue.objects.with_contents().get(pk=published.pk)) == (
        stored
    )
    assert pdf_lines(published) == lines
    assert b"".join(client.get(url).streaming_content) == download


def test_a_renamed_signatory_stays_on_the_published_footer(client, published, editor):
    before = fresh(client, published.get_absolute_url())
    assert f"编辑：{editor.first_name}".encode() in before
    editor.first_name = "张晓"
    editor.save()
    assert fresh(client, published.get_absolute_url()) == before


def test_republishing_after_withdrawal_records_afresh(
    client, client_as, published, series, editor, reviewer, publisher
):
    edit_series_and_sources(series)
    workflow.withdraw(published, by=publisher, comment="更正出处")
    preview = reverse("issues:preview", args=[published.pk])
    # Withdrawn, it still reads as it was published ...
    assert "北京教育科学研究院主题教育领导小组办公室" in (
        fresh(client_as(editor), preview).decode()
    )
    workflow.reopen(published, by=publisher)
    published.refresh_from_db()
    assert published.record == {}
    # ... reopened, it is a draft showing its series and sources as they are.
    assert "北京教育科学研究院办公室" in fresh(client_as(editor), preview).decode()
    client.logout()
    sign_off(published, editor, reviewer, publisher)
    assert published.record["office"] == "北京教育科学研究院办公室"
    page = fresh(client, published.get_absolute_url()).decode()
    assert "选自《人民日报社》" in page
    assert "深入学习贯彻党的二十大精神" in page


def test_str_and_pdf_name_follow_the_record(published, series):
    edit_series_and_sources(series)
    issue = Issue.objects.with_contents().get(pk=published.pk)
    assert str(issue) == f"《学习参考》第{issue.number}期"
    assert pdf.download_name(issue) == f"学习参考第{issue.number}期.pdf"
