"""Export and import of every bulletin record, for backups and moves.

The file is JSON lines in Django's serialization format (one record per
line, so exports stream and ``manage.py loaddata`` reads them too). Users
and groups are referred to by their natural keys (username, group name), so
records land on the right accounts in another database; every other record
keeps its primary key, so addresses such as /preview/<id>/ stay valid.

A new model is backed up by adding its label to ``MODELS``, after the
models it refers to. Revisions and admin log entries name what they record
by content type (app label and model, not the id, which differs between
databases) and id.
"""

import datetime
from collections import Counter
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils.translation import gettext as _

from bulletin_cms.invalidation import bump_generation
from issues.edition import record_signed_off

# In dependency order: a record's foreign keys point to lines above it.
MODELS = [
    "auth.Group",
    settings.AUTH_USER_MODEL,
    "articles.Source",
    "issues.Series",
    "issues.Issue",
    "articles.Article",
    "issues.IssueEvent",
    "issues.SeriesEvent",
    "issues.IssueEventNote",
    "issues.Revision",
    # The admin's change log: the only record of who edited series and
    # sources, and when.
    "admin.LogEntry",
]
# Accounts may exist before a restore (an administrator to run it); content
# must not, or records would be mixed.
CONTENT_MODELS = MODELS[2:]

FORMAT = "jsonl"


class LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps the
    microseconds the database stored."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class ImportRefused(Exception):
    """The target database already holds bulletin content."""


def backed_up_models() -> list:
    return [apps.get_model(label) for label in MODELS]


def export_records(stream: IO[str]) -> Counter:
    """Write every record of ``MODELS`` to ``stream``; return the counts."""
    counts = Counter()
    for model in backed_up_models():
        records = model._default_manager.order_by("pk")
        serializers.serialize(
            FORMAT,
            records.iterator(chunk_size=500),
            stream=stream,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            cls=LosslessEncoder,
        )
        counts[model._meta.label] = records.count()
    return counts


@transaction.atomic
def import_records(stream: IO[str]) -> Counter:
    """Restore an export into a database without bulletin content, all or
    nothing; return the counts per model."""
    occupied = [
        label
        for label in CONTENT_MODELS
        if apps.get_model(label)._default_manager.exists()
    ]
    if occupied:
        raise ImportRefused(
            _(
                "The database already holds records (%(models)s); import into an empty one."
            )
            % {"models": ", ".join(occupied)}
        )
    counts = Counter()
    for record in serializers.deserialize(
        FORMAT, stream, handle_forward_references=True
    ):
        # Saved raw: no save() override runs, timestamps stay as exported.
        record.save()
        counts[record.object._meta.label] += 1
    # Explicit primary keys leave PostgreSQL's sequences behind.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), backed_up_models()):
            cursor.execute(sql)
    # Issues of a backup made before sign-off recorded what they print.
    record_signed_off(apps.get_model("issues.Issue").objects.all())
    bump_generation()
    return counts


def describe(counts: Counter) -> str:
    """One line for the operator: how many records of each model."""
    return _("%(total)d records: %(details)s.") % {
        "total": sum(counts.values()),
        "details": ", ".join(f"{label} {n}" for label, n in counts.items()),
    }
