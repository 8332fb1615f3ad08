from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Page invalidation reaches other processes only through a shared cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache is local to each process.",
                hint="Set CACHE_URL=redis://host:port/db so that every worker sees "
                "invalidations (publish, withdraw, renames).",
                id="issues.W001",
            )
        ]
    return []
