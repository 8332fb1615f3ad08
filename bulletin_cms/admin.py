from functools import wraps

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path, unquote
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DataError, connections, models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, gettext_lazy as _, gettext_noop

# Lookups an address may not ask the admin lists for: a regular expression
# can backtrack for minutes (on SQLite it runs in Python's re, holding the
# worker), and full-text or trigram matching scans every row without an
# index. Editors filter with the search box and the sidebar instead.
REFUSED_LOOKUPS = frozenset(
    {
        "regex",
        "iregex",
        "search",
        "trigram_similar",
        "trigram_word_similar",
        "trigram_strict_word_similar",
    }
)

# What a value typed into an address can make the database or Python's
# date arithmetic raise once the list's query runs: a number beyond any
# column (OverflowError on SQLite, DataError on PostgreSQL), a year beyond
# 9999 (ValueError). Not other database errors: an unreachable database is
# a 503, not a bad address.
BAD_VALUE_ERRORS = (ValueError, OverflowError, ValidationError, DataError)


def refuse_expensive_lookups(request) -> None:
    """Raise DisallowedModelAdminLookup (400) for a query-string key that
    ends in, or passes through, a refused lookup."""
    for key in request.GET:
        if REFUSED_LOOKUPS.intersection(key.split(LOOKUP_SEP)[1:]):
            raise DisallowedModelAdminLookup(f"Filtering by {key} not allowed")


def refuse_impossible_values(model, lookup_params, connection) -> None:
    """A value asked of a field must be one it can hold: one of its choices
    (?status=bogus would otherwise show an empty list, as if nothing were in
    that state), a number within its column (beyond it SQLite raises and
    PostgreSQL quietly finds nothing)."""
    for key, values in lookup_params.items():
        parts = key.split(LOOKUP_SEP)
        lookup = parts.pop() if parts[-1] in {"exact", "in"} else "exact"
        try:
            field = get_fields_from_path(model, LOOKUP_SEP.join(parts))[-1]
        except (FieldDoesNotExist, NotRelationField):
            continue
        if field.is_relation:
            field = field.target_field
        for value in values:
            for item in value.split(",") if lookup == "in" else [value]:
                if not can_hold(field, item, connection):
                    raise IncorrectLookupParameters(key)


def can_hold(field, value: str, connection) -> bool:
    if field.choices:
        return value in {str(choice) for choice, _label in field.flatchoices}
    if isinstance(field, models.IntegerField):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        try:
            number = int(value)
        except ValueError:
            return False
        return (low is None or low <= number) and (high is None or number <= high)
    return True


class CheckedChangeList(ChangeList):
    """A change list whose query fails on a value from the address reports
    it the way Django reports an unknown filter: IncorrectLookupParameters,
    which the list answers with a redirect to the whole list."""

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        refuse_impossible_values(
            self.model, lookup_params, connections[self.root_queryset.db]
        )
        return lookup_params

    def get_results(self, request):
        try:
            # A savepoint: on PostgreSQL a failed query would otherwise
            # abort the whole transaction of the request.
            with transaction.atomic(using=self.queryset.db):
                super().get_results(request)
        except BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error


class SiteWideAdminMixin:
    """What every ModelAdmin of the site does, those of other apps included.

    What an address typed by hand, or kept from an old list, may carry gives
    a message, never a server error: bad filter values on the list, bad
    initial values on the add form. And the delete confirmation leaves out
    the rows of many-to-many tables (a group's permissions): links that go
    with the object, which Django lists under English names such as
    “Group_permissions object (1)”."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if isinstance(response, HttpResponseRedirect) and response.url.endswith(
            f"?{ERROR_FLAG}=1"
        ):
            messages.warning(
                request,
                gettext(
                    "The address asked for a filter that does not exist or a value "
                    "it cannot take; the whole list is shown instead."
                ),
            )
        return response

    def get_changeform_initial_data(self, request):
        """Initial values from the address, those the form accepts only."""
        initial = super().get_changeform_initial_data(request)
        if not initial:
            return initial
        fields = self.get_form(request).base_fields
        for name in [name for name in initial if name in fields]:
            try:
                with transaction.atomic():
                    fields[name].clean(initial[name])
            except BAD_VALUE_ERRORS:
                del initial[name]
        return initial

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        links = [
            model._meta
            for model in apps.get_models(include_auto_created=True)
            if model._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}

        def without_links(items):
            kept = []
            for item in items:
                if isinstance(item, list):
                    item = without_links(item)
                    if item:
                        kept.append(item)
                elif not str(item).startswith(prefixes):
                    kept.append(item)
            return kept

        counts = {name: n for name, n in counts.items() if str(name) not in plurals}
        return without_links(deleted), counts, perms_needed, protected


def boolean_icon(value) -> str:
    """Django's yes, no and unknown icon, its text in Chinese."""
    icon, text = {
        True: ("yes", _("Yes")),
        False: ("no", _("No")),
        None: ("unknown", _("Unknown")),
    }[value]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text
    )


class PasswordChangeForm(AdminPasswordChangeForm):
    """The form a superuser sets someone's password with, its warning in
    Chinese: Django appends the warning to the help text in English."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "{}</li></ul>",
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


# Texts of Django 5.2's admin pages that its Simplified Chinese catalogue
# lacks, listed here so that our catalogue translates them.
DJANGO_LABELS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop(
        "After you’ve created a user, you’ll be able to edit more user options."
    ),
)


class BulletinAdminSite(admin.AdminSite):
    site_header = _("Bulletin editorial system")
    site_title = _("Bulletin editorial system")
    index_title = _("Compile, review and sign off")

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every ModelAdmin, those of other apps (accounts, login records)
        included, checks what the address carries (SiteWideAdminMixin)."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SiteWideAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (SiteWideAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable=False):
        """Every admin view, the ModelAdmins of other apps included, checks
        the query string here before any list applies it as a filter."""

        @wraps(view)
        def checked(request, *args, **kwargs):
            refuse_expensive_lookups(request)
            return view(request, *args, **kwargs)

        return super().admin_view(checked, cacheable)

    def get_urls(self):
        return [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *(
                pattern
                for pattern in super().get_urls()
                if getattr(pattern, "name", None) != "view_on_site"
            ),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Where “View on site” leads. A ModelAdmin with a view_on_site
        method decides (an unpublished issue has no public address, only its
        preview); other models keep Django's redirect to their address."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None or not callable(model_admin.view_on_site):
            return shortcut(request, content_type_id, object_id)
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        url = model_admin.get_view_on_site_url(obj)
        if not url:
            raise Http404
        return HttpResponseRedirect(url)

    def index(self, request, extra_context=None):
        """The index shows each person their work (issues.desk)."""
        from issues.desk import work_for

        return super().index(
            request, {"work": work_for(request.user), **(extra_context or {})}
        )
