"""Permission names in Chinese.

Django stores a permission's name once, in English (“Can add issue”, and
our own as written in Meta.permissions), and the pages of users and groups
show it as stored. Every permission is created here first, as in
0002_create_roles, so that those of every app get their Chinese name.
A model added later needs a migration that calls ``name_permissions``.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

create_permissions = import_module(
    "issues.migrations.0002_create_roles"
).create_all_permissions

# Django's default permissions, by the action their codename starts with.
DEFAULT_NAMES = {
    "add": gettext_noop("Can add %(model)s"),
    "change": gettext_noop("Can change %(model)s"),
    "delete": gettext_noop("Can delete %(model)s"),
    "view": gettext_noop("Can view %(model)s"),
}


def names(apps, chinese: bool):
    """(permission, name) for every permission of a model that exists."""
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.select_related("content_type"):
        content_type = permission.content_type
        try:
            opts = apps.get_model(content_type.app_label, content_type.model)._meta
        except LookupError:
            continue  # a model since removed
        action, _sep, model_name = permission.codename.partition("_")
        if action in DEFAULT_NAMES and model_name == opts.model_name:
            if chinese:
                name = gettext(DEFAULT_NAMES[action]) % {
                    "model": gettext(opts.verbose_name_raw)
                }
            else:  # as django.contrib.auth.management writes it
                name = f"Can {action} {opts.verbose_name_raw}"
        else:
            custom = dict(opts.permissions).get(permission.codename)
            if custom is None:
                continue
            name = gettext(custom) if chinese else str(custom)
        yield permission, name


def rename(apps, chinese: bool) -> None:
    with translation.override(settings.LANGUAGE_CODE if chinese else "en"):
        for permission, name in names(apps, chinese):
            if permission.name != name:
                permission.name = name
                permission.save(update_fields=["name"])


def name_permissions(apps, schema_editor):
    create_permissions(apps)
    rename(apps, chinese=True)


def restore_english_names(apps, schema_editor):
    rename(apps, chinese=False)


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0007_issue_event_notes"),
        ("articles", "0006_title_breaks"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("axes", "0010_accessattemptexpiration"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(name_permissions, restore_english_names)]
