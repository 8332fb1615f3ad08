"""List filters shared by the issue and article lists.

A value the filter does not offer (an address typed by hand, or kept from
an old list) raises IncorrectLookupParameters: the list then shows
everything with a message (bulletin_cms.admin.SiteWideAdminMixin)."""

from datetime import MAXYEAR, MINYEAR

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _


class YearFilter(admin.SimpleListFilter):
    """Filter by the year of a date field, listing only years that occur."""

    title = _("year")
    parameter_name = "year"
    date_field = "issue_date"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates(
            self.date_field, "year", order="DESC"
        )
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not (
            value.isascii() and value.isdigit() and MINYEAR <= int(value) <= MAXYEAR
        ):
            raise IncorrectLookupParameters(value)
        return queryset.filter(**{f"{self.date_field}__year": int(value)})


class PoolFilter(admin.SimpleListFilter):
    title = _("place")
    parameter_name = "pool"

    def lookups(self, request, model_admin):
        return [("yes", _("pool (in no issue)")), ("no", _("placed in an issue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.in_pool()
        if self.value() == "no":
            return queryset.filter(issue__isnull=False)
        if self.value():
            raise IncorrectLookupParameters(self.value())
        return queryset


class SourceYearFilter(YearFilter):
    title = _("year of the source")
    date_field = "source_date"
