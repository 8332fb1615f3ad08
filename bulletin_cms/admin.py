from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BulletinAdminSite(admin.AdminSite):
    site_header = _("Bulletin editorial system")
    site_title = _("Bulletin editorial system")
    index_title = _("Compile, review and sign off")

    def index(self, request, extra_context=None):
        """The index shows how many issues wait for review or sign-off."""
        from issues import policy
        from issues.models import Issue

        counts = {}
        if policy.is_reviewer(request.user):
            counts["in_review"] = Issue.objects.filter(
                status=Issue.Status.IN_REVIEW
            ).count()
        if policy.is_publisher(request.user):
            approved = Issue.objects.filter(status=Issue.Status.APPROVED)
            counts["approved"] = approved.filter(publish_at__isnull=True).count()
            # Scheduled issues still waiting well after their time mean the
            # publish_scheduled cron job is not running.
            counts["overdue"] = approved.filter(
                publish_at__lt=timezone.now() - timedelta(minutes=10)
            ).count()
        return super().index(request, {"queue_counts": counts, **(extra_context or {})})
