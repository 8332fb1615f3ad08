"""Full-text search of articles in Chinese: the one interface the reading
site, the admin and the commands use, whichever database is in use.

Matching is exact (every article containing the query, nothing else); order
is by relevance among the newest CANDIDATES matches, or by date. Ranking
every match of a common word is what makes full-text search slow, and a
reader never pages past the first few hundred hits.
"""

from django.db import connections, transaction
from django.utils.translation import gettext as _

from articles.search.backends import TABLE, index_for
from articles.search.query import Term
from articles.search.tokens import tokenize
from bulletin_cms.progress import Progress

CANDIDATES = 200


def document(article) -> tuple[str, str]:
    """The article's title and body as space-separated tokens."""
    title = " ".join(tokenize(f"{article.title} {article.subtitle}"))
    body = " ".join(tokenize(f"{article.byline} {article.body}"))
    return title, body


def index(articles, using: str = "default") -> None:
    """Store the tokens of these articles, replacing what was there."""
    backend = index_for(using)
    rows = [backend.row(article.pk, *document(article)) for article in articles]
    if rows:
        with connections[using].cursor() as cursor:
            cursor.executemany(backend.store_sql, rows)


def remove(ids, using: str = "default") -> None:
    ids = list(ids)
    if ids:
        key = index_for(using).key
        placeholders = ", ".join(["%s"] * len(ids))
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({placeholders})", ids)


def rebuild(articles, batch_size: int = 500):
    """Index every article of the queryset afresh, in batches; yields the
    number done after each batch."""
    using = articles.db
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            # DELETE, not TRUNCATE: searches meanwhile read the old rows.
            cursor.execute(f"DELETE FROM {TABLE}")
        done = 0
        batch = []
        for article in articles.only(
            "pk", "title", "subtitle", "byline", "body"
        ).iterator(chunk_size=batch_size):
            batch.append(article)
            if len(batch) == batch_size:
                index(batch, using)
                done += len(batch)
                batch = []
                yield done
        index(batch, using)
        yield done + len(batch)


def rebuild_with_progress(articles, stream, show: bool) -> int:
    """``rebuild`` for a management command: a progress bar on ``stream``
    (its stderr) when ``show``; returns the number of articles indexed."""
    progress = Progress(stream, max(articles.count(), 1), show)
    done = 0
    for indexed in rebuild(articles):
        progress.step(_("articles"), indexed - done)
        done = indexed
    progress.finish()
    return done


def matching(articles, terms: list[Term]):
    """The articles of the queryset that contain every term."""
    return articles.filter(pk__in=index_for(articles.db).matching(terms))


def ranked_ids(articles, terms: list[Term], *, by_date=False, year=None) -> list[int]:
    """Ids of the newest CANDIDATES articles of the queryset that contain
    every term: newest first (by_date) or best first, the newer of two equal
    matches first. ``articles`` is ordered newest first; ``year``, when the
    queryset is filtered by one, lets the index look at that year only."""
    backend = index_for(articles.db)
    ids = backend.newest(articles, terms, CANDIDATES, year)
    if by_date or len(ids) < 2:
        return ids
    with connections[articles.db].cursor() as cursor:
        cursor.execute(backend.scores_sql(len(ids)), [backend.expression(terms), *ids])
        scores = dict(cursor.fetchall())
    # sorted() is stable: equal scores keep the newest-first order.
    return sorted(ids, key=lambda pk: -scores.get(pk, 0))
