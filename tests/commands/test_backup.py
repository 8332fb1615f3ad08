"""Back up, wipe, restore: every record comes back field by field, with the
admin log and a search index that finds what it found before."""

import datetime
import io
import json
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import DatabaseError, models
from django.urls import reverse

from articles import search
from articles.models import Article, Source
from articles.search.query import parse
from issues import visibility, workflow
from issues.backup import backed_up_models
from issues.models import Issue, IssueEvent, Series
from issues.revisions.models import Revision
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(editor, reviewer, publisher, reader, superuser, client):
    """Records of every kind, in every state, made the way the system
    makes them."""
    auditors = Group.objects.create(name="审计")
    auditors.permissions.add(Permission.objects.get(codename="view_issue"))
    reader.groups.add(auditors)
    reader.user_permissions.add(Permission.objects.get(codename="preview_issue"))
    internal = SeriesFactory(
        name="内部参阅",
        slug="内部参阅",
        visibility=Series.Visibility.INTERNAL,
        numbering=Series.Numbering.YEARLY,
        report_to="市委",
    )
    people = Source.objects.create(
        name="人民日报", kind=Source.Kind.NEWSPAPER, url="https://paper.people.com.cn"
    )
    published = IssueFactory(number=None, series=internal, issue_date=None)
    ArticleFactory(
        issue=published,
        position=1,
        subtitle="副题",
        source=people,
        source_url="https://paper.people.com.cn/x.html",
        citation_override="选自《人民日报》（2023年7月23日第1版）",
    )
    ArticleFactory(issue=published, position=2, body="一、标题\n\n正文。")
    for step, actor in (
        (workflow.submit, editor),
        (workflow.approve, reviewer),
        (workflow.publish, publisher),
    ):
        step(published, by=actor)
    withdrawn = IssueFactory(number=7, editors_note="编者按", print_run=40)
    ArticleFactory(issue=withdrawn, position=1)
    for step, actor in (
        (workflow.submit, editor),
        (workflow.approve, reviewer),
        (workflow.publish, publisher),
    ):
        step(withdrawn, by=actor)
    workflow.withdraw(withdrawn, by=publisher, comment="更正错字")
    scheduled = IssueFactory(number=8, series=withdrawn.series)
    ArticleFactory(issue=scheduled, position=1)
    workflow.submit(scheduled, by=editor)
    workflow.approve(scheduled, by=reviewer)
    workflow.schedule(
        scheduled,
        by=publisher,
        at=datetime.datetime(2099, 1, 1, 8, tzinfo=datetime.UTC),
    )
    IssueFactory(number=9, series=withdrawn.series)  # an empty draft
    visibility.change(
        internal,
        by=publisher,
        visibility=internal.visibility,
        handling_mark="内部资料",
        reason="统一版头",
    )
    returned = IssueFactory(number=10, series=withdrawn.series)
    pointed = ArticleFactory(issue=returned, position=1)
    workflow.submit(returned, by=editor)
    workflow.return_to_draft(
        returned, by=reviewer, comment="请修改", notes={pointed.pk: "标题有误"}
    )
    ArticleFactory(issue=None, title="文章池里的文章", source=None)
    # A source renamed in the admin: its change log is the only record.
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_source_change", args=[people.pk]),
        {"name": "人民日报海外版", "kind": Source.Kind.NEWSPAPER, "url": people.url},
    )
    assert response.status_code == 302
    client.logout()


def natural(value):
    return value.natural_key() if hasattr(value, "natural_key") else value


def snapshot() -> dict:
    """Every backed-up row as plain values; accounts and groups by their
    natural keys, since their ids are not carried over."""
    tables = {}
    for model in backed_up_models():
        rows = []
        for obj in model._default_manager.order_by("pk"):
            row = {}
            for field in model._meta.concrete_fields:
                if field.primary_key and hasattr(obj, "natural_key"):
                    continue
                if isinstance(field, models.ForeignKey):
                    row[field.name] = natural(getattr(obj, field.name))
                else:
                    row[field.name] = getattr(obj, field.attname)
            for field in model._meta.many_to_many:
                row[field.name] = sorted(
                    natural(related) for related in getattr(obj, field.name).all()
                )
            rows.append(row)
        tables[model._meta.label] = sorted(rows, key=repr)
    return tables


def wipe():
    LogEntry.objects.all().delete()
    Revision.objects.all().delete()
    IssueEvent.objects.all().delete()
    Article.objects.all().delete()
    Issue.objects.all().delete()
    Series.objects.all().delete()
    Source.objects.all().delete()
    get_user_model().objects.all().delete()
    Group.objects.filter(name="审计").delete()


def test_export_wipe_import_restores_every_record_field_by_field(archive, tmp_path):
    before = snapshot()
    assert len(before["issues.IssueEvent"]) == 12
    assert len(before["issues.SeriesEvent"]) == 1
    assert len(before["issues.IssueEventNote"]) == 1
    assert before["issues.Revision"]
    assert {row["status"] for row in before["issues.Issue"]} == {
        "published",
        "withdrawn",
        "approved",
        "draft",
    }
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    wipe()
    assert snapshot() != before
    call_command("restore", str(path), verbosity=0)
    assert snapshot() == before


def test_restored_database_takes_new_records(archive, tmp_path):
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    highest = Issue.objects.order_by("-pk").first().pk
    wipe()
    call_command("restore", str(path), verbosity=0)
    # The id sequences continue after the restored rows.
    assert IssueFactory(number=99).pk > highest
    assert ArticleFactory().pk > 0


def test_import_into_a_database_with_content_is_refused(archive, tmp_path):
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    before = snapshot()
    with pytest.raises(CommandError, match="已有"):
        call_command("restore", str(path), verbosity=0)
    assert snapshot() == before


def test_a_damaged_file_imports_nothing(archive, tmp_path):
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:-3], '{"model": "issues.issue", "pk": ']))
    wipe()
    with pytest.raises(CommandError):
        call_command("restore", str(path), verbosity=0)
    assert not Series.objects.exists()
    assert not Issue.objects.exists()


def test_export_names_accounts_by_username_and_reports_counts(
    archive, tmp_path, capsys
):
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path))
    text = path.read_text(encoding="utf-8")
    assert '"actor": ["publisher"]' in text
    assert "条记录" in capsys.readouterr().err


def test_former_command_names_still_work_and_say_they_are_deprecated(archive, tmp_path):
    path = tmp_path / "bulletins.jsonl"
    said = io.StringIO()
    call_command("export_bulletins", str(path), stderr=said)
    assert "backup" in said.getvalue()
    before = snapshot()
    wipe()
    said = io.StringIO()
    call_command("import_bulletins", str(path), stderr=said, stdout=io.StringIO())
    assert "restore" in said.getvalue()
    assert snapshot() == before


# Words of the published articles, which the other articles of the archive
# (withdrawn, draft, in the pool) mostly share.
QUERIES = ["京蒙", "内蒙古", "挂职干部", "标题"]


def search_results(client, reader) -> dict:
    """What each query finds on the search page (as a logged-in reader, who
    may read internal series) and among all articles."""
    client.force_login(reader)
    found = {}
    for query in QUERIES:
        page = client.get("/search/", {"q": query})
        found[query, "page"] = [hit.article.pk for hit in page.context["hits"]]
        found[query, "all"] = search.ranked_ids(
            Article.objects.order_by("-pk"), parse(query)
        )
    client.logout()
    return found


def test_restore_rebuilds_the_search_index(archive, reader, client, tmp_path):
    before = search_results(client, reader)
    assert all(before.values())
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    wipe()
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, stderr=io.StringIO())
    reader = get_user_model().objects.get(username=reader.username)
    assert search_results(client, reader) == before
    count = Article.objects.count()
    assert f"{count} 篇文章" in out.getvalue()


def test_restore_shows_the_indexing_progress(archive, tmp_path):
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    wipe()
    said = io.StringIO()
    call_command("restore", str(path), stdout=io.StringIO(), stderr=said)
    count = Article.objects.count()
    assert re.search(rf"\[█+\] {count}/{count} 篇文章", said.getvalue())


def test_a_failed_index_rebuild_keeps_the_records_and_says_what_to_run(
    archive, tmp_path, monkeypatch
):
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    before = snapshot()
    wipe()

    def full_disk(*args, **kwargs):
        raise DatabaseError("could not extend file")

    monkeypatch.setattr(search, "index", full_disk)
    with pytest.raises(CommandError) as failure:
        call_command("restore", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    message = str(failure.value)
    assert "搜索索引" in message
    assert "could not extend file" in message
    assert "rebuild_search_index" in message
    assert snapshot() == before


def test_restore_brings_back_the_admin_change_log(archive, tmp_path):
    def change_log():
        return [
            (
                entry.user.username,
                entry.content_type.natural_key(),
                entry.object_id,
                entry.object_repr,
                entry.action_flag,
                entry.change_message,
                entry.action_time,
            )
            for entry in LogEntry.objects.order_by("pk")
        ]

    before = change_log()
    assert [row[:5] for row in before] == [
        (
            "root",
            ("articles", "source"),
            str(Source.objects.get(name="人民日报海外版").pk),
            "人民日报海外版",
            CHANGE,
        )
    ]
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    wipe()
    assert not LogEntry.objects.exists()
    call_command("restore", str(path), verbosity=0)
    assert change_log() == before


def test_issues_of_a_backup_made_before_records_existed_are_recorded(archive, tmp_path):
    path = tmp_path / "bulletins.jsonl"
    call_command("backup", str(path), verbosity=0)
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record.get("fields", {}).pop("record", None)
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines), encoding="utf-8")
    wipe()
    call_command("restore", str(path), verbosity=0)
    recorded = {
        issue.status: issue.record["articles"] != {}
        for issue in Issue.objects.all()
        if issue.record
    }
    assert recorded == {"published": True, "withdrawn": True}
    published = Issue.objects.get(status="published")
    # As it reads at the restore: the source has been renamed since.
    first = published.articles.get(position=1)
    assert published.record["articles"][str(first.pk)]["source"] == "人民日报海外版"
