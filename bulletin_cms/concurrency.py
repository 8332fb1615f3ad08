"""Optimistic concurrency for content that several people edit.

A versioned row carries a version number. Every UPDATE made through
``save()`` matches only the version the instance was read at and increments
it, in the same statement, so the check holds across processes and on both
databases: of two people who opened version 3, the second to save matches no
row and gets ``EditConflict`` instead of overwriting the first.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone saved the row after this instance was read."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(f"{type(instance).__name__} {instance.pk} changed meanwhile")


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        version = self._meta.get_field("version")
        values = [value for value in values if value[0] is not version]
        values.append((version, None, F("version") + 1))
        matched = base_qs.filter(version=self.version)
        updated = super()._do_update(
            matched, using, pk_val, values, update_fields, forced_update
        )
        if updated:
            self.version += 1
        elif base_qs.filter(pk=pk_val).exists():
            raise EditConflict(self)
        return updated
