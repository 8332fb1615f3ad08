from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BulletinAdminConfig(AdminConfig):
    default_site = "bulletin_cms.admin.BulletinAdminSite"

    def ready(self):
        """Two texts Django's admin shows in English whatever the language."""
        super().ready()
        from django.contrib import admin
        from django.contrib.admin.templatetags import admin_list
        from django.contrib.auth import get_user_model

        from bulletin_cms.admin import PasswordChangeForm, boolean_icon

        # Django writes True, False or None into the text of its yes/no
        # icons; every admin page asks admin_list for the icon.
        admin_list._boolean_icon = boolean_icon
        # Whichever admin the accounts have, its password page.
        user_admin = admin.site._registry.get(get_user_model())
        if user_admin is not None:
            user_admin.change_password_form = PasswordChangeForm


class LoginThrottleConfig(AxesConfig):
    """django-axes under a Chinese name, its records' admin in Chinese
    (bulletin_cms.login_admin)."""

    verbose_name = _("Login throttling")

    def ready(self):
        super().ready()
        from bulletin_cms import login_admin

        login_admin.install()
