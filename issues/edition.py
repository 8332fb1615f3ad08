"""What an issue shows readers, and the record that fixes it at sign-off.

A published bulletin is a fixed record. An issue's own content is read-only
once it leaves draft, but what it prints also comes from elsewhere: the
masthead from its series (name, banner line, office, handling mark), each
citation line from an article's source, the footer signatures from people's
accounts. When a publisher signs an issue off (``issues.workflow``), all of
it is captured into ``Issue.record``. Every reading surface — the issue and
article pages, print and PDF, feeds, search results, mails — shows an issue
through its :class:`Edition`: the record once signed off, otherwise what the
issue would print if signed off now. So editing a series, a source or a name
changes drafts and future issues, never a published one; a published issue
changes only by being withdrawn, reopened, reviewed and published again,
which captures afresh.

Everything here reads plain model attributes, never model methods, so the
migration that recorded the issues published before records existed runs
the same code on its historical models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from articles.text import citation_line, format_cn_date
from bulletin_cms.people import full_name

KIND_PREFIXES = {"regular": "", "supplement": "增刊", "special": "特刊"}
# What internal series print top left when they set no handling mark
# (docs/bulletin-format.md#handling-marks).
INTERNAL_MARKING = "内部资料　注意保存"
# The footer's 编辑 / 审核 / 签发 and the workflow field naming each.
SIGNATORIES = (
    ("编辑", "submitted_by"),
    ("审核", "approved_by"),
    ("签发", "published_by"),
)


def marking(handling_mark: str, internal: bool) -> str:
    """The handling mark printed top left of every issue of a series."""
    if handling_mark:
        return handling_mark
    return INTERNAL_MARKING if internal else ""


def number_label(kind: str, number: int | None, number_year: int) -> str:
    """第76期, 2024年第3期, 增刊第1期 — as printed under the masthead."""
    prefix = KIND_PREFIXES[kind]
    if number is None:
        return f"{prefix}（待编号）"
    year = f"{number_year}年" if number_year else ""
    return f"{year}{prefix}第{number}期"


def total_label(total_number: int | None) -> str:
    return f"（总第{total_number}期）" if total_number else ""


def title(series_name: str, number: str) -> str:
    """《学习参考》第76期: how an issue is named everywhere."""
    return f"《{series_name}》{number}"


def masthead_date(issue):
    """The date on the masthead: the one the editor fixed, else the
    sign-off date (docs/bulletin-format.md#masthead)."""
    if issue.issue_date:
        return issue.issue_date
    return timezone.localdate(issue.published_at) if issue.published_at else None


def signatures(issue) -> list[list[str]]:
    """[role, full name] of who compiled, reviewed and signed off the issue,
    where its series prints them; a name is empty for an account that has
    none (sign-off refuses those, see issues.workflow)."""
    if not issue.series.show_signatures:
        return []
    people = ((role, getattr(issue, attribute)) for role, attribute in SIGNATORIES)
    return [[role, full_name(user)] for role, user in people if user is not None]


def article_line(article) -> dict:
    """What an issue prints about an article beyond its own text."""
    source = article.source.name if article.source_id else ""
    return {
        "source": source,
        "citation": citation_line(
            article.citation_override, source, article.source_date, article.source_page
        ),
    }


def describe(issue) -> dict:
    """The masthead, footer and signatures ``issue`` prints, as JSON data,
    from its series and its signatories as they are now."""
    series = issue.series
    day = masthead_date(issue)
    return {
        "series_name": series.name,
        "banner": series.banner,
        "office": series.office,
        "marking": marking(series.handling_mark, series.visibility == "internal"),
        "kind": issue.kind,
        "number": issue.number,
        "number_year": issue.number_year,
        "total_number": issue.total_number,
        "number_label": number_label(issue.kind, issue.number, issue.number_year),
        "total_label": total_label(issue.total_number),
        "date": day.isoformat() if day else None,
        "date_label": format_cn_date(day),
        "report_to": issue.report_to,
        "copy_to": issue.copy_to,
        "distribute_to": issue.distribute_to,
        "print_run": issue.print_run,
        "signatures": signatures(issue),
        "signed_off_at": (
            issue.published_at.isoformat() if issue.published_at else None
        ),
    }


def capture(issue) -> dict:
    """The record of a signed-off issue: what it prints (``describe``) and,
    by article id, each article's source name and citation line."""
    return {
        **describe(issue),
        "articles": {
            str(article.pk): article_line(article)
            for article in issue.articles.select_related("source")
        },
    }


def record_signed_off(issues) -> int:
    """Record the published or withdrawn issues among ``issues`` (a
    queryset) that have no record — signed off before records existed, as a
    migration or an older backup brings them — as they read now. Returns
    how many."""
    unrecorded = issues.filter(status__in=["published", "withdrawn"], record={})
    count = 0
    for issue in unrecorded.select_related(
        "series", "submitted_by", "approved_by", "published_by"
    ).iterator():
        issues.filter(pk=issue.pk).update(record=capture(issue))
        count += 1
    return count


@dataclass(frozen=True)
class PrintedArticle:
    """An article as its issue prints it."""

    article: object
    source: str
    citation: str


def printed(issue, article) -> PrintedArticle:
    """``article`` as ``issue`` prints it: from the record once signed off,
    else with its source as it is now. So is an article the record lacks,
    which the application cannot place in a signed-off issue (a page beats
    an error should one appear)."""
    recorded = issue.record.get("articles", {}) if issue.record else {}
    line = recorded.get(str(article.pk)) or article_line(article)
    return PrintedArticle(article, line["source"], line["citation"])


@dataclass(frozen=True)
class Edition:
    """An issue as readers see it (module docstring). Build it with
    :meth:`of`; ``articles`` is None when the issue has no record and its
    articles' sources are read as they are now."""

    issue: object = field(repr=False, compare=False)
    series_name: str
    banner: str
    office: str
    marking: str
    kind: str
    number: int | None
    number_year: int
    total_number: int | None
    number_label: str
    total_label: str
    date: str | None
    date_label: str
    report_to: str
    copy_to: str
    distribute_to: str
    print_run: int | None
    signatures: list
    signed_off_at: str | None
    articles: dict | None

    @classmethod
    def of(cls, issue) -> Edition:
        if issue.record:
            return cls(issue=issue, **issue.record)
        return cls(issue=issue, **describe(issue), articles=None)

    @property
    def title(self) -> str:
        return title(self.series_name, self.number_label)

    @property
    def has_footer(self) -> bool:
        return bool(
            self.report_to
            or self.copy_to
            or self.distribute_to
            or self.print_run
            or self.signatures
        )

    @property
    def contents(self) -> list[PrintedArticle]:
        """The articles in order, as printed. Reads ``issue.articles.all()``,
        which ``Issue.objects.with_contents()`` prefetches."""
        return [printed(self.issue, article) for article in self.issue.articles.all()]
