from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _

from articles import search
from articles.models import CONTENT_FIELDS, Article
from articles.search.query import parse
from articles.text import (
    format_cn_date,
    mark_title_breaks,
    single_line,
    split_title_marks,
)
from issues import policy, workflow
from issues.admin.accounts import person_field
from issues.admin.columns import updated
from issues.admin.filters import PoolFilter, SourceYearFilter
from issues.importing.admin import ImportLinkMixin
from issues.models import Issue, IssueEventNote
from issues.revisions.admin import RevisionAdminMixin


def https_urls(field, **kwargs):
    """Addresses typed without a scheme are taken as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        formfield_callback = https_urls
        # title_breaks comes from the | marks in the title.
        fields = [
            *(name for name in CONTENT_FIELDS if name != "title_breaks"),
            "issue",
            "position",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "subtitle": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["title"] = mark_title_breaks(
                self.instance.title, self.instance.title_breaks
            )
        if "issue" in self.fields:
            # Only drafts take articles (DESIGN.md, Workflow).
            self.fields["issue"].queryset = Issue.objects.filter(
                status=Issue.Status.DRAFT
            ).with_series()
            self.fields["issue"].help_text = _(
                "Only draft issues are listed. Leave empty to keep the article in the pool."
            )

    def clean_title(self):
        title, self.instance.title_breaks = split_title_marks(
            single_line(self.cleaned_data["title"])
        )
        return title


class PlaceInIssueForm(forms.Form):
    issue = forms.ModelChoiceField(
        label=_("issue"),
        queryset=Issue.objects.filter(status=Issue.Status.DRAFT).with_series(),
    )


@admin.register(Article)
class ArticleAdmin(ImportLinkMixin, RevisionAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "placement",
        "source_line",
        "place_label",
        updated,
    ]
    list_filter = [
        PoolFilter,
        "issue__series",
        "issue__status",
        SourceYearFilter,
        "source",
    ]
    list_select_related = ["issue__series", "source"]
    # Shows the search box; get_search_results answers from the index.
    search_fields = ["title"]
    search_help_text = _(
        "Search titles and text: every word must occur; put a phrase in quotes "
        "to find it as written."
    )
    autocomplete_fields = ["source"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["citation", "created_by_name", "created_at", "updated_at"]
    created_by_name = person_field(Article, "created_by")
    actions = ["place_in_issue", "return_to_pool"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "byline", "body"]}),
        (
            _("Source and citation"),
            {
                "fields": [
                    "source",
                    ("source_date", "source_page"),
                    "source_url",
                    "citation_override",
                    "citation",
                ]
            },
        ),
        (_("Place"), {"fields": ["issue", "position"]}),
        (_("Record"), {"fields": [("created_by_name", "created_at"), "updated_at"]}),
    ]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.is_editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.is_editable(request, obj))

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        terms = parse(search_term)
        if not terms:
            return queryset.none(), False
        return search.matching(queryset, terms), False

    def delete_queryset(self, request, queryset):
        # The bulk delete action checks model permissions only.
        if any(
            not self.is_editable(request, a) for a in queryset.select_related("issue")
        ):
            raise PermissionDenied(
                gettext("Articles of issues that are not drafts cannot be deleted.")
            )
        super().delete_queryset(request, queryset)

    def view_on_site(self, article):
        """An article shows on the site with its issue: its page once the
        issue is published, its place in the issue's preview until then;
        a pool article shows nowhere."""
        if article.issue is None:
            return None
        if article.issue.status == Issue.Status.PUBLISHED:
            return article.get_absolute_url()
        preview = reverse("issues:preview", args=[article.issue_id])
        return f"{preview}#article-{article.position}"

    def is_editable(self, request, article) -> bool:
        return policy.can_edit_article(request.user, article.issue)

    @admin.display(description=_("citation line"))
    def citation(self, article):
        return article.citation or gettext("(formed once the source is set)")

    @admin.display(description=_("issue"), ordering="issue")
    def placement(self, article):
        """《学习参考》第76期第1篇: the issue and the place in it, in one
        column so that the list fits beside the navigation sidebar."""
        if article.issue is None:
            return gettext("in the pool")
        return gettext("%(issue)s, article %(position)s") % {
            "issue": article.issue,
            "position": article.position,
        }

    @admin.display(description=_("source"), ordering="source__name")
    def source_line(self, article):
        """北京日报 2023年7月23日, on two lines where the column is narrow."""
        if article.source is None:
            return "-"
        return format_html(
            '<span class="nowrap">{}</span> <span class="nowrap">{}</span>',
            article.source.name,
            format_cn_date(article.source_date),
        )

    @admin.display(description=_("status"), ordering="issue__status")
    def place_label(self, article):
        return article.issue.get_status_display() if article.issue else "-"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.issue and not obj.issue.is_editable:
            context["read_only_reason"] = gettext(
                "This article belongs to %(issue)s, which is %(status)s: it is "
                "read-only for everyone. %(way)s"
            ) % {
                "issue": obj.issue,
                "status": obj.issue.get_status_display(),
                "way": workflow.way_to_change(request.user, obj.issue),
            }
        if obj is not None:
            context["open_note"] = (
                IssueEventNote.objects.open()
                .filter(article=obj)
                .select_related("event__actor")
                .first()
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(
        description=_("Place selected pool articles in an issue…"),
        permissions=["change"],
    )
    def place_in_issue(self, request, queryset):
        form = PlaceInIssueForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            articles = list(queryset.in_pool().order_by("created_at"))
            try:
                form.cleaned_data["issue"].add_articles(articles)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(count)d articles placed in %(issue)s.")
                    % {"count": len(articles), "issue": form.cleaned_data["issue"]},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/articles/article/place_in_issue.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Place articles in an issue"),
                "form": form,
                "articles": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=_("Take selected articles out of their issue"),
        permissions=["change"],
    )
    def return_to_pool(self, request, queryset):
        by_issue = {}
        for article in queryset.filter(issue__isnull=False).select_related(
            "issue__series"
        ):
            by_issue.setdefault(article.issue, []).append(article.pk)
        for issue, pks in by_issue.items():
            try:
                issue.arrange([], removed_ids=pks)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(count)d articles returned to the pool from %(issue)s.")
                    % {"count": len(pks), "issue": issue},
                    messages.SUCCESS,
                )
