from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from issues.models import Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
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
        # Published addresses must stay stable.
        if obj is not None and obj.issues.exclude(published_at=None).exists():
            return ["slug"]
        return []

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {}
            if "slug" in self.get_readonly_fields(request, obj)
            else self.prepopulated_fields
        )
