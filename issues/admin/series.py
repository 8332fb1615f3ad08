from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import (
    gettext,
    gettext_lazy as _,
    ngettext,
    override as translation_override,
)

from issues import policy, visibility
from issues.forms import SeriesAdminForm, SeriesVisibilityForm
from issues.models import Series, SeriesEvent


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    form = SeriesAdminForm
    list_display = ["name", "slug", "numbering", "visibility", "office"]
    list_filter = ["numbering", "visibility"]
    search_fields = ["name", "office"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "numbering", "visibility", "distinct_signoff"]},
        ),
        (
            _("Masthead"),
            {"fields": ["banner", "office", "handling_mark", "show_signatures"]},
        ),
        (
            _("Default distribution (报/送/发)"),
            {"fields": ["report_to", "copy_to", "distribute_to"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            # Nothing is published in a new series: its first readers come
            # with the first sign-off.
            return []
        # Who reads a series is changed on its own page, signed off.
        fields = list(visibility.FIELDS)
        # Published addresses must stay stable.
        if obj.issues.exclude(published_at=None).exists():
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {}
            if "slug" in self.get_readonly_fields(request, obj)
            else self.prepopulated_fields
        )

    def view_on_site(self, series):
        # A series has a page on the reading site once it has published.
        if Series.objects.with_archive().filter(pk=series.pk).exists():
            return series.get_absolute_url()
        return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {
            "can_change_visibility": policy.can_change_visibility(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def history_view(self, request, object_id, extra_context=None):
        series = self.get_object(request, unquote(object_id))
        events = (
            SeriesEvent.objects.filter(series=series).select_related("actor")
            if series is not None
            else []
        )
        extra = {"access_events": events, **(extra_context or {})}
        return super().history_view(request, object_id, extra)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/visibility/",
                self.admin_site.admin_view(self.visibility_view),
                name="issues_series_visibility",
            ),
            *super().get_urls(),
        ]

    def visibility_view(self, request, object_id):
        """Change who may read a series, or its handling mark: the choice
        and its reason, then a confirmation that says what it opens or
        closes, then the change and its record."""
        series = get_object_or_404(Series, pk=object_id)
        if not (
            self.has_view_permission(request, series)
            and policy.can_change_visibility(request.user)
        ):
            raise PermissionDenied
        url = reverse("admin:issues_series_visibility", args=[series.pk])
        form = SeriesVisibilityForm(request.POST or None, series=series)
        confirming = False
        if request.method == "POST" and form.is_valid():
            if not form.cleaned_data["confirmed"]:
                confirming = True
            else:
                try:
                    with transaction.atomic():
                        events = visibility.change(
                            series, by=request.user, **form.decision()
                        )
                        self.log_change(request, series, change_message(events))
                except ValidationError as error:
                    # Start again from the values as they now are.
                    for message in error.messages:
                        messages.error(request, message)
                    return HttpResponseRedirect(url)
                messages.success(
                    request,
                    gettext("《%(series)s》: the change is made and recorded.")
                    % {"series": series},
                )
                return HttpResponseRedirect(
                    reverse("admin:issues_series_history", args=[series.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Change visibility"),
            "series": series,
            "form": form,
            "confirming": confirming,
            "consequences": self.consequences(series, form) if confirming else [],
            "change_url": reverse("admin:issues_series_change", args=[series.pk]),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/issues/series/visibility.html", context)

    @staticmethod
    def consequences(series, form) -> list[tuple[str, str, str]]:
        """(what, before → after, what it means) of each field the form
        would change, for the confirmation."""
        data = form.cleaned_data
        rows = []
        for name, (old, new) in visibility.changes(data["was"], data).items():
            event = SeriesEvent(field=name)
            meaning = ""
            if name == "visibility":
                issues, articles = visibility.exposure(series)
                meaning = visibility_meaning(new, issues, articles)
            rows.append(
                (
                    event.get_field_display(),
                    f"{event.display(old)} → {event.display(new)}",
                    meaning,
                )
            )
        return rows


def change_message(events) -> list[dict]:
    """The admin log's entry for a change, so that the standard history
    names it too; stored in English, shown translated, as Django does."""
    with translation_override(None):
        fields = [str(event.get_field_display()) for event in events]
    return [{"changed": {"fields": fields}}]


def visibility_meaning(new: str, issues: int, articles: int) -> str:
    if not issues:
        return gettext(
            "The series has no published issue yet: the change concerns the "
            "issues signed off from now on."
        )
    counts = {"issues": issues, "articles": articles}
    if new == Series.Visibility.PUBLIC:
        return (
            ngettext(
                "%(issues)d published issue (%(articles)d articles) becomes readable "
                "by anyone without logging in: its pages, feeds, sitemap entries, "
                "search results and PDF.",
                "%(issues)d published issues (%(articles)d articles) become readable "
                "by anyone without logging in: their pages, feeds, sitemap entries, "
                "search results and PDFs.",
                issues,
            )
            % counts
        )
    return (
        ngettext(
            "%(issues)d published issue (%(articles)d articles) becomes readable "
            "only after logging in, and leaves the public feeds, the sitemap and "
            "anonymous search.",
            "%(issues)d published issues (%(articles)d articles) become readable "
            "only after logging in, and leave the public feeds, the sitemap and "
            "anonymous search.",
            issues,
        )
        % counts
    )
