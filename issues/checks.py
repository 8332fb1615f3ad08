from django.conf import settings
from django.core.checks import Tags, Warning, register

CSP_MIDDLEWARE = "bulletin_cms.middleware.ContentSecurityPolicyMiddleware"


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


@register(Tags.security, deploy=True)
def content_security_policy_check(app_configs, **kwargs):
    """Body text is escaped; the policy is the second line of defence, and
    only holds if no inline script is allowed."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", {})
    scripts = policy.get("script-src", policy.get("default-src", []))
    if CSP_MIDDLEWARE not in settings.MIDDLEWARE or not scripts:
        return [
            Warning(
                "No Content-Security-Policy restricts scripts.",
                hint=f"Keep {CSP_MIDDLEWARE} in MIDDLEWARE and a script-src in "
                "CONTENT_SECURITY_POLICY.",
                id="issues.W002",
            )
        ]
    if {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(scripts):
        return [
            Warning(
                "The Content-Security-Policy allows inline or evaluated scripts.",
                hint="Remove 'unsafe-inline', 'unsafe-eval' and * from script-src.",
                id="issues.W003",
            )
        ]
    return []
