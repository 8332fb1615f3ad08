"""The search index, one table per database, behind one interface.

PostgreSQL has no Chinese parser, but its ``simple`` configuration keeps
space-separated tokens as they are: the bigrams of ``tokens`` go into a
``tsvector`` with a GIN index, title weighted above body, and a term is a
phrase query (东西 <-> 西部 <-> 部协 <-> 协作). SQLite's FTS5 indexes the
same tokens in two columns, and a term is an FTS5 phrase ("东西 西部 部协
协作"). Both answer which article ids match, which are newest and how well
they match; visibility and filters stay in the ORM, so a stale index row
can never show what a reader may not see.

The index is a table of its own, not a model: neither database can express
it as Django fields. Rows of deleted articles are removed by a signal (see
articles.search), and any row left behind is harmless: results are always
joined to the article table.
"""

from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.models.expressions import RawSQL

from articles.search.query import Term

TABLE = "articles_search"


@contextmanager
def planner(cursor, **switches):
    """PostgreSQL planner switches (enable_<name>) for the statements inside,
    put back afterwards: set for the transaction alone, they would outlive a
    savepoint into the caller's transaction."""
    names = [f"enable_{name}" for name in switches]
    cursor.execute(
        "SELECT "
        + ", ".join(
            f"current_setting('{n}'), set_config('{n}', %s, true)" for n in names
        ),
        list(switches.values()),
    )
    previous = cursor.fetchone()[::2]
    # Not in a finally: after an error the savepoint's rollback restores them.
    yield
    cursor.execute(
        "SELECT " + ", ".join(f"set_config('{n}', %s, true)" for n in names),
        list(previous),
    )


class PostgresIndex:
    key = "article_id"
    # sort_date is the date (see migration 0004 for how it stays so).
    store_sql = (
        f"INSERT INTO {TABLE} (article_id, sort_date, vector) VALUES (%s, "
        "(SELECT i.issue_date FROM articles_article a JOIN issues_issue i "
        "ON i.id = a.issue_id WHERE a.id = %s), "
        "setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s)) "
        "ON CONFLICT (article_id) DO UPDATE "
        "SET sort_date = EXCLUDED.sort_date, vector = EXCLUDED.vector"
    )

    @staticmethod
    def row(pk, title, body):
        return (pk, pk, title, body)

    # Above this many articles holding every token of a query, the newest
    # matches are found by walking the date index; below it, from the list
    # of those articles. See newest().
    DENSE = 10_000
    CHUNK = 500

    @staticmethod
    def expression(terms: list[Term], *, phrases: bool = True) -> str:
        """The tsquery of the terms: each a phrase of its tokens, or (not
        ``phrases``) every token anywhere, which the GIN index answers
        exactly, without reading a single stored vector."""

        def words(term):
            quoted = [f"'{token}'" for token in term.tokens]
            if term.prefix:
                quoted[-1] += ":*"
            return quoted

        joiner = " <-> " if phrases else " & "
        return " & ".join("(" + joiner.join(words(term)) + ")" for term in terms)

    def matching(self, terms: list[Term]) -> RawSQL:
        return RawSQL(
            f"SELECT article_id FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s)",
            [self.expression(terms)],
        )

    def newest(self, articles, terms: list[Term], limit: int, year=None) -> list[int]:
        """Ids of the newest ``limit`` articles of the queryset that contain
        the terms, newest first.

        Checking a phrase reads the article's stored vector (tens of KB), and
        the planner, which multiplies the frequencies of a word's bigrams as
        if they were independent and prices reading a vector as nothing,
        picks plans that read thousands. So the plan is chosen here, from
        what the GIN index tells exactly without reading any vector: the
        articles holding every token. Fewer than DENSE: check those, newest
        first, in chunks until ``limit`` pass. More: the word is common, and
        walking the date index newest first finds ``limit`` matches within
        about limit × articles / DENSE rows (within one year: that year's
        articles, checked newest first the same way).
        """
        dates = [date(year, 1, 1), date(year, 12, 31)] if year is not None else []
        db = articles.db
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            # Only the GIN index may answer: the dates are put in IS TRUE,
            # which keeps a condition from every index.
            with planner(cursor, seqscan="off", indexscan="off"):
                cursor.execute(
                    f"SELECT article_id, sort_date FROM {TABLE} "
                    "WHERE vector @@ to_tsquery('simple', %s) "
                    + ("AND (sort_date BETWEEN %s AND %s) IS TRUE " if dates else "")
                    + "LIMIT %s",
                    [self.expression(terms, phrases=False), *dates, self.DENSE],
                )
                holding = cursor.fetchall()
            if len(holding) < self.DENSE:
                return self.check_newest_first(cursor, articles, terms, holding, limit)
            if dates:
                # Common words in one year: that year's articles, in order.
                cursor.execute(
                    f"SELECT article_id, sort_date FROM {TABLE} "
                    "WHERE sort_date BETWEEN %s AND %s",
                    dates,
                )
                return self.check_newest_first(
                    cursor, articles, terms, cursor.fetchall(), limit
                )
            # Only index scans: the date index in order, and the keys of the
            # articles and issues allowed.
            allowed, params = articles.order_by().values("pk").query.sql_with_params()
            with planner(cursor, seqscan="off", bitmapscan="off"):
                cursor.execute(
                    f"SELECT article_id FROM {TABLE} "
                    "WHERE (vector @@ to_tsquery('simple', %s)) IS TRUE "
                    f"AND article_id IN ({allowed}) "
                    "ORDER BY sort_date DESC NULLS LAST, article_id DESC LIMIT %s",
                    [self.expression(terms), *params, limit],
                )
                return [pk for (pk,) in cursor.fetchall()]

    def check_newest_first(self, cursor, articles, terms, holding, limit) -> list[int]:
        """The first ``limit`` of (id, date) rows, newest first, that the
        queryset allows and that hold the terms as phrases."""
        holding.sort(key=lambda row: (row[1] is not None, row[1], row[0]), reverse=True)
        found = []
        for start in range(0, len(holding), self.CHUNK):
            chunk = [pk for pk, _date in holding[start : start + self.CHUNK]]
            allowed, params = (
                articles.filter(pk__in=chunk).order_by().values("pk").query
            ).sql_with_params()
            cursor.execute(
                f"SELECT article_id FROM {TABLE} WHERE article_id IN ({allowed}) "
                "AND vector @@ to_tsquery('simple', %s)",
                [*params, self.expression(terms)],
            )
            passed = {pk for (pk,) in cursor.fetchall()}
            found.extend(pk for pk in chunk if pk in passed)
            if len(found) >= limit:
                break
        return found[:limit]

    def scores_sql(self, count: int) -> str:
        # Normalisation 1 divides by the log of the length, so that a long
        # article does not outrank a short one by length alone.
        return (
            f"SELECT article_id, ts_rank(vector, to_tsquery('simple', %s), 1) "
            f"FROM {TABLE} WHERE article_id IN ({', '.join(['%s'] * count)})"
        )


class SqliteIndex:
    key = "rowid"
    store_sql = (
        f"INSERT OR REPLACE INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)"
    )

    @staticmethod
    def row(pk, title, body):
        return (pk, title, body)

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

    def newest(self, articles, terms: list[Term], limit: int, year=None) -> list[int]:
        # The year is already among the queryset's filters.
        matches = articles.filter(pk__in=self.matching(terms))
        return list(matches.values_list("pk", flat=True)[:limit])

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
