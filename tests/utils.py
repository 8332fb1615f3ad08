import pytest
from django.db import connection
from django.urls import URLResolver

# Whether the suite runs on PostgreSQL. A test that only means something there
# is either skipped elsewhere (requires_postgresql) or, when parametrized, not
# defined at all: the same skip repeated once per parameter says nothing.
POSTGRESQL = connection.vendor == "postgresql"

requires_postgresql = pytest.mark.skipif(
    not POSTGRESQL,
    reason="needs PostgreSQL: a database shared by concurrent connections",
)


def walk(patterns, prefix="", namespace=""):
    """(pattern, name) of every URL pattern, unnamed ones by their pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            full = prefix + str(pattern.pattern)
            yield full, (namespace + pattern.name) if pattern.name else full
