"""Whole-page cache of the reading site over HTTP.

A cached page is stored with the generation (``bulletin_cms.invalidation``)
it was rendered in and served only while that is still the current one; the
counter and the page come back in one round trip. Pages are kept per
audience: anonymous visitors and logged-in readers never share an entry,
because logged-in readers may see internal series.

Anonymous visitors (no session cookie) are answered by ``CachedPageMiddleware``
before sessions, authentication and URL resolution run; everyone else by the
``cached_page`` view decorator, which also stores the pages. A cache that is
down is logged and bypassed: pages are then rendered on every request,
never answered with an error.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from bulletin_cms.invalidation import GENERATION_KEY, TIMEOUT

logger = logging.getLogger(__name__)

PUBLIC, MEMBER = "public", "member"


def audience_of(user) -> str:
    """Logged-in readers may see internal series: they never share an entry
    with anonymous visitors."""
    return MEMBER if user.is_authenticated else PUBLIC


def page_key(request, audience: str) -> str:
    path = hashlib.md5(
        request.get_full_path().encode(), usedforsecurity=False
    ).hexdigest()
    return f"reading-site:page:{audience}:{path}"


def lookup(request, audience: str):
    """(cached response or None, current generation or None if the cache is
    down), in one round trip to the cache."""
    key = page_key(request, audience)
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, 1, timeout=None)
            generation = cache.get(GENERATION_KEY, 1)
    except Exception:
        logger.warning("page cache unavailable; serving uncached", exc_info=True)
        return None, None
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1], generation
    return None, generation


def store(request, audience: str, generation: int, response) -> None:
    if hasattr(response, "render"):
        response.render()
    set_response_etag(response)
    try:
        cache.set(page_key(request, audience), (generation, response), TIMEOUT)
    except Exception:
        logger.warning("page cache write failed", exc_info=True)


def cached_page(view):
    """Cache successful GET responses of a reading-site view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        audience = audience_of(request.user)
        response, generation = lookup(request, audience)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        # Browsers and proxies revalidate every time (ETag → 304), so an
        # invalidation here is seen at once.
        patch_cache_control(response, max_age=0, must_revalidate=True)
        if audience == MEMBER:
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
        if (
            generation is not None
            and response.status_code == 200
            and not response.cookies
        ):
            store(request, audience, generation, response)
        return response

    return wrapper


class CachedPageMiddleware:
    """Answer anonymous visitors from the page cache before sessions,
    authentication and URL resolution run: the fast path of the reading
    site. Misses, logged-in readers and other methods go on as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"} and (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            response, _generation = lookup(request, PUBLIC)
            if response is not None:
                return get_conditional_response(
                    request, etag=response.get("ETag"), response=response
                )
        return self.get_response(request)
