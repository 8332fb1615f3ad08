import pytest
from django.db import connection

# Whether the suite runs on PostgreSQL. A test that only means something there
# is either skipped elsewhere (requires_postgresql) or, when parametrized, not
# defined at all: the same skip repeated once per parameter says nothing.
POSTGRESQL = connection.vendor == "postgresql"

requires_postgresql = pytest.mark.skipif(
    not POSTGRESQL,
    reason="needs PostgreSQL: a database shared by concurrent connections",
)
