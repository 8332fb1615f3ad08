import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bulletin_cms.env import (
    env_bool,
    env_int,
    env_list,
    parse_cache_url,
    parse_database_url,
)

ROOT = Path(__file__).resolve().parents[2]


def run_django(env: dict, code: str = "import django; django.setup()"):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "bulletin_cms.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_startup_when_debug_is_off():
    result = run_django({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_supplies_development_defaults():
    result = run_django(
        {"DEBUG": "1"},
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLOWED_HOSTS, settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ)",
    )
    assert result.returncode == 0, result.stderr
    assert "'127.0.0.1'" in result.stdout
    assert "zh-hans Asia/Shanghai True" in result.stdout


def test_production_uses_manifest_static_storage_and_no_default_hosts():
    result = run_django(
        {"DEBUG": "0", "SECRET_KEY": "x" * 60},
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLOWED_HOSTS, settings.STORAGES['staticfiles']['BACKEND'])",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == "[] whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("0", False), ("off", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_malformed_values_fail_loudly(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")
    with pytest.raises(ImproperlyConfigured, match="COUNT"):
        env_int("COUNT", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_postgres_url_becomes_database_settings():
    db = parse_database_url("postgres://bob:p%40ss@db.local:5433/bulletins", ROOT)
    assert (
        db["ENGINE"],
        db["NAME"],
        db["USER"],
        db["PASSWORD"],
        db["HOST"],
        db["PORT"],
    ) == (
        "django.db.backends.postgresql",
        "bulletins",
        "bob",
        "p@ss",
        "db.local",
        "5433",
    )


def test_postgres_url_keeps_connection_defaults_and_takes_options():
    db = parse_database_url("postgres://bob@db.local/bulletins", ROOT)
    assert (db["PORT"], db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == ("", 60, True)
    assert db["OPTIONS"] == {"connect_timeout": 5}
    db = parse_database_url(
        "postgres://bob@db.local/bulletins?conn_max_age=0&sslmode=require", ROOT
    )
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"] == {"sslmode": "require", "connect_timeout": 5}


def test_postgres_unix_socket_host_is_decoded():
    db = parse_database_url("postgres://user@%2Fvar%2Frun%2Fpostgresql/db", ROOT)
    assert (db["HOST"], db["USER"], db["NAME"]) == ("/var/run/postgresql", "user", "db")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://bob@db.local:port/bulletins", "DATABASE_URL is malformed"),
        ("postgres://bob:secret@[db.local/bulletins", "DATABASE_URL is malformed"),
        ("postgres://bob@db.local/", "names no database"),
        ("postgres://bob@db.local/b?conn_max_age=soon", "conn_max_age"),
    ],
)
def test_malformed_database_urls_fail_loudly(url, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        parse_database_url(url, ROOT)
    assert "secret" not in str(error.value)


def test_sqlite_url_is_relative_to_the_project():
    db = parse_database_url("sqlite:///data/x.sqlite3", ROOT)
    assert db["NAME"] == str(ROOT / "data/x.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert parse_database_url("sqlite:////tmp/abs.db", ROOT)["NAME"] == "/tmp/abs.db"


def test_unknown_schemes_are_refused():
    for url in ("mysql://x/y", "oracle://x/y", "nosuchdb://x/y", ""):
        with pytest.raises(ImproperlyConfigured, match="is not supported"):
            parse_database_url(url, ROOT)
    with pytest.raises(ImproperlyConfigured):
        parse_cache_url("memcached://x")


def test_redis_cache_url():
    cache = parse_cache_url("redis://127.0.0.1:6379/1")
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "".join(chr(ord("a") + i % 26) for i in range(60)),
    "ALLOWED_HOSTS": "bulletin.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://bulletin.example.cn",
    "CACHE_URL": "redis://127.0.0.1:6379/12",
}


def check_deploy(env: dict):
    # Only what a production process would have: nothing of the test run's
    # own environment (DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests…).
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_every_deploy_check():
    result = check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"CACHE_URL": "locmem://"}, "issues.W001"),
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
    ],
)
def test_deploy_check_fails_on_a_weakened_setting(change, warning):
    result = check_deploy({**PRODUCTION, **change})
    assert result.returncode != 0
    assert warning in result.stderr


def test_production_session_and_login_settings_come_from_the_environment():
    result = run_django(
        {
            **PRODUCTION,
            "SESSION_HOURS": "2",
            "LOGIN_FAILURE_LIMIT": "4",
            "LOGIN_LOCKOUT_MINUTES": "15",
        },
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_AGE, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS, s.AXES_FAILURE_LIMIT,"
        " s.AXES_COOLOFF_TIME.seconds)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7200", "True", "True", "True", "DENY", "4", "900"]
