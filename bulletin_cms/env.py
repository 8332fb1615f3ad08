"""Typed access to environment variables for settings.

Every helper raises ImproperlyConfigured on a malformed value, so a typo in
the deployment stops start-up with a message instead of running with a
silently wrong default.
"""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

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


def parse_database_url(url: str, base_dir) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pw@host:port/name`` into
    a Django DATABASES entry."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db
        path = unquote(parts.path)[1:]
        name = path if os.path.isabs(path) else str(base_dir / path)
        return sqlite_database(name)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        # A database host that does not answer fails the request in seconds
        # (a 503 page) instead of holding a worker indefinitely.
        options.setdefault("connect_timeout", "5")
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL names no database.")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported "
        "(use sqlite:///path or postgres://user@host/name)."
    )


def sqlite_database(name: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            # BEGIN IMMEDIATE takes the write lock at the start of every
            # transaction, so read-then-write sequences (number allocation,
            # optimistic locking) cannot interleave between processes.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


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
