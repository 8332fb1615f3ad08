"""The import wizard in the admin: paste or upload, check what was
recognised, confirm or cancel. The recognised data travels in the form
itself, so nothing is kept on the server between the steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from issues import policy
from issues.importing.forms import ImportStartForm, import_forms
from issues.importing.writer import save_recognised
from issues.models import Issue


class ImportLinkMixin:
    """Shows the “Import” button on a change list to those who may import."""

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request,
            {
                "can_import": policy.can_import(request.user),
                **(extra_context or {}),
            },
        )


class ImportAdminMixin(ImportLinkMixin):
    """Adds the import wizard to the issue admin."""

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="issues_issue_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Paste or upload (step 1), check the recognised text (step 2),
        confirm or cancel. The recognised data travels in the form itself."""
        if not policy.can_import(request.user):
            raise PermissionDenied
        changelist = reverse("admin:issues_issue_changelist")
        if "cancel" in request.POST:
            messages.info(request, gettext("Import cancelled; nothing was saved."))
            return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import a bulletin or articles"),
        }
        if "confirm" in request.POST:
            issue_form, formset = import_forms(None, request.POST)
            if issue_form.is_valid() and formset.is_valid():
                # Extra forms left empty have no cleaned data.
                chosen = [form for form in formset if form.cleaned_data.get("include")]
                data = {
                    **issue_form.to_data(),
                    "articles": [form.to_data() for form in chosen],
                }
                try:
                    if not chosen:
                        raise ValidationError(
                            gettext("Choose at least one article to import.")
                        )
                    saved = save_recognised(data, by=request.user)
                except ValidationError as error:
                    issue_form.add_error(None, error)
                else:
                    return self.imported(request, saved)
            return self.import_preview(request, context, issue_form, formset)
        start = ImportStartForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and start.is_valid():
            return self.import_preview(
                request, context, *import_forms(start.recognised)
            )
        return TemplateResponse(
            request,
            "admin/issues/issue/import.html",
            {**context, "form": start, "changelist_url": changelist},
        )

    def import_preview(self, request, context, issue_form, formset):
        return TemplateResponse(
            request,
            "admin/issues/issue/import_preview.html",
            {
                **context,
                "issue_form": issue_form,
                "formset": formset,
                "title": gettext("Check what was recognised"),
            },
        )

    def imported(self, request, saved):
        """Where to go after a confirmed import, with what to say."""
        if isinstance(saved, Issue):
            messages.success(
                request,
                gettext("Imported as the draft %(issue)s with %(count)d articles.")
                % {"issue": saved, "count": saved.articles.count()},
            )
            return HttpResponseRedirect(
                reverse("admin:issues_issue_change", args=[saved.pk])
            )
        messages.success(
            request,
            gettext("%(count)d articles imported into the pool.")
            % {"count": len(saved)},
        )
        ids = ",".join(str(article.pk) for article in saved)
        return HttpResponseRedirect(
            reverse("admin:articles_article_changelist") + f"?id__in={ids}"
        )
