"""Write every series, issue, article, source, workflow event, revision,
admin log entry, user and group to one JSON-lines file (see issues.backup).
The file holds internal bulletins and password hashes: keep it as safely as
the database."""

import sys

from django.core.management.base import BaseCommand

from issues.backup import describe, export_records


class Command(BaseCommand):
    help = "Export all bulletin records to a JSON-lines file (- for stdout)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, or - for standard output")

    def handle(self, *args, path, **options):
        if path == "-":
            counts = export_records(sys.stdout)
        else:
            with open(path, "w", encoding="utf-8") as stream:
                counts = export_records(stream)
        if options["verbosity"] >= 1:
            self.stderr.write(describe(counts))
