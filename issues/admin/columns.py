"""List columns shared by the issue and article lists."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


@admin.display(description=_("updated at"), ordering="updated_at")
def updated(obj) -> str:
    """2026-12-04 04:13, on two lines where the column is narrow: the date
    and the time each kept whole."""
    moment = timezone.localtime(obj.updated_at)
    return format_html(
        '<span class="nowrap">{}</span> <span class="nowrap">{}</span>',
        moment.strftime("%Y-%m-%d"),
        moment.strftime("%H:%M"),
    )
