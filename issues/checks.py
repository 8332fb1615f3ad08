from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host

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


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """Links in notification e-mails lead to this site, over HTTPS."""
    address = urlsplit(settings.SITE_URL)
    warnings = []
    if address.scheme != "https":
        warnings.append(
            Warning(
                "SITE_URL is not an https:// address.",
                hint="Links in notification e-mails would open the admin "
                "over plain HTTP; set SITE_URL=https://….",
                id="issues.W004",
            )
        )
    if not validate_host(address.hostname, settings.ALLOWED_HOSTS):
        warnings.append(
            Warning(
                f"SITE_URL names {address.hostname}, which is not in ALLOWED_HOSTS.",
                hint="Links in notification e-mails would lead to a site that "
                "refuses them; set SITE_URL to the address staff use.",
                id="issues.W005",
            )
        )
    return warnings
