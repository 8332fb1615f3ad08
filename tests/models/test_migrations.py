"""Every migration of the project can be reversed."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = ("articles", "issues")

# Migrations that cannot be reversed, each with the reason (none so far).
IRREVERSIBLE: dict[tuple[str, str], str] = {}


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        migration
        for (app, _name), migration in sorted(loader.disk_migrations.items())
        if app in PROJECT_APPS
    ]


@pytest.mark.parametrize("migration", project_migrations(), ids=str)
def test_every_operation_has_a_reverse_or_a_stated_reason(migration):
    key = (migration.app_label, migration.name)
    irreversible = [op for op in migration.operations if not op.reversible]
    assert not irreversible or IRREVERSIBLE.get(key), (
        f"{key} cannot be reversed: give the operations a reverse, or add the "
        "migration to IRREVERSIBLE with the reason."
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_to_zero_and_back_restores_tables_and_roles():
    call_command("migrate", "issues", "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert "issues_issue" not in tables and "articles_article" not in tables
    assert not Group.objects.filter(name__in=["编辑", "审核", "签发"]).exists()
    call_command("migrate", verbosity=0)
    tables = connection.introspection.table_names()
    assert {"issues_issue", "articles_article", "issues_issueevent"} <= set(tables)
    editors = Group.objects.get(name="编辑")
    assert editors.permissions.filter(codename="submit_issue").exists()
