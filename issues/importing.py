"""Store recognised bulletin text as draft content.

The input is the structure ``import_bulletin --json`` prints (see
``issues/sample/xuexi-cankao-76.expected.json``): a series, an issue and its
articles. Everything is written in one transaction, or nothing is.
"""

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from articles.models import Article, Source
from issues import revisions
from issues.models import Issue, Revision, Series


def parse_iso_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def find_or_create_series(data: dict) -> Series:
    """The series named in a masthead, created with its masthead lines if new."""
    name = data["name"].strip()
    series = Series.objects.filter(name=name).first()
    if series is None:
        series = Series.objects.create(
            name=name,
            slug=slugify(name, allow_unicode=True),
            banner=data.get("banner", ""),
            office=data.get("office", ""),
        )
    return series


def build_article(data: dict, *, by) -> Article:
    """An unsaved article from one recognised article."""
    source = data.get("source") or {}
    article = Article(
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        byline=data.get("byline", ""),
        body="\n\n".join(data["paragraphs"]),
        source=Source.objects.by_name(source["name"]) if source.get("name") else None,
        source_date=parse_iso_date(source.get("date")),
        source_page=source.get("page", ""),
        source_url=source.get("url", ""),
        created_by=by,
    )
    if data.get("citation") and data["citation"] != article.citation:
        article.citation_override = data["citation"]
    return article


@transaction.atomic
def save_bulletin(data: dict, *, by, series: Series | None = None) -> Issue:
    """Create a draft issue with its articles from a recognised bulletin."""
    series = series or find_or_create_series(data["series"])
    meta = data["issue"]
    issue = Issue(
        series=series,
        kind=meta.get("kind") or Issue.Kind.REGULAR,
        number=meta.get("number"),
        total_number=meta.get("total_number"),
        issue_date=parse_iso_date(meta.get("date")),
        editors_note=meta.get("editors_note", ""),
        created_by=by,
    )
    issue.full_clean()
    issue.save()
    for position, item in enumerate(data["articles"], start=1):
        article = build_article(item, by=by)
        article.issue, article.position = issue, position
        article.full_clean()
        article.save()
        revisions.record(article, by=by, reason=Revision.Reason.CREATED)
    revisions.record(issue, by=by, reason=Revision.Reason.CREATED)
    return issue


@transaction.atomic
def save_pool_articles(data: dict, *, by) -> list[Article]:
    """Create pool articles from recognised articles without a masthead."""
    articles = []
    for item in data["articles"]:
        article = build_article(item, by=by)
        article.full_clean()
        article.save()
        revisions.record(article, by=by, reason=Revision.Reason.CREATED)
        articles.append(article)
    return articles
