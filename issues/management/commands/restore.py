"""Restore a file written by ``backup`` into a database that has
been migrated but holds no bulletin content yet. Everything is imported in
one transaction: on any error nothing is written."""

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from issues.backup import ImportRefused, describe, import_records


class Command(BaseCommand):
    help = "Import a file written by backup into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file written by backup")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as stream:
                counts = import_records(stream)
        except (OSError, ImportRefused, DeserializationError, DatabaseError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(describe(counts))
