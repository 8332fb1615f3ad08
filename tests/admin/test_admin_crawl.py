"""Every admin address as every role, with real objects and with junk: no
server error, no exception. A bad filter, a revision id of another object
or a number too large for the database is a message or a 404, never a 500.
"""

import logging
import traceback

import pytest
from django.test import Client

from tests.admin import desk as crawl

pytestmark = pytest.mark.django_db


def request(client, page):
    """The response, or the exception the view raised, as one line."""
    try:
        return getattr(client, page.method)(page.url)
    except Exception as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return f"{type(error).__name__}: {error} ({frame.filename}:{frame.lineno})"


@pytest.mark.parametrize("role", crawl.ROLES)
def test_no_admin_address_fails(role):
    desk = crawl.build()
    client = Client()
    client.force_login(desk.users[role])
    failures, queue, junked = [], crawl.pages(desk, junk=True), set()
    # Refusals log a warning each: thousands of them say nothing here.
    logging.disable(logging.WARNING)
    try:
        for page in queue:
            response = request(client, page)
            if isinstance(response, str) or response.status_code >= 500:
                code = getattr(response, "status_code", response)
                failures.append(f"{page.method.upper()} {page.url} → {code}")
            # Junk in the query string, on the first page of each view.
            elif response.status_code == 200 and page.view not in junked:
                junked.add(page.view)
                queue += crawl.query_junk(page, response, desk)
    finally:
        logging.disable(logging.NOTSET)
    assert failures == [], f"{len(failures)} of {len(queue)}:\n" + "\n".join(failures)
