import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from bulletin_cms.middleware import add_security_headers

# Seconds a client should wait before asking again while the database is
# unreachable (the 503 page and /healthz).
RETRY_AFTER = "30"


@never_cache
@login_required
def account(request):
    """The reader's own page: who is logged in, log out, change password."""
    return render(request, "registration/account.html")


def server_error(request):
    """500 page; 503 when the database cannot be reached, which passes by
    itself (Django drops the broken connection after the request and opens
    a new one for the next). Rendered without context processors: they
    could query the database that just failed."""
    # Django calls this inside its handler for the uncaught exception.
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = RETRY_AFTER
    else:
        response = HttpResponse(render_to_string("500.html"), status=500)
    return add_security_headers(request, response)
