"""Retiring cached pages when published content changes.

Every change that can alter a public page (a workflow transition that
changes what readers see, a series or source renamed) bumps one generation
counter in the shared cache after its transaction commits. Whatever was
cached under an older generation (whole pages in ``page_cache``, computed
values through ``remembered``) is no longer served, so a single increment
retires everything in every process that shares the cache (Redis in
production). Models use this module; it knows nothing of HTTP.
"""

import logging

from django.core.cache import cache
from django.db import models, transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "reading-site:generation"
TIMEOUT = 60 * 60 * 24


def bump_generation() -> None:
    """Retire every cached page (after the current transaction commits)."""

    def bump():
        try:
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:
                cache.set(GENERATION_KEY, 2, timeout=None)
        except Exception:
            logger.error("could not invalidate the page cache", exc_info=True)

    transaction.on_commit(bump)


class InvalidatesPages(models.Model):
    """A model whose rows show on published pages: saving or deleting one
    retires every cached page."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        bump_generation()

    def delete(self, *args, **kwargs):
        bump_generation()
        return super().delete(*args, **kwargs)


def remembered(name: str, compute):
    """``compute()``, kept in the cache until published content next changes
    (the same generation as pages); computed afresh when the cache is down."""
    key = f"reading-site:value:{name}"
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:
        logger.warning("cache unavailable; computing afresh", exc_info=True)
        return compute()
    generation, stored = found.get(GENERATION_KEY), found.get(key)
    if generation is not None and stored is not None and stored[0] == generation:
        return stored[1]
    value = compute()
    if generation is not None:
        try:
            cache.set(key, (generation, value), TIMEOUT)
        except Exception:
            logger.warning("cache write failed", exc_info=True)
    return value
