"""Every migration of the project can be reversed; data migrations do
what they say."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_issues_published_before_records_existed_are_recorded_as_they_read():
    before = [("issues", "0004_series_distinct_signoff")]
    executor = MigrationExecutor(connection)
    executor.migrate([*before, ("articles", "0004_search_sort_date")])
    old = executor.loader.project_state(
        [*before, ("articles", "0004_search_sort_date")]
    ).apps
    signer = old.get_model("auth", "User").objects.create(
        username="wangqf", first_name="签发", last_name="王"
    )
    series = old.get_model("issues", "Series").objects.create(
        name="学习参考",
        slug="学习参考",
        office="北京教育科学研究院主题教育领导小组办公室",
        visibility="internal",
    )
    Issue = old.get_model("issues", "Issue")
    published = Issue.objects.create(
        series=series,
        number=76,
        issue_date=datetime.date(2023, 7, 23),
        status="published",
        published_at=datetime.datetime(2023, 7, 23, 2, tzinfo=datetime.UTC),
        published_by=signer,
    )
    draft = Issue.objects.create(series=series, status="draft")
    article = old.get_model("articles", "Article").objects.create(
        issue=published,
        position=1,
        title="共同谱写携手奋进中国式现代化的京蒙篇章",
        body="7月21日至22日，北京市党政代表团赴内蒙古自治区。",
        source=old.get_model("articles", "Source").objects.create(name="北京日报"),
        source_date=datetime.date(2023, 7, 23),
        source_page="第1版",
    )
    call_command("migrate", verbosity=0)
    Issue = apps.get_model("issues", "Issue")
    record = Issue.objects.get(pk=published.pk).record
    assert record["series_name"] == "学习参考"
    assert record["marking"] == "内部资料　注意保存"  # internal by default
    assert record["number_label"] == "第76期"
    assert record["date_label"] == "2023年7月23日"
    assert record["signatures"] == [["签发", "王签发"]]
    assert record["articles"] == {
        str(article.pk): {
            "source": "北京日报",
            "citation": "选自《北京日报》（2023年7月23日第1版）",
        }
    }
    assert Issue.objects.get(pk=draft.pk).record == {}
