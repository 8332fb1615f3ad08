from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("Bulletins")

    def ready(self):
        from issues import checks  # noqa: F401 (registers system checks)
