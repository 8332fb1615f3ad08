"""Admin pages for revisions and safe concurrent editing, shared by the
article and issue admins: history, compare, restore, edit conflicts and
presence."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from bulletin_cms.people import staff_name
from issues.models import Issue
from issues.revisions import presence, records
from issues.revisions.models import Revision

HISTORY_PAGE_SIZE = 20


@dataclass
class Conflict:
    """Someone saved after the form was opened: who, when, and the fields
    of the form as saved and as the editor has them, to compare once the
    row lock is released."""

    by: object
    at: object
    model: type
    saved: dict
    theirs: dict
    changes: list = field(default_factory=list)

    def compare(self):
        self.changes = records.compare_fields(
            self.model, self.saved, self.theirs, list(self.theirs)
        )


def model_fields_of(obj):
    return [field for field in obj._meta.concrete_fields if field.editable]


class VersionCheckForm(forms.ModelForm):
    """Carries the version the editor opened and refuses to save over a
    newer one; the editor's text stays in the form to merge."""

    version = forms.IntegerField(
        label=gettext_lazy("version"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        model = type(self.instance)
        # Locked until the save commits, so nobody can slip in between.
        current = model.objects.select_for_update().get(pk=self.instance.pk)
        seen = cleaned.get("version")
        if seen != current.version:
            self.conflict = self.describe_conflict(current, cleaned)
            data = self.data.copy()
            data["version"] = current.version  # saving again means "merged"
            self.data = data
            raise ValidationError(
                _(
                    "%(who)s saved this at %(when)s, after you opened it. Your changes "
                    "are not saved yet: compare them with the saved version below, "
                    "merge, and save again."
                )
                % {
                    "who": self.conflict.by,
                    "when": timezone.localtime(self.conflict.at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                },
                code="edit_conflict",
            )
        self.instance.version = seen
        return cleaned

    def describe_conflict(self, current, cleaned) -> Conflict:
        latest = records.latest(current)
        # A save that changed nothing adds no revision: the latest one then
        # names an earlier save, not the one that moved the version on.
        if latest is not None and latest.object_version != current.version:
            latest = None
        who = (latest and staff_name(latest.author)) or _("Someone")
        at = latest.created_at if latest else current.updated_at
        model_fields = {field.name for field in model_fields_of(current)}
        names = [name for name in cleaned if name in model_fields]
        theirs = {name: records.plain(cleaned.get(name)) for name in names}
        saved = {name: records.plain(getattr(current, name, None)) for name in names}
        return Conflict(who, at, type(current), saved, theirs)


class RevisionAdminMixin:
    """History, compare and restore views, conflict-checked forms and the
    presence indicator for a ModelAdmin of a versioned model."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        fields = kwargs.get("fields") or flatten_fieldsets(
            self.get_fieldsets(request, obj)
        )
        # "version" is the form's own field, not an editable model field.
        kwargs["fields"] = [name for name in fields if name != "version"]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (VersionCheckForm, form), {})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    # The admin logs an addition or change once the object and everything
    # edited with it (an issue's article list) are saved: the right moment
    # for a snapshot.
    def log_addition(self, request, obj, message):
        records.record(obj, by=request.user, reason=Revision.Reason.CREATED)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        records.record_change(obj, by=request.user)
        return super().log_change(request, obj, message)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        # The admin validates and saves in one transaction, which keeps the
        # row locked from VersionCheckForm.clean until it ends: the versions
        # of a conflict are compared only now, so that a long comparison
        # never holds up other saves of the row.
        conflict = (getattr(response, "context_data", None) or {}).get("conflict")
        if conflict is not None:
            conflict.compare()
        return response

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            context["others_here"] = presence.touch(obj, request.user)
            context["presence_url"] = self.admin_url("presence", obj.pk)
            context["history_url"] = self.admin_url("history", obj.pk)
            context["conflict"] = getattr(context["adminform"].form, "conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def admin_url(self, view: str, *args) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            path(
                "<path:object_id>/presence/",
                wrap(self.presence_view),
                name=f"{name}_presence",
            ),
            *super().get_urls(),
        ]

    def viewable_object(self, request, object_id):
        """The object, if this user may see it; history follows the object."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def revision_of(self, obj, revision_id) -> Revision | None:
        """A revision, only if it belongs to this object (never another
        one's); None when the id, as typed into an address, names none."""
        try:
            pk = int(revision_id)
        except (TypeError, ValueError):
            return None
        return Revision.objects.of(obj).select_related("author").filter(pk=pk).first()

    def no_such_revision(self, request, obj) -> HttpResponseRedirect:
        messages.error(
            request,
            _("There is no such version of %(object)s; choose one from its history.")
            % {"object": obj},
        )
        return HttpResponseRedirect(self.admin_url("history", obj.pk))

    def history_view(self, request, object_id, extra_context=None):
        obj = self.viewable_object(request, object_id)
        page = Paginator(
            Revision.objects.of(obj).select_related("author"), HISTORY_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("History of %(object)s") % {"object": obj},
            "page_obj": page,
            "entries": records.history(obj, page),
            "can_restore": self.has_change_permission(request, obj),
            "compare_url": self.admin_url("compare", obj.pk),
            "change_url": self.admin_url("change", obj.pk),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/revisions/history.html", context)

    def compare_view(self, request, object_id):
        obj = self.viewable_object(request, object_id)
        old, new = request.GET.get("old"), request.GET.get("new", "current")
        if old == "previous-submission":
            previous = (
                records.previous_submission(obj) if isinstance(obj, Issue) else None
            )
            old_data, old_label = (
                (previous.data, self.revision_label(obj, previous))
                if previous
                else ({}, _("nothing (first submission)"))
            )
        else:
            previous = self.revision_of(obj, old)
            if previous is None:
                return self.no_such_revision(request, obj)
            old_data, old_label = previous.data, self.revision_label(obj, previous)
        if new == "current":
            new_data, new_label = records.snapshot(obj), _("current version")
        else:
            later = self.revision_of(obj, new)
            if later is None:
                return self.no_such_revision(request, obj)
            new_data, new_label = later.data, self.revision_label(obj, later)
        if isinstance(obj, Issue):
            fields, articles = records.compare_issues(old_data, new_data)
        else:
            fields, articles = records.compare_articles(old_data, new_data), []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Changes to %(object)s") % {"object": obj},
            "old_label": old_label,
            "new_label": new_label,
            "fields": fields,
            "articles": [a for a in articles if a.status != "unchanged"],
            "history_url": self.admin_url("history", obj.pk),
            "change_url": self.admin_url("change", obj.pk),
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def revision_label(self, obj, revision: Revision) -> str:
        who = staff_name(revision.author) or _("system")
        return _("version %(version)s, %(reason)s by %(who)s, %(when)s") % {
            "version": records.number(obj, revision),
            "reason": revision.get_reason_display(),
            "who": who,
            "when": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M"),
        }

    def restore_view(self, request, object_id, revision_id):
        """Ask first, showing what restoring would change; restore on the
        confirming POST."""
        obj = self.viewable_object(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = self.revision_of(obj, revision_id)
        if revision is None:
            return self.no_such_revision(request, obj)
        history_url = self.admin_url("history", obj.pk)
        if request.method == "POST" and request.POST.get("post") == "yes":
            try:
                records.restore(obj, revision, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(history_url)
            messages.success(
                request,
                _("Version %(version)s restored; it is saved as a new version.")
                % {"version": records.number(obj, revision)},
            )
            return HttpResponseRedirect(self.admin_url("change", obj.pk))
        current = records.snapshot(obj)
        if not records.restores_something(obj, revision.data, current):
            messages.info(
                request,
                _(
                    "This version holds the current content: there is nothing to "
                    "restore."
                ),
            )
            return HttpResponseRedirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Restore %(version)s?")
            % {"version": self.revision_label(obj, revision)},
            "fields": records.compare_fields(
                type(obj), current, revision.data, records.restored_fields(obj)
            ),
            "keeps_articles": isinstance(obj, Issue),
            "history_url": history_url,
            "change_url": self.admin_url("change", obj.pk),
        }
        return TemplateResponse(request, "admin/revisions/restore.html", context)

    def presence_view(self, request, object_id):
        if request.method != "POST":
            return JsonResponse({"error": "POST"}, status=405)
        obj = self.viewable_object(request, object_id)
        return JsonResponse({"others": presence.touch(obj, request.user)})
