from functools import wraps

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

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


def refuse_expensive_lookups(request) -> None:
    """Raise DisallowedModelAdminLookup (400) for a query-string key that
    ends in, or passes through, a refused lookup."""
    for key in request.GET:
        if REFUSED_LOOKUPS.intersection(key.split(LOOKUP_SEP)[1:]):
            raise DisallowedModelAdminLookup(f"Filtering by {key} not allowed")


class BulletinAdminSite(admin.AdminSite):
    site_header = _("Bulletin editorial system")
    site_title = _("Bulletin editorial system")
    index_title = _("Compile, review and sign off")

    def admin_view(self, view, cacheable=False):
        """Every admin view, the ModelAdmins of other apps included, checks
        the query string here before any list applies it as a filter."""

        @wraps(view)
        def checked(request, *args, **kwargs):
            refuse_expensive_lookups(request)
            return view(request, *args, **kwargs)

        return super().admin_view(checked, cacheable)

    def index(self, request, extra_context=None):
        """The index shows each person their work (issues.desk)."""
        from issues.desk import work_for

        return super().index(
            request, {"work": work_for(request.user), **(extra_context or {})}
        )
