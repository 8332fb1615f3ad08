"""Former name of ``restore``, kept working for one release."""

from django.utils.translation import gettext as _

from issues.management.commands import restore


class Command(restore.Command):
    help = "Deprecated: use restore."

    def handle(self, *args, **options):
        self.stderr.write(
            _("import_bulletins is deprecated and will be removed; use restore.")
        )
        super().handle(*args, **options)
