"""Store recognised bulletin text as draft content.

The input is the structure ``import_bulletin --json`` prints (see
``issues/sample/xuexi-cankao-76.expected.json``): a series, an issue and its
articles. Everything is written in one transaction, or nothing is.
"""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article, Source
from issues.models import Issue, Series
from issues.revisions import records
from issues.revisions.models import Revision


def parse_iso_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def find_or_create_series(data: dict) -> Series:
    """The series named in a masthead, created with its masthead lines if new."""
    name = data["name"].strip()
    series = Series.objects.filter(name=name).first()
    if series is None:
        series = Series(
            name=name,
            slug=slugify(name, allow_unicode=True),
            banner=data.get("banner", ""),
            office=data.get("office", ""),
        )
        # A taken or reserved URL name is a message, not an IntegrityError;
        # an office the masthead did not print can be filled in later.
        try:
            series.full_clean(exclude=["office"])
        except ValidationError as error:
            raise ValidationError(
                [
                    _(
                        "A new series “%(name)s” cannot be created: %(problem)s "
                        "Create the series under Series first, with a URL name of "
                        "your choice, then import again."
                    )
                    % {"name": name, "problem": message}
                    for message in error.messages
                ]
            ) from error
        series.save()
    return series


def clean_title(title: str) -> str:
    """A title as Article.clean stores it."""
    return " ".join(title.split())


def find_duplicates(articles: list[dict]) -> list[Article | None]:
    """For each recognised article, an existing article with the same title
    and source date, so that nothing is imported twice unnoticed."""
    keys = [
        (
            clean_title(item["title"]),
            parse_iso_date((item.get("source") or {}).get("date")),
        )
        for item in articles
    ]
    wanted = Q()
    for title, day in keys:
        if title:
            wanted |= Q(title=title, source_date=day)
    if not wanted:
        return [None] * len(keys)
    existing = {
        (article.title, article.source_date): article
        for article in Article.objects.filter(wanted).select_related("issue__series")
    }
    return [existing.get(key) for key in keys]


def place(article: Article) -> str:
    """Where an existing article is: its issue, or the pool."""
    return str(article.issue) if article.issue_id else _("in the pool")


@transaction.atomic
def save_recognised(data: dict, *, by, series: Series | None = None):
    """A draft issue when a series is given or a masthead was recognised,
    otherwise pool articles; all in one transaction."""
    if series is not None or data["series"]["name"].strip():
        return save_bulletin(data, by=by, series=series)
    return save_pool_articles(data, by=by)


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
    validate(issue, _("Issue"))
    issue.save()
    for position, item in enumerate(data["articles"], start=1):
        article = build_article(item, by=by)
        article.issue, article.position = issue, position
        validate(article, article_label(position, item))
        article.save()
        records.record(article, by=by, reason=Revision.Reason.CREATED)
    records.record(issue, by=by, reason=Revision.Reason.CREATED)
    return issue


@transaction.atomic
def save_pool_articles(data: dict, *, by) -> list[Article]:
    """Create pool articles from recognised articles without a masthead."""
    articles = []
    for position, item in enumerate(data["articles"], start=1):
        article = build_article(item, by=by)
        validate(article, article_label(position, item))
        article.save()
        records.record(article, by=by, reason=Revision.Reason.CREATED)
        articles.append(article)
    return articles


def article_label(position: int, item: dict) -> str:
    return _("Article %(position)d “%(title)s”") % {
        "position": position,
        "title": item["title"] or _("(untitled)"),
    }


def validate(instance, label: str) -> None:
    """full_clean, with each message saying which record and field it is
    about: a batch import reports errors far from any form."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ValidationError(
            [
                f"{label}："
                + (
                    message
                    if name == NON_FIELD_ERRORS
                    else f"{instance._meta.get_field(name).verbose_name}：{message}"
                )
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error
