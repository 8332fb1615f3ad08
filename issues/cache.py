"""Whole-page cache of the reading site, invalidated by a generation number.

Every change that can alter a public page (a workflow transition, a series
or source renamed) bumps one generation counter in the shared cache after
its transaction commits; cached pages are keyed by that generation, so a
single increment retires all of them in every process that shares the cache
(Redis in production). Pages are keyed by audience too: anonymous visitors
and logged-in readers never share an entry, because logged-in readers may
see internal series. A cache that is down is logged and bypassed: pages are
then rendered on every request, never answered with an error.
"""

import hashlib
import logging
from functools import wraps

from django.core.cache import cache
from django.db import models, transaction
from django.utils.cache import (
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

logger = logging.getLogger(__name__)

GENERATION_KEY = "reading-site:generation"
PAGE_TIMEOUT = 60 * 60 * 24


def _generation() -> int | None:
    """The current generation, created on first use; None if the cache is down."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, 1, timeout=None)
            generation = cache.get(GENERATION_KEY, 1)
        return generation
    except Exception:
        logger.warning("page cache unavailable; serving uncached", exc_info=True)
        return None


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


def page_key(request, generation: int) -> str:
    audience = "member" if request.user.is_authenticated else "public"
    path = hashlib.md5(
        request.get_full_path().encode(), usedforsecurity=False
    ).hexdigest()
    return f"reading-site:page:{generation}:{audience}:{path}"


def cached_page(view):
    """Cache successful GET responses of a reading-site view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        generation = _generation()
        key = page_key(request, generation) if generation is not None else None
        if key is not None:
            try:
                response = cache.get(key)
            except Exception:
                logger.warning("page cache read failed", exc_info=True)
                response = None
            if response is not None:
                return response
        response = view(request, *args, **kwargs)
        # Browsers and proxies revalidate every time (ETag → 304), so an
        # invalidation here is seen at once.
        patch_cache_control(response, max_age=0, must_revalidate=True)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
        if key is not None and response.status_code == 200 and not response.cookies:
            if hasattr(response, "render"):
                response.render()
            set_response_etag(response)
            try:
                cache.set(key, response, PAGE_TIMEOUT)
            except Exception:
                logger.warning("page cache write failed", exc_info=True)
        return response

    return wrapper
