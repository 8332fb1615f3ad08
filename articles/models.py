from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles import search
from articles.text import (
    byline_runs_in,
    citation_line,
    normalize_body,
    parse_body,
    single_line,
    title_lines,
    valid_breaks,
)
from bulletin_cms.concurrency import VersionedModel
from bulletin_cms.invalidation import InvalidatesPages


class SourceQuerySet(models.QuerySet):
    def by_name(self, name: str) -> "Source":
        """The source with this name, created on first use."""
        source, _created = self.get_or_create(name=name.strip())
        return source


class Source(InvalidatesPages):
    """A publication or agency that articles are reprinted from. Its name
    shows in citation lines (published issues keep the name they printed)
    and in the reading site's source filters, hence InvalidatesPages."""

    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", _("newspaper")
        MAGAZINE = "magazine", _("magazine")
        AGENCY = "agency", _("news agency")
        WEBSITE = "website", _("website")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.NEWSPAPER
    )
    url = models.URLField(_("website"), blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""), name="articles_source_name_not_blank"
            ),
        ]

    def __str__(self):
        return self.name


def return_to_pool(collector, field, sub_objs, using):
    """on_delete handler: deleting an issue returns its articles to the pool
    instead of deleting them, clearing their position with their issue."""
    # Position first: the pool_has_no_position constraint holds after each
    # of the two UPDATEs the collector runs.
    collector.add_field_update(field.model._meta.get_field("position"), None, sub_objs)
    collector.add_field_update(field, None, sub_objs)


# What an editor writes: the fields forms edit and revisions keep.
CONTENT_FIELDS = [
    "title",
    "title_breaks",
    "subtitle",
    "byline",
    "body",
    "source",
    "source_date",
    "source_page",
    "source_url",
    "citation_override",
]


class ArticleQuerySet(models.QuerySet):
    def in_pool(self) -> "ArticleQuerySet":
        """Articles not placed in any issue."""
        return self.filter(issue__isnull=True)

    def published(self) -> "ArticleQuerySet":
        """Articles of published issues: the only ones the public may read."""
        return self.filter(issue__status="published")

    def with_source(self) -> "ArticleQuerySet":
        return self.select_related("source")


class Article(VersionedModel):
    """A reprinted article, in the pool or placed in an issue at a position."""

    issue = models.ForeignKey(
        "issues.Issue",
        verbose_name=_("issue"),
        on_delete=return_to_pool,
        null=True,
        blank=True,
        related_name="articles",
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        null=True,
        blank=True,
        help_text=_("Order within the issue; left empty, the article goes last."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_(
            "A headline in two parts (kicker and main title) is joined by one space. "
            "Type | where a long title should start a new line in print; without "
            "it, lines are balanced at spaces and punctuation."
        ),
    )
    # Set through the title field: where the editor's | marks stood.
    title_breaks = models.JSONField(
        _("title line breaks"), default=list, blank=True, editable=False
    )
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_(
            "As printed. A dateline such as 本报讯（记者 祁梦竹） opens the first "
            "paragraph; a line such as 本报记者 祁梦竹 or 作者：王某 stands above the body."
        ),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text, one paragraph per line. Lines starting with 一、 or （一） "
            "are set as headings."
        ),
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    source_date = models.DateField(_("source date"), null=True, blank=True)
    source_page = models.CharField(
        _("page"), max_length=30, blank=True, help_text=_("e.g. 第1版, 第A3版")
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    citation_override = models.CharField(
        _("citation line"),
        max_length=200,
        blank=True,
        help_text=_(
            "Leave empty to form it from the source: 选自《北京日报》（2023年7月23日第1版）."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["issue", "position", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "position"],
                name="articles_article_unique_position",
                violation_error_message=_("Two articles cannot share a position."),
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position__gte=1),
                name="articles_article_position_positive",
            ),
            models.CheckConstraint(
                condition=Q(issue__isnull=False) | Q(position__isnull=True),
                name="articles_article_pool_has_no_position",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="articles_article_title_not_blank"
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at"], name="articles_article_created"),
            models.Index(
                fields=["source", "-source_date"], name="articles_article_source"
            ),
        ]

    def __str__(self):
        return self.title

    @transaction.atomic
    def save(self, *args, **kwargs):
        if self.issue_id is None:
            self.position = None
        elif self.position is None:
            self.position = self.issue.next_position()
        super().save(*args, **kwargs)
        # In the same transaction: the index never disagrees with the text.
        search.index([self], using=self._state.db)

    def get_absolute_url(self) -> str:
        # The issues:article pattern is the issue's address plus the
        # position; building it from the issue's spares a reverse() per
        # article on pages that list hundreds.
        return f"{self.issue.get_absolute_url()}{self.position}/"

    def clean(self):
        for name in ("title", "subtitle", "byline", "source_page", "citation_override"):
            setattr(self, name, single_line(getattr(self, name)))
        self.body = normalize_body(self.body)
        self.title_breaks = valid_breaks(self.title, self.title_breaks)
        if self.issue_id is None:
            self.position = None
        for issue in {self.issue, self.stored_issue()} - {None}:
            issue.check_editable()

    def stored_issue(self):
        """The issue this article is in according to the database."""
        if self.pk is None:
            return None
        stored = (
            type(self)
            .objects.filter(pk=self.pk)
            .select_related("issue__series")
            .first()
        )
        return stored.issue if stored else None

    @property
    def citation(self) -> str:
        """The citation line every reprint ends with, formed the conventional
        way unless the editor wrote one."""
        return citation_line(
            self.citation_override,
            self.source.name if self.source_id else "",
            self.source_date,
            self.source_page,
        )

    @property
    def title_lines(self) -> list[str]:
        """The title as it is set on paper and on the page (articles.text)."""
        return title_lines(self.title, self.title_breaks)

    @property
    def blocks(self):
        """The body as paragraphs and headings (see articles.text)."""
        return parse_body(self.body)

    @property
    def byline_runs_in(self) -> bool:
        """A dateline opens the first paragraph; any other byline stands on
        its own line above the body (see articles.text.byline_runs_in)."""
        return bool(self.byline) and byline_runs_in(self.byline)
