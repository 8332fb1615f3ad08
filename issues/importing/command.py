"""Import bulletins and articles from text, Word and PDF files.

    python manage.py import_bulletin PATH... [--series SLUG] [--dry-run] [--json]

Each file (or each .txt/.docx/.pdf file in a directory) is recognised by
``issues.importing.recogniser`` and saved by ``issues.importing``: as a draft issue when
a masthead was recognised or --series names the series, otherwise as pool
articles. Every file is one transaction: a file that fails writes nothing,
and the others go on. Articles whose title and source date already exist are
skipped and named. --json prints what was recognised in the schema of
issues/sample/xuexi-cankao-76.expected.json (an object for one file, a list
for several); --dry-run writes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bulletin_cms.progress import Progress
from issues.importing.recogniser import RecogniserError, recognise_file
from issues.importing.recogniser.readers import SUFFIXES, check_size
from issues.importing.writer import find_duplicates, place, save_recognised
from issues.models import Issue, Series


class Command(BaseCommand):
    help = (
        "Import bulletins and articles from .txt, .docx and .pdf files as draft "
        "issues or pool articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--series",
            metavar="SLUG",
            help="Put every file into this series as a draft issue.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Recognise only; write nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print what was recognised as JSON on standard output.",
        )

    def handle(self, *args, paths, series, dry_run, as_json, verbosity, **options):
        series = self.series(series)
        files = self.files(paths)
        # With --json, standard output carries nothing but the JSON.
        self.report = self.stderr if as_json else self.stdout
        self.verbosity = verbosity
        progress = Progress(self.stderr, len(files), len(files) > 1 and verbosity > 0)
        recognised, failed = [], []
        counts = {"issues": 0, "articles": 0, "duplicates": 0}
        for path in files:
            progress.step(path.name)
            try:
                data = self.import_file(path, series, dry_run, counts)
            except (RecogniserError, ValidationError) as error:
                messages = getattr(error, "messages", [str(error)])
                failed.append(path)
                self.stderr.write(
                    _("%(file)s: not imported: %(reason)s")
                    % {"file": path, "reason": "；".join(messages)}
                )
            else:
                recognised.append(data)
        progress.finish()
        if as_json and recognised:
            output = recognised[0] if len(files) == 1 else recognised
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        self.summary(len(files), len(failed), counts, dry_run)
        if failed:
            raise CommandError(
                _("%(failed)d of %(total)d files could not be imported.")
                % {"failed": len(failed), "total": len(files)}
            )

    def series(self, slug: str | None) -> Series | None:
        if slug is None:
            return None
        try:
            return Series.objects.get(slug=slug)
        except Series.DoesNotExist:
            raise CommandError(
                _("There is no series with the URL name “%(slug)s”.") % {"slug": slug}
            ) from None

    def files(self, paths: list[str]) -> list[Path]:
        """The files named, and the importable files inside directories."""
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file() and child.suffix.lower() in SUFFIXES
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(_("No such file: %(path)s") % {"path": name})
        if not files:
            raise CommandError(_("No .txt, .docx or .pdf files were found."))
        return files

    def import_file(self, path: Path, series, dry_run: bool, counts: dict) -> dict:
        """Recognise one file and, unless a dry run, save it: returns what
        was recognised."""
        check_size(path.stat().st_size, settings.IMPORT_MAX_BYTES)
        recognised = recognise_file(path.read_bytes(), path.name)
        data = recognised.to_json()
        duplicates = find_duplicates(data["articles"])
        fresh = [
            item
            for item, duplicate in zip(data["articles"], duplicates, strict=True)
            if duplicate is None
        ]
        for item, duplicate in zip(data["articles"], duplicates, strict=True):
            if duplicate is not None:
                counts["duplicates"] += 1
                self.report.write(
                    _(
                        "%(file)s: skipped “%(title)s”: an article with this title and source date exists (%(place)s)."
                    )
                    % {
                        "file": path.name,
                        "title": item["title"],
                        "place": place(duplicate),
                    }
                )
        if not fresh:
            self.report.write(
                _("%(file)s: nothing new to import.") % {"file": path.name}
            )
            return data
        if dry_run:
            outcome = _("recognised (dry run, nothing saved)")
        else:
            saved = save_recognised({**data, "articles": fresh}, by=None, series=series)
            if isinstance(saved, Issue):
                counts["issues"] += 1
                outcome = _("saved as the draft %(issue)s") % {"issue": saved}
            else:
                outcome = _("saved in the article pool")
        counts["articles"] += len(fresh)
        self.report.write(
            _("%(file)s: %(count)d articles %(outcome)s.")
            % {"file": path.name, "count": len(fresh), "outcome": outcome}
        )
        self.notes(recognised)
        return data

    def notes(self, recognised) -> None:
        if not recognised.notes or self.verbosity < 1:
            return
        if self.verbosity < 2:
            self.report.write(
                _("  %(count)d notes to check (-v 2 lists them).")
                % {"count": len(recognised.notes)}
            )
            return
        for note in recognised.notes:
            where = ""
            if note.article is not None:
                title = recognised.articles[note.article].title or _("(untitled)")
                where = f"《{title}》"
            self.report.write(f"  ⚠ {where}{note.message}")

    def summary(self, total: int, failed: int, counts: dict, dry_run: bool) -> None:
        line = _(
            "%(total)d files: %(issues)d draft issues, %(articles)d articles, "
            "%(duplicates)d duplicates skipped, %(failed)d failed."
        ) % {**counts, "total": total, "failed": failed}
        if dry_run:
            line += _(" Dry run: nothing was written.")
        self.report.write(line)
