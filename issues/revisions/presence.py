"""Who else has an article or issue open in the admin.

A lightweight indicator, not a lock: each open change page refreshes its
user's mark every half minute; a mark expires on its own when the page is
closed. Kept in the shared cache so every process sees it; a cache outage
only hides the indicator.
"""

import logging
import time

from django.core.cache import cache

from bulletin_cms.people import staff_name

logger = logging.getLogger(__name__)

TTL_SECONDS = 90


def _key(obj) -> str:
    return f"presence:{obj._meta.label_lower}:{obj.pk}"


def touch(obj, user) -> list[str]:
    """Mark ``user`` as having ``obj`` open; return the names of the others."""
    now = time.time()
    try:
        marks = cache.get(_key(obj)) or {}
        marks = {pk: mark for pk, mark in marks.items() if mark[1] > now}
        marks[user.pk] = (staff_name(user), now + TTL_SECONDS)
        cache.set(_key(obj), marks, TTL_SECONDS)
    except Exception:
        logger.warning("presence unavailable", exc_info=True)
        return []
    return sorted(name for pk, (name, _expires) in marks.items() if pk != user.pk)
