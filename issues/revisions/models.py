"""The revision record: a saved state of an article or an issue."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevisionQuerySet(models.QuerySet):
    def of(self, obj) -> "RevisionQuerySet":
        """The revisions of one article or issue, newest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("-created_at", "-pk")


class Revision(models.Model):
    """A saved state of an article or an issue (its fields, and for an issue
    its articles), kept for good: restoring adds a revision, never erases."""

    class Reason(models.TextChoices):
        CREATED = "created", _("created")
        SAVED = "saved", _("saved")
        RESTORED = "restored", _("restored")
        SUBMITTED = "submitted", _("submitted for review")
        PUBLISHED = "published", _("published")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    note = models.CharField(_("note"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"],
                name="issues_revision_object",
            )
        ]

    def __str__(self):
        return _("version %(version)s (%(reason)s)") % {
            "version": self.object_version,
            "reason": self.get_reason_display(),
        }
