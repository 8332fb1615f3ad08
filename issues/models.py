from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models import Case, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.text import format_cn_date, single_line, split_paragraphs, strip_invisible
from bulletin_cms.concurrency import VersionedModel
from bulletin_cms.invalidation import InvalidatesPages
from issues import edition, policy
from issues.revisions.models import Revision

CLASSIFIED_MARKS = ("秘密", "机密", "绝密")


def validate_unclassified(value: str) -> None:
    """The system holds non-classified material only
    (docs/bulletin-format.md#handling-marks)."""
    if any(mark in value for mark in CLASSIFIED_MARKS):
        raise ValidationError(
            _("Classified markings (秘密, 机密, 绝密) are not allowed in this system."),
            code="classified",
        )


# Top-level addresses a series slug must not shadow.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "accounts",
        "feed",
        "feeds",
        "search",
        "static",
        "media",
        "preview",
        "healthz",
        "sitemap.xml",
        "robots.txt",
        "api",
        "import",
    }
)


def validate_slug_free(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the site itself; choose another URL name."),
            params={"slug": value},
            code="reserved",
        )


class SeriesQuerySet(models.QuerySet):
    def with_archive_flag(self) -> "SeriesQuerySet":
        """Annotate ``has_published``: whether the series has a published
        issue, without which it has no page on the reading site."""
        return self.annotate(
            has_published=models.Exists(
                Issue.objects.published().filter(series=models.OuterRef("pk"))
            )
        )

    def with_archive(self) -> "SeriesQuerySet":
        """Series with at least one published issue."""
        return self.with_archive_flag().filter(has_published=True)


class Series(InvalidatesPages):
    """A bulletin title such as 学习参考, with its masthead and numbering.
    Published issues print it as it was when they were signed off (their
    record); drafts, archive pages, feeds and the search filters show it as
    it is, and who may read it follows it at once, hence InvalidatesPages."""

    class Numbering(models.TextChoices):
        CONTINUOUS = "continuous", _("continuous (第76期)")
        YEARLY = "yearly", _("restarts each year (2024年第3期)")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        INTERNAL = "internal", _("internal (readers must log in)")

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(
        _("URL name"),
        max_length=50,
        unique=True,
        allow_unicode=True,
        validators=[validate_slug_free],
        help_text=_(
            "Used in addresses such as /学习参考/76/; fixed once an issue is published."
        ),
    )
    banner = models.CharField(
        _("banner line"),
        max_length=100,
        blank=True,
        validators=[validate_unclassified],
        help_text=_("Printed in red above the bulletin name."),
    )
    office = models.CharField(_("issuing office"), max_length=100)
    numbering = models.CharField(
        _("numbering"), max_length=20, choices=Numbering, default=Numbering.CONTINUOUS
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility, default=Visibility.PUBLIC
    )
    handling_mark = models.CharField(
        _("handling mark"),
        max_length=30,
        blank=True,
        validators=[validate_unclassified],
        help_text=_(
            "Printed top left, e.g. 内部资料　注意保存. Internal series show it by default."
        ),
    )
    report_to = models.TextField(
        _("report to (报)"),
        blank=True,
        help_text=_("Default for new issues: superior units."),
    )
    copy_to = models.TextField(
        _("copy to (送)"),
        blank=True,
        help_text=_("Default for new issues: peer units."),
    )
    distribute_to = models.TextField(
        _("distribute to (发)"),
        blank=True,
        help_text=_("Default for new issues: subordinate units."),
    )
    distinct_signoff = models.BooleanField(
        _("three people sign off"),
        default=False,
        help_text=_(
            "Whoever submitted or approved an issue may not also publish it: "
            "editor, reviewer and publisher are three different people."
        ),
    )
    show_signatures = models.BooleanField(
        _("print 编辑/审核/签发 names"),
        default=True,
        help_text=_(
            "The footer names who compiled, reviewed and signed off each issue."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""), name="issues_series_name_not_blank"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        for name in ("name", "banner", "office", "handling_mark"):
            setattr(self, name, single_line(getattr(self, name)))
        for name in ("report_to", "copy_to", "distribute_to"):
            setattr(self, name, strip_invisible(getattr(self, name)).strip())

    def get_absolute_url(self) -> str:
        return reverse("issues:series", kwargs={"series": self.slug})

    def number_year_for(self, day) -> int:
        """The year numbers count in for an issue dated ``day``: 0 when the
        numbering is continuous."""
        return day.year if self.numbering == self.Numbering.YEARLY else 0

    @property
    def is_internal(self) -> bool:
        return self.visibility == self.Visibility.INTERNAL

    @property
    def marking(self) -> str:
        """The handling mark printed top left of every issue."""
        return edition.marking(self.handling_mark, self.is_internal)


class IssueQuerySet(models.QuerySet):
    def published(self) -> "IssueQuerySet":
        """Published issues: the only ones the public may see."""
        return self.filter(status=Issue.Status.PUBLISHED)

    def with_series(self) -> "IssueQuerySet":
        return self.select_related("series")

    def with_contents(self) -> "IssueQuerySet":
        """Series, signatories, articles in order and their sources, in two
        queries."""
        from articles.models import Article

        return self.select_related(
            "series", "submitted_by", "approved_by", "published_by"
        ).prefetch_related(
            models.Prefetch(
                "articles",
                Article.objects.select_related("source").order_by("position"),
            )
        )

    def with_toc(self) -> "IssueQuerySet":
        """Series and the titles of the articles, for lists of issues."""
        from articles.models import Article

        return self.select_related("series").prefetch_related(
            models.Prefetch(
                "articles",
                Article.objects.only("id", "issue_id", "position", "title").order_by(
                    "position"
                ),
            )
        )

    def latest_per_series(self, count: int) -> "IssueQuerySet":
        """The newest ``count`` issues of each series, with their contents,
        ordered by series — in two queries whatever the number of series."""
        rank = models.Window(
            RowNumber(),
            partition_by=F("series"),
            order_by=[F("issue_date").desc(nulls_last=True), F("number").desc()],
        )
        return (
            self.annotate(rank=rank)
            .filter(rank__lte=count)
            .with_toc()
            .order_by("series__name", "rank")
        )

    def readable_by(self, user) -> "IssueQuerySet":
        """Published issues of the series this user may read."""
        return self.published().filter(policy.readable_series(user, "series__"))

    def worked_on_by(self, user) -> "IssueQuerySet":
        """Issues this user compiled or submitted: an editor's own work."""
        return self.filter(Q(created_by=user) | Q(submitted_by=user))

    def with_return_state(self) -> "IssueQuerySet":
        """Annotate ``returned``: the issue is a draft whose latest workflow
        event sent it back from review or from sign-off — a return its
        editor has still to answer."""
        latest = IssueEvent.objects.filter(issue=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return self.annotate(
            latest_from=Subquery(latest.values("from_status")[:1]),
            returned=Case(
                When(
                    status=Issue.Status.DRAFT,
                    latest_from__in=RETURNED_FROM,
                    then=Value(True),
                ),
                default=Value(False),
            ),
        )

    def scheduled(self) -> "IssueQuerySet":
        """Approved issues set to go out at a time, soonest first."""
        return self.filter(
            status=Issue.Status.APPROVED, publish_at__isnull=False
        ).order_by("publish_at", "pk")


# The states a return to draft comes from: review (returned by a reviewer)
# and sign-off (sent back by a publisher).
RETURNED_FROM = ("in_review", "approved")


# What an editor writes in an issue: the fields forms edit and revisions keep.
CONTENT_FIELDS = [
    "kind",
    "number",
    "total_number",
    "issue_date",
    "editors_note",
    "report_to",
    "copy_to",
    "distribute_to",
    "print_run",
]


class Issue(VersionedModel):
    """One numbered issue of a series: masthead data, footer and workflow
    state. Its articles are ``self.articles`` ordered by position."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular")
        SUPPLEMENT = "supplement", _("supplement (增刊)")
        SPECIAL = "special", _("special issue (特刊)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="issues",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.REGULAR
    )
    number = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Leave empty to assign the next free number at sign-off."),
    )
    total_number = models.PositiveIntegerField(
        _("running total (总第N期)"), null=True, blank=True
    )
    # The year the number counts in: the issue year for series that restart
    # each year, 0 for continuous numbering. It lets one database constraint
    # cover both numbering rules.
    number_year = models.PositiveSmallIntegerField(editable=False, default=0)
    issue_date = models.DateField(
        _("issue date"),
        null=True,
        blank=True,
        help_text=_("Printed on the masthead. Leave empty to use the sign-off date."),
    )
    editors_note = models.TextField(_("editor's note (编者按)"), blank=True)
    report_to = models.TextField(_("report to (报)"), blank=True)
    copy_to = models.TextField(_("copy to (送)"), blank=True)
    distribute_to = models.TextField(_("distribute to (发)"), blank=True)
    print_run = models.PositiveIntegerField(
        _("print run (共印N份)"), null=True, blank=True
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(_("scheduled for"), null=True, editable=False)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
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
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, editable=False)
    # Everything the issue prints beyond its own fields, captured at
    # sign-off and cleared when it is reopened (issues.edition). A field of
    # the row, not a related model: every page that shows an issue reads it
    # with the issue, at no extra query, and sign-off writes it in the same
    # UPDATE that moves the status.
    record = models.JSONField(
        _("signed-off record"), default=dict, blank=True, editable=False
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["series", "-number_year", "kind", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "kind", "number_year", "number"],
                name="issues_issue_unique_number",
                violation_error_message=_(
                    "This number is already taken in this series. Choose another or leave it empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="issues_issue_number_positive",
            ),
            models.CheckConstraint(
                condition=Q(total_number__isnull=True) | Q(total_number__gte=1),
                name="issues_issue_total_number_positive",
            ),
            models.CheckConstraint(
                condition=Q(print_run__isnull=True) | Q(print_run__gte=1),
                name="issues_issue_print_run_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(published_at__isnull=False, number__isnull=False),
                name="issues_issue_published_has_number_and_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["series", "status", "-issue_date"], name="issues_issue_archive"
            ),
            models.Index(
                fields=["status", "-published_at"], name="issues_issue_latest"
            ),
            models.Index(
                fields=["status", "publish_at"], name="issues_issue_scheduled"
            ),
        ]
        permissions = [
            ("submit_issue", _("Can submit issues for review")),
            ("review_issue", _("Can return or approve issues")),
            ("publish_issue", _("Can publish, schedule and withdraw issues")),
            ("preview_issue", _("Can preview unpublished issues")),
        ]

    def __str__(self):
        if self.record:
            return edition.title(
                self.record["series_name"], self.record["number_label"]
            )
        return edition.title(self.series.name, self.number_label)

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.apply_series_defaults()
        self.number_year = self.compute_number_year()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "number_year"}
        super().save(*args, **kwargs)

    def clean(self):
        for name in ("editors_note", "report_to", "copy_to", "distribute_to"):
            setattr(self, name, strip_invisible(getattr(self, name)).strip())

    def get_absolute_url(self) -> str:
        # Lists link an issue and each of its articles: reverse it once.
        if getattr(self, "_url", None) is None:
            self._url = reverse("issues:detail", kwargs=self.url_kwargs())
        return self._url

    def url_kwargs(self) -> dict:
        """Address parts of a published issue: /学习参考/76/, /刊名/2024-3/,
        /学习参考/增刊1/ (see issues.converters)."""
        return {
            "series": self.series.slug,
            "number": {
                "number_year": self.number_year,
                "kind": self.kind,
                "number": self.number,
            },
        }

    def compute_number_year(self) -> int:
        return self.series.number_year_for(self.masthead_date or timezone.localdate())

    @property
    def edition(self) -> "edition.Edition":
        """The issue as readers see it: from its record once signed off."""
        return edition.Edition.of(self)

    @property
    def number_label(self) -> str:
        """第76期, 2024年第3期, 增刊第1期 — as printed under the masthead."""
        return edition.number_label(self.kind, self.number, self.number_year)

    @property
    def total_label(self) -> str:
        return edition.total_label(self.total_number)

    @property
    def masthead_date(self):
        return edition.masthead_date(self)

    @property
    def masthead_date_label(self) -> str:
        return format_cn_date(self.masthead_date)

    @property
    def editors_note_paragraphs(self) -> list[str]:
        return split_paragraphs(self.editors_note)

    @property
    def is_editable(self) -> bool:
        """Content can change only in draft (DESIGN.md, Workflow)."""
        return self.status == self.Status.DRAFT

    def apply_series_defaults(self) -> None:
        """A new issue starts with the distribution lines of its series."""
        for field in ("report_to", "copy_to", "distribute_to"):
            if not getattr(self, field):
                setattr(self, field, getattr(self.series, field))

    def check_editable(self) -> None:
        if not self.is_editable:
            raise ValidationError(
                _("%(issue)s is %(status)s and cannot be changed; only drafts can.")
                % {"issue": self, "status": self.get_status_display()},
                code="read_only",
            )

    def changed_by_ids(self) -> set[int]:
        """Who changed the issue or its articles since it was last returned or
        approved (four eyes binds the content, not the button)."""
        from articles.models import Article

        last_review = self.events.filter(
            from_status=self.Status.IN_REVIEW,
            to_status__in=[self.Status.DRAFT, self.Status.APPROVED],
        ).aggregate(at=Max("created_at"))["at"]
        types = ContentType.objects.get_for_models(Issue, Article)
        revisions = Revision.objects.filter(
            Q(content_type=types[Issue], object_id=self.pk)
            | Q(
                content_type=types[Article],
                object_id__in=self.articles.values("pk"),
            )
        ).exclude(author=None)
        if last_review is not None:
            revisions = revisions.filter(created_at__gt=last_review)
        return set(revisions.values_list("author_id", flat=True))

    def next_position(self) -> int:
        """The position after the last article. Locks the issue row, so call
        it inside the transaction that places the article."""
        Issue.objects.select_for_update().filter(pk=self.pk).exists()
        return (self.articles.aggregate(last=Max("position"))["last"] or 0) + 1

    @transaction.atomic
    def add_articles(self, articles) -> None:
        """Place pool articles at the end of this draft, in the given order."""
        self.check_editable()
        first = self.next_position()
        for offset, article in enumerate(articles):
            moved = (
                type(article)
                .objects.filter(pk=article.pk, issue__isnull=True)
                .update(issue=self, position=first + offset, version=F("version") + 1)
            )
            if not moved:
                raise ValidationError(
                    _("“%(title)s” is no longer in the pool."),
                    params={"title": article.title},
                    code="not_in_pool",
                )

    @transaction.atomic
    def arrange(self, ordered_ids, removed_ids=()) -> None:
        """Return ``removed_ids`` to the pool and number the remaining
        articles 1..n: first those of ``ordered_ids``, then any others in
        their current order."""
        self.check_editable()
        Issue.objects.select_for_update().filter(pk=self.pk).exists()
        # Placement is part of an article's content: bump its version so an
        # article form opened before the move cannot silently undo it.
        self.articles.filter(pk__in=removed_ids).update(
            issue=None, position=None, version=F("version") + 1
        )
        current = list(self.articles.order_by("position").values_list("pk", flat=True))
        wanted = [pk for pk in ordered_ids if pk in current]
        order = wanted + [pk for pk in current if pk not in wanted]
        if not order:
            return
        # Two updates so that no intermediate row collides with the unique
        # position constraint: first above every current position, then 1..n.
        base = (self.articles.aggregate(last=Max("position"))["last"] or 0) + 1
        for start in (base, 1):
            self.articles.update(
                position=Case(
                    *(When(pk=pk, then=Value(start + i)) for i, pk in enumerate(order))
                ),
                version=F("version") + 1,
            )

    def lock_series(self) -> None:
        """Serialise writers of one series until the transaction ends, so a
        uniqueness check that follows sees every committed number."""
        using = router.db_for_write(Issue)
        if connections[using].in_atomic_block:
            Series.objects.using(using).select_for_update().filter(
                pk=self.series_id
            ).exists()

    def validate_constraints(self, exclude=None):
        # number_year is derived, never in a form: validate it regardless so
        # a taken number is a form error rather than an IntegrityError.
        exclude = set(exclude or ()) - {"number_year"}
        if self.series_id:
            self.lock_series()
            self.number_year = self.compute_number_year()
        super().validate_constraints(exclude=exclude)


class IssueEvent(models.Model):
    """One workflow transition of an issue, kept for good."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Issue.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Issue.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["issue", "-created_at"], name="issues_event_issue")
        ]

    def __str__(self):
        when = timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.label}（{when}）"

    @property
    def label(self) -> str:
        """草稿 → 待审核: the transition as the history shows it."""
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class SeriesEvent(models.Model):
    """A change of who may read a series or of the handling mark it prints,
    signed off with a reason (``issues.visibility``), kept for good."""

    class Field(models.TextChoices):
        VISIBILITY = "visibility", _("visibility")
        HANDLING_MARK = "handling_mark", _("handling mark")

    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.CASCADE,
        related_name="access_events",
    )
    field = models.CharField(_("what"), max_length=20, choices=Field)
    old_value = models.CharField(_("before"), max_length=100, blank=True)
    new_value = models.CharField(_("after"), max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("visibility change")
        verbose_name_plural = _("visibility changes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="issues_seriesevent_reason_not_blank"
            ),
            models.CheckConstraint(
                condition=~Q(old_value=F("new_value")),
                name="issues_seriesevent_changes_something",
            ),
        ]
        indexes = [
            models.Index(
                fields=["series", "-created_at"], name="issues_seriesevent_series"
            )
        ]

    def __str__(self):
        return f"{self.series_id}: {self.field} {self.old_value} → {self.new_value}"

    def display(self, value: str) -> str:
        """A stored value as the admin shows it."""
        if self.field == self.Field.VISIBILITY:
            return str(Series.Visibility(value).label)
        return value or str(_("(none)"))

    @property
    def old_display(self) -> str:
        return self.display(self.old_value)

    @property
    def new_display(self) -> str:
        return self.display(self.new_value)


class IssueEventNoteQuerySet(models.QuerySet):
    def open(self) -> "IssueEventNoteQuerySet":
        """Notes the editor still has to act on: those of a return that is
        still its issue's latest event. Submitting again closes them."""
        latest = IssueEvent.objects.filter(issue=OuterRef("event__issue")).order_by(
            "-created_at", "-pk"
        )
        return self.filter(
            event=Subquery(latest.values("pk")[:1]),
            event__to_status=Issue.Status.DRAFT,
        )


class IssueEventNote(models.Model):
    """A comment on one article, made when its issue was returned to draft:
    part of the workflow record, kept with the event."""

    event = models.ForeignKey(
        IssueEvent,
        verbose_name=_("workflow event"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    # The record outlives the article: deleting it keeps the note and the
    # title it was made on.
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    article_title = models.CharField(_("article title"), max_length=200)
    comment = models.TextField(_("comment"))

    objects = IssueEventNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment on an article")
        verbose_name_plural = _("comments on articles")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "article"], name="issues_eventnote_one_per_article"
            ),
            models.CheckConstraint(
                condition=~Q(comment=""), name="issues_eventnote_comment_not_blank"
            ),
        ]

    def __str__(self):
        return f"《{self.article_title}》：{self.comment}"
