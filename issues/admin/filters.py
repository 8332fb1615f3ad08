"""List filters shared by the issue and article lists."""

from django.contrib import admin
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
        if self.value():
            return queryset.filter(**{f"{self.date_field}__year": self.value()})
        return queryset


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
        return queryset


class SourceYearFilter(YearFilter):
    title = _("year of the source")
    date_field = "source_date"
