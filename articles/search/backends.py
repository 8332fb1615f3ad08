"""The search index, one table per database, behind one interface.

PostgreSQL has no Chinese parser, but its ``simple`` configuration keeps
space-separated tokens as they are: the bigrams of ``tokens`` go into a
``tsvector`` with a GIN index, title weighted above body, and a term is a
phrase query (东西 <-> 西部 <-> 部协 <-> 协作). SQLite's FTS5 indexes the
same tokens in two columns, and a term is an FTS5 phrase ("东西 西部 部协
协作"). Both answer which article ids match and how well; visibility,
filters and order stay in the ORM.

The index is a table of its own, not a model: neither database can express
it as Django fields. Rows of deleted articles are removed by a signal (see
articles.search), and any row left behind is harmless: results are always
joined to the article table.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models.expressions import RawSQL

from articles.search.query import Term

TABLE = "articles_search"


class PostgresIndex:
    key = "article_id"
    install_sql = [
        f"CREATE TABLE {TABLE} (article_id integer PRIMARY KEY, vector tsvector NOT NULL)",
        f"CREATE INDEX {TABLE}_vector ON {TABLE} USING gin (vector)",
    ]
    uninstall_sql = [f"DROP TABLE IF EXISTS {TABLE}"]
    store_sql = (
        f"INSERT INTO {TABLE} (article_id, vector) VALUES "
        "(%s, setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s)) "
        "ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector"
    )

    @staticmethod
    def expression(terms: list[Term]) -> str:
        def phrase(term):
            words = [f"'{token}'" for token in term.tokens]
            if term.prefix:
                words[-1] += ":*"
            return "(" + " <-> ".join(words) + ")"

        return " & ".join(phrase(term) for term in terms)

    def matching(self, terms: list[Term]) -> RawSQL:
        return RawSQL(
            f"SELECT article_id FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s)",
            [self.expression(terms)],
        )

    def scores_sql(self, count: int) -> str:
        # Normalisation 1 divides by the log of the length, so that a long
        # article does not outrank a short one by length alone.
        return (
            f"SELECT article_id, ts_rank(vector, to_tsquery('simple', %s), 1) "
            f"FROM {TABLE} WHERE article_id IN ({', '.join(['%s'] * count)})"
        )


class SqliteIndex:
    key = "rowid"
    install_sql = [
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 0')"
    ]
    uninstall_sql = [f"DROP TABLE IF EXISTS {TABLE}"]
    store_sql = (
        f"INSERT OR REPLACE INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)"
    )

    @staticmethod
    def expression(terms: list[Term]) -> str:
        def phrase(term):
            return '"' + " ".join(term.tokens) + '"' + ("*" if term.prefix else "")

        return " AND ".join(phrase(term) for term in terms)

    def matching(self, terms: list[Term]) -> RawSQL:
        return RawSQL(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",
            [self.expression(terms)],
        )

    def scores_sql(self, count: int) -> str:
        # bm25 is lower for better matches; a title match counts five times.
        return (
            f"SELECT rowid, -bm25({TABLE}, 5.0, 1.0) FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s AND rowid IN ({', '.join(['%s'] * count)})"
        )


INDEXES = {"postgresql": PostgresIndex, "sqlite": SqliteIndex}


def index_for(using: str = "default"):
    vendor = connections[using].vendor
    try:
        return INDEXES[vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"Search supports PostgreSQL and SQLite, not {vendor}."
        ) from None
