"""Load the sample bulletin 《学习参考》第76期 and one demo account per role.

Idempotent: running it again changes nothing that is already there. The
sample issue is read from its text by the importer's recogniser and goes
through the real workflow (submitted by the editor,
approved by the reviewer, signed off by the publisher), so its history and
footer read like a real one. Passwords are printed only when DEBUG is on;
otherwise the demo accounts get random passwords nobody knows.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from issues import workflow
from issues.importing.recogniser import recognise
from issues.importing.writer import find_or_create_series, save_bulletin
from issues.models import Issue

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample"
SAMPLE_TEXT = SAMPLE_DIR / "xuexi-cankao-76.txt"

# username, full name, group, superuser, demo password
DEMO_ACCOUNTS = [
    ("admin", "周建国", None, True, "admin-demo-2023"),
    ("editor", "张晓梅", "编辑", False, "editor-demo-2023"),
    ("reviewer", "李文华", "审核", False, "reviewer-demo-2023"),
    ("publisher", "王志刚", "签发", False, "publisher-demo-2023"),
    ("reader", "赵丽娜", None, False, "reader-demo-2023"),
]


class Command(BaseCommand):
    help = "Load the sample bulletin 《学习参考》第76期 and demo accounts (idempotent)."

    def handle(self, *args, **options):
        # Demo data notifies nobody: its workflow mails go to memory.
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
            ),
            transaction.atomic(),
        ):
            users, passwords = self.demo_accounts()
            issue, created = self.sample_issue(users)
        message = (
            _("%(issue)s loaded and published.")
            if created
            else _("%(issue)s is already there; nothing changed.")
        )
        self.stdout.write(message % {"issue": issue})
        if settings.DEBUG:
            self.stdout.write(_("Demo accounts (development only):"))
            for username, full_name, group, superuser, _password in DEMO_ACCOUNTS:
                role = group or (_("administrator") if superuser else _("reader"))
                self.stdout.write(
                    f"  {username:<10} {passwords[username]:<20} {full_name}（{role}）"
                )

    def demo_accounts(self):
        User = get_user_model()
        users, passwords = {}, {}
        for username, full_name, group, superuser, demo_password in DEMO_ACCOUNTS:
            password = demo_password if settings.DEBUG else get_random_string(32)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": full_name,
                    "email": f"{username}@example.com",
                    "is_staff": superuser or group is not None,
                    "is_superuser": superuser,
                },
            )
            if created or settings.DEBUG:
                user.set_password(password)
                user.save(update_fields=["password"])
            if group:
                user.groups.add(Group.objects.get(name=group))
            users[username], passwords[username] = user, password
        return users, passwords

    def sample_issue(self, users):
        data = recognise(SAMPLE_TEXT.read_text(encoding="utf-8")).to_json()
        series = find_or_create_series(data["series"])
        existing = Issue.objects.filter(
            series=series, kind=data["issue"]["kind"], number=data["issue"]["number"]
        ).first()
        if existing:
            return existing, False
        if series.show_signatures:
            # The printed sample carries no footer; keep the page identical.
            series.show_signatures = False
            series.save(update_fields=["show_signatures"])
        issue = save_bulletin(data, by=users["editor"], series=series)
        workflow.submit(issue, by=users["editor"])
        workflow.approve(issue, by=users["reviewer"])
        workflow.publish(issue, by=users["publisher"])
        return issue, True
