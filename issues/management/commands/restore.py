"""Restore a file written by ``backup`` into a database that has
been migrated but holds no bulletin content yet. Every record is imported in
one transaction: on any error nothing is written. The search index is then
rebuilt in a transaction of its own, so that a failure there leaves the
records in place: the index can be rebuilt from them at any time."""

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from articles import search
from articles.models import Article
from issues.backup import ImportRefused, describe, import_records


class Command(BaseCommand):
    help = "Import a file written by backup into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file written by backup")

    def handle(self, *args, path, **options):
        show = options["verbosity"] >= 1
        try:
            with open(path, encoding="utf-8") as stream:
                counts = import_records(stream)
        except (OSError, ImportRefused, DeserializationError, DatabaseError) as error:
            raise CommandError(str(error)) from error
        if show:
            self.stdout.write(describe(counts))
        try:
            done = search.rebuild_with_progress(
                Article.objects.order_by("pk"), self.stderr, show
            )
        except Exception as error:
            # Whatever the cause, the records are committed: the operator
            # must learn that they stay, and how to finish the job.
            raise CommandError(
                _(
                    "The records are restored and stay restored, but the search "
                    "index could not be rebuilt (%(error)s): search finds nothing "
                    "until it is. Run `python manage.py rebuild_search_index` to "
                    "rebuild it from the restored records."
                )
                % {"error": error}
            ) from error
        if show:
            self.stdout.write(
                _("Search index rebuilt: %(count)d articles.") % {"count": done}
            )
