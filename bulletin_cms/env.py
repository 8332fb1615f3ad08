"""Typed access to environment variables for settings.

Every helper raises ImproperlyConfigured on a malformed value, so a typo in
the deployment stops start-up with a message instead of running with a
silently wrong default.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (1/0, true/false), got {raw!r}."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"
SQLITE_OPTIONS = {
    # BEGIN IMMEDIATE takes the write lock at the start of every
    # transaction, so read-then-write sequences (number allocation,
    # optimistic locking) cannot interleave between processes.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
    ),
}


def parse_database_url(url: str, base_dir) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pw@host:port/name`` into
    a Django DATABASES entry (dj-database-url reads the URL)."""
    try:
        db = dj_database_url.parse(url)
    except dj_database_url.UnknownSchemeError:
        db = {}
    except ValueError as exc:
        # The exception names the fault, never the URL (it may hold a password).
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
    if db.get("ENGINE") == SQLITE:
        # sqlite:///relative.db and sqlite:////absolute/path.db
        name = db["NAME"]
        if name != ":memory:" and not os.path.isabs(name):
            db["NAME"] = str(base_dir / name)
        db["OPTIONS"] = {**SQLITE_OPTIONS, **db.get("OPTIONS", {})}
        return db
    if db.get("ENGINE") == POSTGRESQL:
        if not db["NAME"]:
            raise ImproperlyConfigured("DATABASE_URL names no database.")
        options = db.setdefault("OPTIONS", {})
        # A database host that does not answer fails the request in seconds
        # (a 503 page) instead of holding a worker indefinitely.
        options.setdefault("connect_timeout", 5)
        conn_max_age = options.pop("conn_max_age", 60)
        if not isinstance(conn_max_age, int) or isinstance(conn_max_age, bool):
            raise ImproperlyConfigured(
                "DATABASE_URL conn_max_age must be a whole number of seconds, "
                f"got {conn_max_age!r}."
            )
        db["CONN_MAX_AGE"] = conn_max_age
        db["CONN_HEALTH_CHECKS"] = True
        db["PORT"] = str(db["PORT"])
        return db
    scheme = url.partition(":")[0]
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported "
        "(use sqlite:///path or postgres://user@host/name)."
    )


def parse_cache_url(url: str) -> dict:
    """Turn ``redis://host:port/db``, ``locmem://`` or ``dummy://`` into a
    Django CACHES entry."""
    parts = urlsplit(url)
    if parts.scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "bulletin",
            "TIMEOUT": 60 * 60 * 24,
            # A cache server that stops answering is bypassed within a
            # second (bulletin_cms.page_cache logs it) instead of hanging every page.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "bulletin",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL scheme {parts.scheme!r} is not supported "
        "(use redis://host:port/db, locmem:// or dummy://)."
    )


def parse_site_url(url: str) -> str:
    """The site's public address, ``https://host[:port][/prefix]``, without
    a trailing slash: links in mails are this plus a path."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            "SITE_URL must be the site's address with http:// or https://, "
            f"e.g. https://bulletin.example.cn; got {url!r}."
        )
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITE_URL must not carry a query or fragment; got {url!r}."
        )
    return url.strip().rstrip("/")
