from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
@login_required
def account(request):
    """The reader's own page: who is logged in, log out, change password."""
    return render(request, "registration/account.html")
