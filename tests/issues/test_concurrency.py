"""Races that only real concurrent connections can show (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from issues.admin import IssueAdmin
from issues.models import Issue
from tests.factories import SeriesFactory, UserFactory
from tests.html import flatten, form_data
from tests.utils import requires_postgresql

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    """Start the calls at the same moment in threads; return their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_issues_saved_at_once_with_the_same_number(monkeypatch):
    """One wins; the other gets a Chinese form error, never a 500."""
    series = SeriesFactory()
    editors = [
        UserFactory(username=f"editor{i}", groups=["编辑"], is_staff=True)
        for i in (1, 2)
    ]
    url = reverse("admin:issues_issue_add")
    clients = []
    for editor in editors:
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        data = flatten(form_data(client.get(url), "issue_form"))
        data.update(series=series.pk, kind="regular", number="76")
        clients.append((client, data))

    # Widen the window between validation and INSERT so that, without the
    # series lock, both requests would pass validation.
    original_save = IssueAdmin.save_model

    def slow_save(self, *args, **kwargs):
        time.sleep(0.5)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(IssueAdmin, "save_model", slow_save)
    responses = run_together(*(lambda c=c, d=d: c.post(url, d) for c, d in clients))

    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "该期号已被本刊使用" in refused.content.decode()
    assert Issue.objects.filter(series=series, number=76).count() == 1
