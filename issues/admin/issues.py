from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy as _

from articles import search
from articles.models import Article
from articles.search.query import parse
from issues import edition, policy, workflow
from issues.admin.accounts import person_field
from issues.admin.columns import updated
from issues.admin.filters import YearFilter
from issues.forms import (
    ArticleOrderForm,
    ArticleOrderFormSet,
    IssueAdminForm,
    PublishForm,
    TransitionForm,
)
from issues.importing.admin import ImportAdminMixin
from issues.models import Issue, IssueEvent, IssueEventNote
from issues.revisions.admin import RevisionAdminMixin


class ArticleInline(admin.TabularInline):
    model = Article
    form = ArticleOrderForm
    formset = ArticleOrderFormSet
    fields = ["position", "title_link", "source_line", "open_note", "remove"]
    readonly_fields = ["title_link", "source_line", "open_note"]
    ordering = ["position"]
    extra = 0
    can_delete = False
    verbose_name = _("article")
    verbose_name_plural = _("articles in this issue (change the numbers to reorder)")

    def get_queryset(self, request):
        # The comment a return made on each article, while it is open.
        note = IssueEventNote.objects.open().filter(article=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .select_related("source", "issue")
            .annotate(open_note=Subquery(note.values("comment")[:1]))
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None or policy.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # Comments of a return are open only while the issue is a draft.
        if obj is None or obj.status != Issue.Status.DRAFT:
            fields = [name for name in fields if name != "open_note"]
        # Taking an article out is a change: a read-only list has no column for it.
        if not self.has_change_permission(request, obj):
            fields = [name for name in fields if name != "remove"]
        return fields

    @admin.display(description=_("title"))
    def title_link(self, article):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('<a href="{}">{}</a>', url, article.title)

    @admin.display(description=_("citation"))
    def source_line(self, article):
        # As the issue prints it: a signed-off issue keeps its record's line.
        citation = edition.printed(article.issue, article).citation
        return citation or gettext("(no source yet)")

    @admin.display(description=_("comment on return"))
    def open_note(self, article):
        # A read-only callable's None would print as “None”.
        return article.open_note or ""


class IssueEventInline(admin.TabularInline):
    model = IssueEvent
    fields = [
        "created_at",
        "from_status",
        "to_status",
        "actor_name",
        "comment",
        "notes",
    ]
    readonly_fields = fields
    actor_name = person_field(IssueEvent, "actor")
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("actor")
            .prefetch_related("notes")
        )

    @admin.display(description=_("comments on articles"), empty_value="")
    def notes(self, event):
        return format_html_join(
            mark_safe("<br>"),
            "《{}》：{}",
            ((note.article_title, note.comment) for note in event.notes.all()),
        )

    def has_view_permission(self, request, obj=None):
        return policy.can_view_history(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def report_outcome(request, outcome: Exception | None, success: str) -> None:
    """One message for a transition: done, or why not."""
    if outcome is None:
        messages.success(request, success)
    elif isinstance(outcome, workflow.InvalidTransition):
        for message in outcome.messages:
            messages.error(request, message)
    else:
        messages.error(
            request, str(outcome) or gettext("Your role does not allow this action.")
        )


def attempt(name, issue, **kwargs) -> Exception | None:
    """Run a transition; return the error a user should read, if any."""
    try:
        workflow.perform(name, issue, **kwargs)
    except (workflow.InvalidTransition, PermissionDenied) as error:
        return error
    return None


@admin.register(Issue)
class IssueAdmin(ImportAdminMixin, RevisionAdminMixin, admin.ModelAdmin):
    form = IssueAdminForm
    inlines = [ArticleInline, IssueEventInline]
    # The number says 增刊 or 特刊 already: the kind needs no column.
    list_display = [
        "__str__",
        "series",
        "masthead_date",
        "status_label",
        "article_count",
        updated,
    ]
    list_display_links = ["__str__"]
    list_filter = ["status", "series", "kind", YearFilter]
    list_select_related = ["series"]
    # Shows the search box; get_search_results answers from the index.
    search_fields = ["editors_note"]
    search_help_text = _(
        "Search the number, the editor's note and the titles and text of the "
        "articles: every word must occur."
    )
    date_hierarchy = None
    readonly_fields = [
        "status",
        "publish_at",
        "created_by_name",
        "created_at",
        "submitted_by_name",
        "submitted_at",
        "approved_by_name",
        "approved_at",
        "published_by_name",
        "published_at",
    ]
    created_by_name = person_field(Issue, "created_by")
    submitted_by_name = person_field(Issue, "submitted_by")
    approved_by_name = person_field(Issue, "approved_by")
    published_by_name = person_field(Issue, "published_by")
    fieldsets = [
        (None, {"fields": ["series", "kind", "number", "total_number", "issue_date"]}),
        (_("Editor's note"), {"fields": ["editors_note"]}),
        (_("Articles"), {"fields": ["add_articles"]}),
        (
            _("Footer"),
            {
                "fields": ["report_to", "copy_to", "distribute_to", "print_run"],
                "classes": ["collapse"],
            },
        ),
        (
            _("Workflow"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    ("created_by_name", "created_at"),
                    ("submitted_by_name", "submitted_at"),
                    ("approved_by_name", "approved_at"),
                    ("published_by_name", "published_at"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    def view_on_site(self, issue):
        """Only a published issue has a page on the site; until then
        “View on site” shows its preview."""
        if issue.status == Issue.Status.PUBLISHED:
            return issue.get_absolute_url()
        return reverse("issues:preview", args=[issue.pk])

    def get_search_results(self, request, queryset, search_term):
        words = search_term.strip()
        if not words:
            return queryset, False
        found = Q(editors_note__icontains=words)
        if words.isascii() and words.isdigit() and len(words) < 10:
            found |= Q(number=int(words))
        terms = parse(words)
        if terms:
            articles = Article.objects.filter(issue=OuterRef("pk"))
            found |= Q(Exists(search.matching(articles, terms)))
        return queryset.filter(found), False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not policy.can_edit(request.user, obj):
            return [fs for fs in fieldsets if fs[0] != _("Articles")]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or policy.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or policy.can_delete(request.user, obj))

    def delete_queryset(self, request, queryset):
        # The bulk delete action checks model permissions only; published
        # issues must survive it too.
        if any(not policy.can_delete(request.user, issue) for issue in queryset):
            raise PermissionDenied(
                gettext("Only drafts that were never published can be deleted.")
            )
        super().delete_queryset(request, queryset)

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, issue):
        return issue.article_count

    @admin.display(description=_("issue date"), ordering="issue_date")
    def masthead_date(self, issue):
        return issue.masthead_date_label

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, issue):
        label = issue.get_status_display()
        if issue.status == Issue.Status.APPROVED and issue.publish_at:
            label = gettext("scheduled")
        return format_html(
            '<span class="status status-{}">{}</span>', issue.status, label
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        chosen = form.cleaned_data.get("add_articles")
        if chosen:
            try:
                form.instance.add_articles(chosen)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            context["workflow"] = self.workflow_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, issue):
        """The buttons this user may press and why the page may be read-only."""
        read_only_reason = ""
        if not issue.is_editable:
            read_only_reason = gettext(
                "This issue is %(status)s: its content is read-only for everyone. "
                "%(way)s"
            ) % {
                "status": issue.get_status_display(),
                "way": workflow.way_to_change(request.user, issue),
            }
        elif not policy.can_edit(request.user, issue):
            read_only_reason = gettext(
                "Your role can read this issue but not change it."
            )
        return {
            "transitions": [
                (
                    transition.name,
                    transition.label,
                    reverse(
                        "admin:issues_issue_transition",
                        args=[issue.pk, transition.name],
                    ),
                )
                for transition in workflow.offered(request.user, issue)
            ],
            "read_only_reason": read_only_reason,
            "can_preview": policy.can_preview(request.user, issue),
            "changes_url": (
                self.admin_url("compare", issue.pk) + "?old=previous-submission"
                if issue.status == Issue.Status.IN_REVIEW
                else ""
            ),
            "four_eyes": (
                policy.refusal("approve", request.user, issue)
                if issue.status == Issue.Status.IN_REVIEW
                and policy.is_reviewer(request.user)
                and not policy.can_approve(request.user, issue)
                else ""
            ),
        }

    def get_urls(self):
        return [
            path(
                "<int:object_id>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="issues_issue_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, name):
        """Confirm and carry out one workflow transition of one issue."""
        transition = workflow.TRANSITIONS.get(name)
        if transition is None or not transition.offered:
            raise Http404
        issue = get_object_or_404(Issue.objects.with_series(), pk=object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        # The confirmation form is offered only to those who may act now; a
        # POST is always checked by the workflow, which explains a refusal.
        if request.method != "POST" and not transition.allows(request.user, issue):
            raise PermissionDenied
        form_class = PublishForm if transition.later else TransitionForm
        change_url = reverse("admin:issues_issue_change", args=[issue.pk])
        form = form_class(
            request.POST or None,
            comment_required=bool(transition.comment_required),
            articles=(
                issue.articles.order_by("position") if transition.article_notes else ()
            ),
        )
        if request.method == "POST" and form.is_valid():
            kwargs = {"by": request.user, "comment": form.cleaned_data["comment"]}
            if transition.article_notes:
                kwargs["notes"] = form.notes()
            if transition.later and form.cleaned_data["when"] == PublishForm.When.LATER:
                name, kwargs["at"] = transition.later, form.cleaned_data["publish_at"]
            outcome = attempt(name, issue, **kwargs)
            report_outcome(
                request,
                outcome,
                gettext("%(issue)s: %(action)s — done.")
                % {"issue": issue, "action": transition.label},
            )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": transition.label,
            "issue": issue,
            "form": form,
            "transition": transition.name,
            "change_url": change_url,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/issues/issue/transition.html", context)

    def get_actions(self, request):
        """The table's bulk transitions that this user's role may start."""
        actions = super().get_actions(request)
        if IS_POPUP_VAR in request.GET:
            return actions
        for transition in workflow.TRANSITIONS.values():
            if transition.bulk and transition.role(request.user):
                name = f"{transition.name}_selected"
                actions[name] = (self.bulk_action(transition), name, transition.bulk)
        return actions

    @staticmethod
    def bulk_action(transition):
        def run(modeladmin, request, queryset):
            modeladmin.run_bulk(request, queryset, transition)

        return run

    def run_bulk(self, request, queryset, transition):
        done, failed = [], []
        for issue in queryset.select_related("series"):
            outcome = attempt(transition.name, issue, by=request.user)
            if outcome is None:
                done.append(str(issue))
            else:
                reason = " ".join(getattr(outcome, "messages", [str(outcome)]))
                failed.append(f"{issue}：{reason}")
        if done:
            self.message_user(
                request,
                gettext("%(action)s: %(count)d done (%(issues)s).")
                % {
                    "action": transition.label,
                    "count": len(done),
                    "issues": "、".join(done),
                },
                messages.SUCCESS,
            )
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)
