"""The environment helpers the settings are built from: pure functions of
the variables and URLs they are given."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bulletin_cms.env import (
    env_bool,
    env_int,
    env_list,
    parse_cache_url,
    parse_database_url,
    parse_site_url,
)

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://bulletin.example.cn/", "https://bulletin.example.cn"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        (
            " https://intranet.example.cn/bulletin/ ",
            "https://intranet.example.cn/bulletin",
        ),
    ],
)
def test_the_site_address_loses_its_trailing_slash(raw, expected):
    assert parse_site_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "bulletin.example.cn",
        "ftp://bulletin.example.cn",
        "https://",
        "https://a.cn/?x=1",
    ],
)
def test_a_site_address_without_scheme_or_host_is_refused(raw):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        parse_site_url(raw)
