"""Login throttling per account and per address, and sessions that end
when the password changes."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from bulletin_cms.logins import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"
LOCKED = "登录失败次数过多"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


def attempt(username, password, address="10.0.0.1", url="/accounts/login/"):
    client = Client()
    response = client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address
    )
    response.logged_in = "_auth_user_id" in client.session
    return response


def fail(times, username, address="10.0.0.1"):
    for _ in range(times):
        assert attempt(username, "wrong", address).status_code in {200, 429}


def test_an_account_is_locked_after_its_failure_limit_from_any_address(reader):
    fail(2, "reader", "10.0.0.1")
    assert attempt("reader", PASSWORD, "10.0.0.2").logged_in  # under the limit
    fail(1, "reader", "10.0.0.3")
    refused = attempt("reader", PASSWORD, "10.0.0.4")
    assert refused.status_code == 429
    assert not refused.logged_in
    assertContains(refused, LOCKED, status_code=429)
    assertContains(refused, "30 分钟", status_code=429)


def test_other_accounts_are_not_locked_by_one_accounts_failures(reader):
    other = UserFactory(username="other-reader")
    fail(3, "reader")
    assert attempt(other.username, PASSWORD, "10.0.0.9").logged_in


def test_an_address_is_locked_after_its_higher_limit(reader):
    # Failures spread over accounts lock the address only at its own limit.
    for name in ("a", "b", "c", "d", "e"):
        fail(1, name, "10.0.0.7")
    assert attempt("reader", PASSWORD, "10.0.0.7").logged_in
    fail(1, "f", "10.0.0.7")
    refused = attempt("reader", PASSWORD, "10.0.0.7")
    assert refused.status_code == 429 and not refused.logged_in
    assert attempt("reader", PASSWORD, "10.0.0.8").logged_in


def test_the_admin_login_shows_the_lockout_in_chinese(editor):
    fail(3, "editor")
    refused = attempt("editor", PASSWORD, url="/admin/login/")
    assert not refused.logged_in
    assertContains(refused, LOCKED, status_code=429)
    assertContains(refused, 'class="errornote lockout"', status_code=429)


def test_the_lockout_ends_after_the_cool_off_time(reader):
    fail(3, "reader")
    assert not attempt("reader", PASSWORD).logged_in
    with time_machine.travel(
        datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=31)
    ):
        assert attempt("reader", PASSWORD).logged_in


def test_a_superuser_unlocks_an_account_from_the_admin(client_as, superuser, reader):
    fail(3, "reader")
    assert not attempt("reader", PASSWORD).logged_in
    admin = client_as(superuser)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assertContains(admin.get(changelist), "reader")
    pks = list(
        AccessAttempt.objects.filter(username="reader").values_list("pk", flat=True)
    )
    admin.post(
        changelist,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: pks, "post": "yes"},
    )
    assert not AccessAttempt.objects.filter(username="reader").exists()
    assert attempt("reader", PASSWORD).logged_in


def test_editors_cannot_see_or_clear_lockouts(client_as, editor):
    response = client_as(editor).get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("", 1, "192.0.2.1"),
        ("203.0.113.5", 1, "203.0.113.5"),
        ("6.6.6.6, 203.0.113.5", 1, "203.0.113.5"),  # the client's own entry is ignored
        ("not-an-address", 1, "192.0.2.1"),
        ("203.0.113.5", 0, "192.0.2.1"),
    ],
)
def test_client_address_behind_trusted_proxies(
    rf, settings, forwarded, proxies, expected
):
    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def logged_in_client(username) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


def test_changing_the_password_ends_the_other_sessions(reader):
    here, elsewhere = logged_in_client("reader"), logged_in_client("reader")
    response = here.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-longer-pass-456",
            "new_password2": "a-new-longer-pass-456",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("account")).status_code == 200
    assert elsewhere.get(reverse("account")).status_code == 302


def test_a_password_set_by_the_administrator_ends_the_users_sessions(
    client_as, superuser, editor
):
    session = logged_in_client("editor")
    assert session.get("/admin/").status_code == 200
    client_as(superuser).post(
        reverse("admin:auth_user_password_change", args=[editor.pk]),
        {"password1": "a-new-longer-pass-456", "password2": "a-new-longer-pass-456"},
    )
    assert session.get("/admin/").status_code == 302


def test_weak_passwords_are_refused_in_chinese(reader):
    client = logged_in_client("reader")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["new_password2"]
    assert {"password_too_common", "password_entirely_numeric"} <= {
        e.code for e in errors
    }
    assertContains(response, "数字")
