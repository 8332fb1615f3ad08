"""Former name of ``backup``, kept working for one release."""

from django.utils.translation import gettext as _

from issues.management.commands import backup


class Command(backup.Command):
    help = "Deprecated: use backup."

    def handle(self, *args, **options):
        self.stderr.write(
            _("export_bulletins is deprecated and will be removed; use backup.")
        )
        super().handle(*args, **options)
