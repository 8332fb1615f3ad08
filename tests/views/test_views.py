import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from issues import workflow
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, SourceFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "issues/sample"


class TextBlocks(HTMLParser):
    """The text of each block element of <main>, in order."""

    BLOCKS = {"p", "h1", "h2", "h3", "li"}

    def __init__(self):
        super().__init__()
        self.blocks, self.current, self.depth, self.in_main = [], None, 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if self.in_main and tag in self.BLOCKS and self.current is None:
            self.current, self.depth = [], 0
        if self.current is not None and tag in self.BLOCKS:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.current is not None and tag in self.BLOCKS:
            self.depth -= 1
            if self.depth == 0:
                self.blocks.append("".join(self.current).strip())
                self.current = None
        if tag == "main":
            self.in_main = False

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def text_blocks(response) -> list[str]:
    parser = TextBlocks()
    parser.feed(response.content.decode())
    return [b for b in parser.blocks if b]


def test_sample_issue_reads_like_the_printed_bulletin(client):
    call_command("load_sample", stdout=io.StringIO())
    expected = json.loads((SAMPLE / "xuexi-cankao-76.expected.json").read_text("utf-8"))
    article = expected["articles"][0]
    response = client.get("/学习参考/76/")
    assert response.status_code == 200
    assert (
        text_blocks(response)[1:]
        == [  # [0] is the breadcrumb
            expected["series"]["banner"],
            "学习参考",
            "第76期",
            expected["series"]["office"] + "2023年7月23日",
            article["title"],
            article["subtitle"],
            article["byline"] + article["paragraphs"][0],
            *article["paragraphs"][1:],
            article["citation"],
        ]
    )
    # Spaces inside a headline are kept: they stand for commas.
    assertContains(response, "座谈 车俊参加")


def published(**kwargs):
    issue = IssueFactory(published=True, **kwargs)
    ArticleFactory(issue=issue, position=1, title="第一篇")
    ArticleFactory(issue=issue, position=2, title="第二篇")
    return issue


def test_issue_page_shows_masthead_contents_and_footer(client):
    series = SeriesFactory(name="工作简报", slug="gzjb", visibility="public")
    issue = published(
        series=series,
        number=3,
        total_number=58,
        editors_note="本期刊发两篇文章。\n\n请认真学习。",
        report_to="市委办公厅",
        print_run=40,
    )
    response = client.get(issue.get_absolute_url())
    assertContains(response, "第3期（总第58期）")
    assertContains(response, "<strong>【编者按】</strong>本期刊发两篇文章。", html=True)
    assertContains(response, '<a href="#article-2">第二篇</a>', html=True)
    assertContains(response, "（共印40份）")
    assertContains(response, "市委办公厅")


def test_headings_are_marked_by_level(client):
    issue = IssueFactory(published=True)
    ArticleFactory(
        issue=issue,
        position=1,
        body="一、总体要求\n\n（一）坚持学习。正文内容。\n\n正文。",
    )
    response = client.get(issue.get_absolute_url())
    assertContains(
        response, '<h3 class="heading heading-1">一、总体要求</h3>', html=True
    )
    assertContains(
        response, '<strong class="heading-2">（一）坚持学习。</strong>', html=True
    )


def test_body_is_escaped(client):
    issue = IssueFactory(published=True)
    ArticleFactory(
        issue=issue, position=1, title="<b>标题</b>", body="<script>alert(1)</script>"
    )
    response = client.get(issue.get_absolute_url())
    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertContains(response, "&lt;b&gt;标题&lt;/b&gt;")


def test_article_page_links_its_neighbours(client):
    issue = published()
    ArticleFactory(issue=issue, position=3, title="第三篇")
    response = client.get(
        reverse("issues:article", kwargs={**issue.url_kwargs(), "position": 2})
    )
    assertContains(
        response,
        '<h1 class="article-title"><span class="title-line">第二篇</span></h1>',
        html=True,
    )
    assertContains(response, 'rel="prev"')
    assertContains(response, "第一篇")
    assertContains(response, "第三篇")
    missing = reverse("issues:article", kwargs={**issue.url_kwargs(), "position": 9})
    assert client.get(missing).status_code == 404


def test_urls_are_clean_and_stable():
    continuous = published(
        series=SeriesFactory(name="学习参考", slug="学习参考"), number=76
    )
    yearly = published(
        series=SeriesFactory(name="工作简报", slug="gzjb", numbering="yearly"), number=3
    )
    supplement = published(series=continuous.series, number=1, kind="supplement")
    assert continuous.get_absolute_url() == "/%E5%AD%A6%E4%B9%A0%E5%8F%82%E8%80%83/76/"
    assert yearly.get_absolute_url() == "/gzjb/2023-3/"
    assert supplement.get_absolute_url().endswith("/%E5%A2%9E%E5%88%8A1/")


@pytest.mark.parametrize("state", ["draft", "in_review", "approved", "withdrawn"])
@pytest.mark.parametrize(
    "role", [None, "reader", "editor", "reviewer", "publisher", "superuser"]
)
def test_unpublished_issues_do_not_exist_on_public_urls(request, client, state, role):
    issue = IssueFactory(number=5, **({} if state == "draft" else {state: True}))
    ArticleFactory(issue=issue, position=1, title="未发布的文章")
    if role:
        client.force_login(request.getfixturevalue(role))
    assert client.get(issue.get_absolute_url()).status_code == 404
    article_url = reverse(
        "issues:article", kwargs={**issue.url_kwargs(), "position": 1}
    )
    assert client.get(article_url).status_code == 404
    # Nor has their series a page or feed while it has published nothing.
    assert client.get(issue.series.get_absolute_url()).status_code == 404
    series_feed = reverse("issues:series-feed", args=[issue.series.slug])
    assert client.get(series_feed).status_code == 404
    for url in ["/", "/feed/", "/sitemap.xml"]:
        assertNotContains(client.get(url), "未发布的文章")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("editor", 200),
        ("reviewer", 200),
        ("publisher", 200),
        ("superuser", 200),
        ("reader", 404),
    ],
)
def test_preview_is_for_staff_only_and_never_cached(request, client, role, status):
    issue = IssueFactory(number=None)
    ArticleFactory(issue=issue, position=1)
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("issues:preview", args=[issue.pk]))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "预览（草稿）")
        assert "no-cache" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]


def login_next(response) -> str:
    """Where the login page will send the visitor back to."""
    location = urlsplit(response["Location"])
    assert (response.status_code, location.path) == (302, "/accounts/login/")
    return parse_qs(location.query)["next"][0]


def test_preview_asks_anonymous_visitors_to_log_in(client):
    issue = IssueFactory()
    url = reverse("issues:preview", args=[issue.pk])
    assert login_next(client.get(url)) == url


def test_internal_series_requires_login_then_returns(client, reader):
    issue = published(series=SeriesFactory(visibility="internal"))
    url = issue.get_absolute_url()
    response = client.get(url)
    assert login_next(response) == url
    login = client.get(response["Location"])
    assertContains(login, "本刊为内部资料，请登录后阅读")
    response = client.post(
        "/accounts/login/",
        {"username": "reader", "password": "secret-pass-123", "next": url},
    )
    assertRedirects(response, url, fetch_redirect_response=False)
    page = client.get(url)
    assertContains(page, "内部资料　注意保存")
    assertContains(page, '<meta name="robots" content="noindex, nofollow">', html=True)


def test_internal_series_do_not_tell_anonymous_visitors_what_exists(client, reader):
    """Published, unpublished or never issued: every issue, article and PDF
    address of an internal series sends an anonymous visitor to log in, so
    the answer says nothing about which numbers are out."""
    series = SeriesFactory(name="内部参阅", slug="nbcy", visibility="internal")
    published(series=series, number=7)
    ArticleFactory(issue=IssueFactory(series=series, number=8), position=1)
    answers = {}
    for number in (7, 8, 9):
        for rest in ("", "pdf/", "1/", "9/"):
            url = f"/nbcy/{number}/{rest}"
            response = client.get(url)
            answers[url] = (response.status_code, response.get("Location"))
    assert answers == {
        url: (302, f"/accounts/login/?next={quote(url)}") for url in answers
    }
    # Logged in, only what is published exists; unknown series and public
    # ones answer 404 as before.
    client.force_login(reader)
    assert client.get("/nbcy/7/").status_code == 200
    assert [client.get(f"/nbcy/{n}/").status_code for n in (8, 9)] == [404, 404]
    client.logout()
    public = SeriesFactory(name="学习参考", slug="xxck")
    IssueFactory(series=public, number=8)
    for url in ("/xxck/8/", "/xxck/9/", "/xxck/9/pdf/", "/wzdkw/7/"):
        assert client.get(url).status_code == 404, url


def test_internal_series_stay_out_of_public_lists(client, reader):
    internal = published(
        series=SeriesFactory(name="内部参阅", slug="nbcy", visibility="internal")
    )
    public = published(series=SeriesFactory(name="学习参考", slug="xxck"))
    home = client.get("/")
    assertContains(home, "学习参考")
    assertNotContains(home, "内部参阅")
    assertNotContains(client.get("/feed/"), str(internal))
    assert client.get("/nbcy/feed/").status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert (
        public.get_absolute_url() in sitemap
        and internal.get_absolute_url() not in sitemap
    )
    client.force_login(reader)
    assertContains(client.get("/"), "内部参阅")
    assert client.get("/nbcy/feed/").status_code == 200
    assert (
        internal.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    )


def test_a_series_is_on_the_reading_site_while_it_has_a_published_issue(
    client, publisher, django_capture_on_commit_callbacks
):
    """Its archive, its feed and its sitemap entry come with the first
    published issue and go with the last one withdrawn."""
    issue = IssueFactory(series=SeriesFactory(slug="xxck"), number=1, approved=True)
    ArticleFactory(issue=issue, position=1)

    def present():
        sitemap = client.get("/sitemap.xml").content.decode()
        return (
            client.get("/xxck/").status_code,
            client.get("/xxck/feed/").status_code,
            "/xxck/</loc>" in sitemap,
        )

    assert present() == (404, 404, False)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(issue, by=publisher)
    assert present() == (200, 200, True)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(issue, by=publisher, comment="更正错字")
    assert present() == (404, 404, False)


def test_feeds_list_published_issues(client):
    issue = published(series=SeriesFactory(slug="xxck"))
    for url in ["/feed/", "/xxck/feed/"]:
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        assertContains(response, str(issue))
        assertContains(response, "第一篇；第二篇")


def test_archive_filters_by_year_source_and_kind(client):
    series = SeriesFactory(slug="xxck")
    old = published(series=series, number=1)
    old.issue_date = old.issue_date.replace(year=2022)
    old.save()
    special = published(series=series, number=1, kind="special")
    renmin = published(series=series, number=2)
    ArticleFactory(
        issue=renmin,
        position=3,
        title="人民日报文章",
        source=SourceFactory(name="人民日报"),
    )
    page = client.get("/xxck/")
    for issue in (old, special, renmin):
        assertContains(page, issue.number_label)
    assertContains(page, "2022年")
    by_year = client.get("/xxck/", {"year": "2022"})
    assertContains(by_year, "第1期")
    assertNotContains(by_year, "第2期")
    by_kind = client.get("/xxck/", {"kind": "special"})
    assertContains(by_kind, "特刊第1期")
    assertNotContains(by_kind, "第2期")
    source = SourceFactory(name="人民日报")
    by_source = client.get("/xxck/", {"source": source.pk})
    assertContains(by_source, "人民日报文章")
    assertNotContains(by_source, "特刊第1期")
    nothing = client.get("/xxck/", {"year": "2022", "kind": "special"})
    assertContains(nothing, "没有符合筛选条件的期")


def test_archive_paginates(client):
    series = SeriesFactory(slug="xxck")
    for number in range(1, 26):
        IssueFactory(series=series, number=number, published=True)
    first = client.get("/xxck/")
    assertContains(first, "第1页，共2页")
    assertContains(client.get("/xxck/", {"page": 2}), "第1期")


def test_robots_sitemap_and_health(client):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assertContains(robots, "Disallow: /admin/")
    assertContains(robots, "Sitemap: http://testserver/sitemap.xml")
    health = client.get("/healthz")
    assert health.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_print_stylesheet_is_linked_for_paper(client):
    issue = published()
    response = client.get(issue.get_absolute_url())
    assert re.search(
        r'<link rel="stylesheet" href="/static/css/print\.css" media="print">',
        response.content.decode(),
    )


def test_byline_stands_before_a_body_that_opens_with_a_heading(client):
    issue = IssueFactory(published=True)
    ArticleFactory(
        issue=issue,
        position=1,
        byline="新华社北京7月4日电",
        body="一、总体要求\n\n正文。",
    )
    response = client.get(issue.get_absolute_url())
    assertContains(
        response, '<p><span class="byline">新华社北京7月4日电</span></p>', html=True
    )
    assertContains(response, "<p>正文。</p>", html=True)


@pytest.mark.parametrize("byline", ["本报记者 祁梦竹", "本报评论员", "作者：王某"])
def test_reporter_or_author_line_stands_above_the_body(client, byline):
    issue = IssueFactory(published=True)
    ArticleFactory(issue=issue, position=1, byline=byline, body="两地签署协议。")
    for url in (issue.get_absolute_url(), f"{issue.get_absolute_url()}1/"):
        response = client.get(url)
        assertContains(
            response, f'<p class="byline byline-own-line">{byline}</p>', html=True
        )
        assertContains(response, "<p>两地签署协议。</p>", html=True)
        assertNotContains(response, '<span class="byline">')


def test_dateline_runs_into_the_first_paragraph(client):
    issue = IssueFactory(published=True)
    ArticleFactory(
        issue=issue, position=1, byline="本报讯（记者 祁梦竹）", body="两地签署协议。"
    )
    response = client.get(issue.get_absolute_url())
    assertContains(
        response,
        '<p><span class="byline">本报讯（记者 祁梦竹）</span>两地签署协议。</p>',
        html=True,
    )
    assertNotContains(response, "byline-own-line")


def test_article_addresses_match_the_url_pattern():
    for kind, series in (
        ("regular", SeriesFactory()),
        ("supplement", SeriesFactory(numbering="yearly")),
    ):
        issue = IssueFactory(series=series, kind=kind, published=True)
        article = ArticleFactory(issue=issue, position=3)
        expected = reverse(
            "issues:article", kwargs={**issue.url_kwargs(), "position": 3}
        )
        assert article.get_absolute_url() == expected


def test_the_archive_form_chooses_no_year_by_itself(client):
    issue = IssueFactory(published=True)
    ArticleFactory(issue=issue, position=1)
    html = client.get(issue.series.get_absolute_url()).content.decode()
    select = re.search(r'<select name="year".*?</select>', html, re.S).group()
    assert '<option value="" selected>全部</option>' in select
    assert "2023年" in select


def test_the_archive_pages_newer_and_older(client):
    series = SeriesFactory(slug="xxck")
    for _ in range(21):
        ArticleFactory(issue=IssueFactory(series=series, published=True), position=1)
    first = client.get("/xxck/")
    assertContains(first, '<a rel="next" href="?page=2">较早</a>', html=True)
    assertNotContains(first, 'rel="prev"')
    second = client.get("/xxck/", {"page": 2})
    assertContains(second, '<a rel="prev" href="?page=1">较新</a>', html=True)
    assertContains(second, "第2页，共2页")
