"""Publish every approved issue whose scheduled time has come (run from cron).

Idempotent and safe to run as several copies at once: each issue is taken
under a row lock that other copies skip (issues.workflow.publish_due). An
issue that cannot be published is reported here, to its scheduler by
e-mail, and makes the command exit non-zero so cron mails the failure too.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from issues import workflow


class Command(BaseCommand):
    help = "Publish approved issues whose scheduled time has come (for cron)."

    def handle(self, *args, **options):
        published, failed = workflow.publish_due()
        for issue in published:
            if options["verbosity"] >= 1:
                self.stdout.write(_("Published %(issue)s.") % {"issue": issue})
        for issue, reason in failed.items():
            self.stderr.write(
                _("Could not publish %(issue)s: %(reason)s")
                % {"issue": issue, "reason": reason}
            )
        if failed:
            raise CommandError(
                _("%(count)d scheduled issues could not be published.")
                % {"count": len(failed)}
            )
        if not published and options["verbosity"] >= 2:
            self.stdout.write(_("No scheduled issue is due."))
