import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory, IssueFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached page from another test's data."""
    cache.clear()


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["编辑"], is_staff=True)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", groups=["审核"], is_staff=True)


@pytest.fixture
def publisher(db):
    return UserFactory(username="publisher", groups=["签发"], is_staff=True)


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def client_as(client):
    """A test client logged in as the given user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def draft_issue(db):
    issue = IssueFactory(number=76)
    ArticleFactory(issue=issue, position=1)
    return issue


@pytest.fixture
def published_issue(db):
    issue = IssueFactory(number=75, published=True)
    ArticleFactory(issue=issue, position=1)
    return issue
