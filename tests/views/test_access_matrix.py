"""Every URL pattern of the project × every role × every issue state.

The patterns are read from the URL configuration; each must have a rule
below saying what each role gets, so a new URL without a rule fails this
test. Unpublished and internal material must answer 404 or a login redirect,
never its content.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import get_resolver, reverse

from issues.models import Issue
from issues.revisions import records
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    SeriesFactory,
    SourceFactory,
    UserFactory,
)
from tests.utils import walk

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "editor", "reviewer", "publisher", "superuser"]
STAFF = {"editor", "reviewer", "publisher", "superuser"}
STATES = [
    "draft",
    "in_review",
    "approved",
    "published",
    "withdrawn",
    "internal",
    "internal_draft",
]
MARKER = "矩阵测试文章标记"

OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405


@dataclass
class World:
    """The objects one state's requests are made about."""

    state: str
    issue: Issue

    @property
    def published(self) -> bool:
        return self.issue.status == "published"

    @property
    def internal(self) -> bool:
        return self.issue.series.is_internal


def build(state: str, editor) -> World:
    internal = state.startswith("internal")
    series = SeriesFactory(
        name="内部参阅" if internal else "学习参考",
        slug="nbcy" if internal else "xxck",
        visibility="internal" if internal else "public",
    )
    trait = (
        {}
        if state in {"draft", "internal_draft"}
        else {"published" if state == "internal" else state: True}
    )
    issue = IssueFactory(series=series, number=7, **trait)
    article = ArticleFactory(issue=issue, position=1, title=MARKER)
    records.record(article, by=editor)
    records.record(issue, by=editor)
    return World(state, issue)


def on_login_page(role):
    return REDIRECT if role in {"anonymous", "reader"} else None


def staff_only(then: Callable[[str, World], int]):
    """Admin views: anonymous visitors and readers are sent to the admin login."""
    return lambda role, world: on_login_page(role) or then(role, world)


def everyone(code):
    return lambda role, world: code


def editors(ok=OK):
    return staff_only(
        lambda role, world: ok if role in {"editor", "superuser"} else FORBIDDEN
    )


def superuser_only(ok=OK, other=FORBIDDEN):
    return staff_only(lambda role, world: ok if role == "superuser" else other)


def draft_editors(role, world):
    return (
        OK
        if role in {"editor", "superuser"} and world.issue.status == "draft"
        else FORBIDDEN
    )


def restorers(role, world):
    """Restoring asks first, and only those who may change the object; the
    latest revision holds the current content, so they are sent back to the
    history with nothing to restore."""
    return (
        REDIRECT
        if role in {"editor", "superuser"} and world.issue.status == "draft"
        else FORBIDDEN
    )


def issue_deletable(role, world):
    never_published = world.issue.published_at is None
    if (
        role in {"editor", "superuser"}
        and world.issue.status == "draft"
        and never_published
    ):
        return OK
    return FORBIDDEN


def public_issue_page(role, world):
    """Only published issues exist; internal series send anonymous visitors
    to log in first, whether the issue exists or not."""
    if world.internal and role == "anonymous":
        return REDIRECT
    if not world.published:
        return NOT_FOUND
    return OK


def preview(role, world):
    if role == "anonymous":
        return REDIRECT
    return OK if role in STAFF else NOT_FOUND


def series_page(role, world):
    """Internal series send anonymous visitors to log in first; a series
    without a published issue has no page for anyone."""
    if world.internal and role == "anonymous":
        return REDIRECT
    return OK if world.published else NOT_FOUND


def series_feed(role, world):
    if world.internal and role == "anonymous":
        return NOT_FOUND
    return OK if world.published else NOT_FOUND


def publishers(role, world):
    return OK if role in {"publisher", "superuser"} else FORBIDDEN


def logged_in(role, world):
    return REDIRECT if role == "anonymous" else OK


def transition_submit(role, world):
    allowed = world.issue.status == "draft" and role in {"editor", "superuser"}
    return OK if allowed else FORBIDDEN


@dataclass
class Rule:
    url: Callable[[World], str]
    expect: Callable[[str, World], int]
    per_state: bool = False  # the answer depends on the issue's state


def admin(name, *args):
    return lambda world: reverse(
        f"admin:{name}", args=[a(world) if callable(a) else a for a in args]
    )


def issue_id(world):
    return world.issue.pk


def article_id(world):
    return world.issue.articles.get().pk


def revision_of(obj):
    return records.latest(obj).pk


STAFF_OK = staff_only(everyone(OK))

RULES: dict[str, Rule] = {
    # Reading site
    "issues:home": Rule(lambda w: "/", everyone(OK), per_state=True),
    # A word of the article's text, so that a hit shows the title (the
    # marker) unmarked: the leak check below holds results to the same
    # standard as every page.
    "issues:search": Rule(
        lambda w: f"/search/?q={quote('挂职干部')}", everyone(OK), per_state=True
    ),
    "issues:feed": Rule(lambda w: "/feed/", everyone(OK), per_state=True),
    "issues:sitemap": Rule(lambda w: "/sitemap.xml", everyone(OK), per_state=True),
    "issues:robots": Rule(lambda w: "/robots.txt", everyone(OK)),
    "issues:healthz": Rule(lambda w: "/healthz", everyone(OK)),
    "issues:preview": Rule(
        lambda w: reverse("issues:preview", args=[w.issue.pk]), preview, True
    ),
    "issues:preview-pdf": Rule(
        lambda w: reverse("issues:preview-pdf", args=[w.issue.pk]), preview, True
    ),
    "issues:series": Rule(
        lambda w: w.issue.series.get_absolute_url(), series_page, True
    ),
    "issues:series-feed": Rule(
        lambda w: reverse("issues:series-feed", args=[w.issue.series.slug]),
        series_feed,
        True,
    ),
    "issues:detail": Rule(
        lambda w: reverse("issues:detail", kwargs=w.issue.url_kwargs()),
        public_issue_page,
        True,
    ),
    "issues:pdf": Rule(
        lambda w: reverse("issues:pdf", kwargs=w.issue.url_kwargs()),
        public_issue_page,
        True,
    ),
    "issues:docx": Rule(
        lambda w: reverse("issues:docx", kwargs=w.issue.url_kwargs()),
        public_issue_page,
        True,
    ),
    "issues:article": Rule(
        lambda w: reverse(
            "issues:article", kwargs={**w.issue.url_kwargs(), "position": 1}
        ),
        public_issue_page,
        True,
    ),
    # Accounts
    "account": Rule(lambda w: "/accounts/", logged_in),
    "login": Rule(lambda w: "/accounts/login/", everyone(OK)),
    "logout": Rule(lambda w: "/accounts/logout/", everyone(NOT_ALLOWED)),
    "password_change": Rule(lambda w: "/accounts/password_change/", logged_in),
    "password_change_done": Rule(
        lambda w: "/accounts/password_change/done/", logged_in
    ),
    "password_reset": Rule(lambda w: "/accounts/password_reset/", everyone(OK)),
    "password_reset_done": Rule(
        lambda w: "/accounts/password_reset/done/", everyone(OK)
    ),
    "password_reset_confirm": Rule(
        lambda w: "/accounts/reset/MQ/bad-token/", everyone(OK)
    ),
    "password_reset_complete": Rule(lambda w: "/accounts/reset/done/", everyone(OK)),
    # Admin site
    "admin:index": Rule(admin("index"), STAFF_OK),
    "admin:login": Rule(
        admin("login"), lambda role, world: REDIRECT if role in STAFF else OK
    ),
    "admin:logout": Rule(admin("logout"), staff_only(everyone(NOT_ALLOWED))),
    "admin:password_change": Rule(admin("password_change"), STAFF_OK),
    "admin:password_change_done": Rule(admin("password_change_done"), STAFF_OK),
    "admin:autocomplete": Rule(admin("autocomplete"), staff_only(everyone(FORBIDDEN))),
    "admin:jsi18n": Rule(admin("jsi18n"), STAFF_OK),
    "admin:view_on_site": Rule(
        lambda w: reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(Issue).pk, w.issue.pk],
        ),
        staff_only(everyone(REDIRECT)),
    ),
    "admin:app_list": Rule(admin("app_list", "issues"), STAFF_OK),
    "admin/(?P<url>.*)$": Rule(
        lambda w: "/admin/no-such-page/", staff_only(everyone(NOT_FOUND))
    ),
    # Accounts and login records: superusers only
    "admin:auth_user_password_change": Rule(
        lambda w: reverse("admin:auth_user_password_change", args=[any_user()]),
        superuser_only(),
    ),
    # Editorial objects
    "admin:issues_issue_transition": Rule(
        admin("issues_issue_transition", issue_id, "submit"),
        staff_only(transition_submit),
        True,
    ),
    "admin:issues_issue_import": Rule(admin("issues_issue_import"), editors()),
    "admin:issues_series_visibility": Rule(
        admin("issues_series_visibility", lambda w: w.issue.series_id),
        staff_only(publishers),
    ),
    "admin:issues_issue_compare": Rule(
        lambda w: (
            admin("issues_issue_compare", issue_id)(w) + f"?old={revision_of(w.issue)}"
        ),
        STAFF_OK,
        True,
    ),
    "admin:issues_issue_restore": Rule(
        lambda w: admin("issues_issue_restore", issue_id, revision_of(w.issue))(w),
        staff_only(restorers),
        True,
    ),
    "admin:issues_issue_presence": Rule(
        admin("issues_issue_presence", issue_id),
        staff_only(everyone(NOT_ALLOWED)),
        True,
    ),
    "admin:issues_issue_delete": Rule(
        admin("issues_issue_delete", issue_id), staff_only(issue_deletable), True
    ),
    "admin:issues_issue_change": Rule(
        admin("issues_issue_change", issue_id), STAFF_OK, True
    ),
    "admin:issues_issue_history": Rule(
        admin("issues_issue_history", issue_id), STAFF_OK, True
    ),
    "admin:articles_article_compare": Rule(
        lambda w: (
            admin("articles_article_compare", article_id)(w)
            + f"?old={revision_of(w.issue.articles.get())}"
        ),
        STAFF_OK,
        True,
    ),
    "admin:articles_article_restore": Rule(
        lambda w: admin(
            "articles_article_restore", article_id, revision_of(w.issue.articles.get())
        )(w),
        staff_only(restorers),
        True,
    ),
    "admin:articles_article_presence": Rule(
        admin("articles_article_presence", article_id),
        staff_only(everyone(NOT_ALLOWED)),
        True,
    ),
    "admin:articles_article_delete": Rule(
        admin("articles_article_delete", article_id), staff_only(draft_editors), True
    ),
    "admin:articles_article_change": Rule(
        admin("articles_article_change", article_id), STAFF_OK, True
    ),
    "admin:articles_article_history": Rule(
        admin("articles_article_history", article_id), STAFF_OK, True
    ),
}


def any_user() -> int:
    return get_user_model().objects.order_by("pk").first().pk


def login_record(model, **fields) -> int:
    record, _created = model.objects.get_or_create(
        username="someone",
        ip_address="127.0.0.1",
        user_agent="test",
        defaults={"http_accept": "*/*", "path_info": "/accounts/login/", **fields},
    )
    return record.pk


# The standard pages of each admin: who may list, add, see, change, delete.
MODEL_ADMINS = {
    "auth_group": (
        lambda w: Group.objects.get(name="编辑").pk,
        superuser_only(),
        superuser_only(),
    ),
    "auth_user": (lambda w: any_user(), superuser_only(), superuser_only()),
    "axes_accessattempt": (
        lambda w: login_record(
            AccessAttempt, get_data="", post_data="", failures_since_start=1
        ),
        superuser_only(),
        superuser_only(FORBIDDEN),
    ),
    "axes_accesslog": (
        lambda w: login_record(AccessLog),
        superuser_only(),
        superuser_only(FORBIDDEN),
    ),
    "axes_accessfailurelog": (
        lambda w: login_record(AccessFailureLog),
        superuser_only(),
        superuser_only(FORBIDDEN),
    ),
    "issues_series": (lambda w: w.issue.series_id, STAFF_OK, editors()),
    "issues_issue": (issue_id, STAFF_OK, editors()),
    "articles_source": (lambda w: SourceFactory().pk, STAFF_OK, editors()),
    "articles_article": (article_id, STAFF_OK, editors()),
}
AXES_LISTS = superuser_only()
DELETE = {
    "auth_group": superuser_only(),
    "auth_user": superuser_only(),
    "issues_series": superuser_only(),
    "articles_source": superuser_only(),
}
for model, (object_id, see, add) in MODEL_ADMINS.items():
    is_axes = model.startswith("axes_")
    RULES.setdefault(
        f"admin:{model}_changelist",
        Rule(
            admin(f"{model}_changelist"),
            AXES_LISTS if is_axes or model.startswith("auth_") else STAFF_OK,
        ),
    )
    RULES.setdefault(f"admin:{model}_add", Rule(admin(f"{model}_add"), add))
    RULES.setdefault(
        f"admin:{model}_change", Rule(admin(f"{model}_change", object_id), see)
    )
    RULES.setdefault(
        f"admin:{model}_history", Rule(admin(f"{model}_history", object_id), see)
    )
    RULES.setdefault(
        f"admin:{model}_delete",
        Rule(admin(f"{model}_delete", object_id), DELETE.get(model, see)),
    )
    app, name = model.split("_", 1)
    RULES[f"admin/{app}/{name}/<path:object_id>/"] = Rule(
        lambda w, model=model, object_id=object_id: (
            f"/admin/{model.replace('_', '/', 1)}/{object_id(w)}/"
        ),
        staff_only(everyone(REDIRECT)),
    )
# The add page of login records does not exist for anyone.
for model in ("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"):
    RULES[f"admin:{model}_add"] = Rule(
        admin(f"{model}_add"), staff_only(everyone(FORBIDDEN))
    )


def test_every_url_pattern_has_a_rule():
    missing = [
        name
        for _pattern, name in walk(get_resolver().url_patterns)
        if name not in RULES
    ]
    assert missing == [], f"URL patterns without an access rule: {missing}"


@pytest.fixture
def users():
    return {
        "anonymous": None,
        "reader": UserFactory(username="reader"),
        "editor": UserFactory(username="editor", groups=["编辑"], is_staff=True),
        "reviewer": UserFactory(username="reviewer", groups=["审核"], is_staff=True),
        "publisher": UserFactory(username="publisher", groups=["签发"], is_staff=True),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    """The PDF views are checked for who gets them, not for the rendering."""
    monkeypatch.setattr(
        "issues.pdf.render_issue_pdf", lambda issue, preview=False: b"%PDF-1.7"
    )


def body(response) -> str:
    raw = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return raw.decode(errors="replace")


@pytest.mark.parametrize("state", STATES)
def test_access_matrix(state, users):
    world = build(state, users["editor"])
    wrong, leaks = [], []
    for rule in RULES.values():
        if not rule.per_state and state != "draft":
            continue
        url = rule.url(world)
        for role in ROLES:
            client = Client()
            if users[role] is not None:
                client.force_login(users[role])
            response = client.get(url)
            expected = rule.expect(role, world)
            if response.status_code != expected:
                wrong.append(
                    f"{role:10} {url} → {response.status_code}, expected {expected}"
                )
            hidden = not world.published or (world.internal and role == "anonymous")
            if hidden and role not in STAFF and MARKER in body(response):
                leaks.append(f"{role:10} {url} shows unpublished or internal content")
    assert leaks == [], "\n" + "\n".join(leaks)
    assert wrong == [], "\n" + "\n".join(wrong)


@pytest.mark.parametrize("state", STATES)
def test_the_sitemap_lists_a_series_where_anyone_may_read_its_page(state, users):
    world = build(state, users["editor"])
    listed = f"{world.issue.series.get_absolute_url()}</loc>" in body(
        Client().get("/sitemap.xml")
    )
    assert listed == (series_page("anonymous", world) == OK)
