"""The search plans of PostgreSQL, shared by the search tests of this folder."""

import pytest

from articles.search.backends import PostgresIndex


@pytest.fixture(params=["rare", "rare in small chunks", "common"])
def plan(request, monkeypatch):
    """PostgreSQL chooses how to find the newest matches by how many articles
    hold the query's tokens (see PostgresIndex.newest): every way is tested
    at the corpus sizes of these tests by moving the thresholds."""
    if request.param == "rare in small chunks":
        monkeypatch.setattr(PostgresIndex, "CHUNK", 2)
    if request.param == "common":
        monkeypatch.setattr(PostgresIndex, "DENSE", 1)
    return request.param
