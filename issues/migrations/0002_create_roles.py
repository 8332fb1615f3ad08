"""Create the three editorial roles as groups with their permissions.

Permissions are normally created after all migrations have run; they are
created here first so the groups can be given them on a fresh database.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "编辑": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.add_source",
        "articles.change_source",
        "articles.view_source",
        "issues.add_series",
        "issues.change_series",
        "issues.view_series",
        "issues.add_issue",
        "issues.change_issue",
        "issues.delete_issue",
        "issues.view_issue",
        "issues.submit_issue",
        "issues.preview_issue",
    ],
    "审核": [
        "articles.view_article",
        "articles.view_source",
        "issues.view_series",
        "issues.view_issue",
        "issues.review_issue",
        "issues.preview_issue",
    ],
    "签发": [
        "articles.view_article",
        "articles.view_source",
        "issues.view_series",
        "issues.view_issue",
        "issues.publish_issue",
        "issues.preview_issue",
    ],
}


def create_all_permissions(apps):
    """The permissions of every model in ``apps``, now rather than after the
    last migration."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0001_initial"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
