"""A desk in use, and every admin page on it.

``build`` fills the database the way an office would after some weeks: the
sample bulletin published through the real workflow, issues in every state
(an unnumbered draft, one returned with a comment, one scheduled, one
withdrawn), an internal series, pool articles, revisions with changes,
login records and admin log entries. ``pages`` reads the admin's URL
patterns and fills their arguments with every object of the model, so a
new view or model is crawled without being listed here; ``junk`` adds
what an address typed by hand or kept from last year may carry.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from issues import workflow
from issues.models import Issue
from issues.revisions import records
from tests.factories import ArticleFactory, IssueFactory, SeriesFactory, SourceFactory
from tests.utils import walk

ROLES = ["editor", "reviewer", "publisher", "superuser", "reader"]
# The demo accounts of load_sample, by role.
USERNAMES = {
    "editor": "editor",
    "reviewer": "reviewer",
    "publisher": "publisher",
    "superuser": "admin",
    "reader": "reader",
}
# A second editor, who submits the issues the demo editor compiled.
OTHER_EDITOR = "editor2"
# What a login record holds: a browser's own words, shown as recorded.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)

# Path arguments nobody should have typed: text, zero, negative, too large
# for any integer column, a NUL byte, Chinese.
JUNK_IDS = ["abc", "0", "-1", "99999999999999999999", "1.5", "%00", "中文"]
JUNK_VALUES = ["abc", "", "99999", "99999999999999999999"]


@dataclass
class Desk:
    users: dict
    issues: dict  # by state, see build()
    other_revision: int  # a revision of some other object


def build() -> Desk:
    call_command("load_sample", stdout=io.StringIO())
    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    editor, reviewer, publisher = (
        users[r] for r in ("editor", "reviewer", "publisher")
    )
    second = User.objects.create_user(
        OTHER_EDITOR, f"{OTHER_EDITOR}@example.com", first_name="孙编辑"
    )
    second.is_staff = True
    second.save()
    second.groups.set(editor.groups.all())
    sample = Issue.objects.get()
    series = sample.series
    source = SourceFactory(
        name="人民日报", kind="newspaper", url="http://paper.people.com.cn/"
    )
    internal = SeriesFactory(
        name="内部参阅",
        slug="内部参阅",
        visibility="internal",
        numbering="yearly",
        handling_mark="内部资料　注意保存",
    )

    def issue(number, series=series, **fields):
        made = IssueFactory(series=series, number=number, created_by=editor, **fields)
        article = ArticleFactory(
            issue=made, position=1, source=source, created_by=editor
        )
        records.record(article, by=editor)
        records.record(made, by=editor)
        return made

    def run(name, item, by, **kwargs):
        return workflow.perform(name, item, by=by, **kwargs)

    issues = {"published": sample}
    issues["in_review"] = run("submit", issue(77), second)
    returned = run("submit", issue(78), second)
    issues["returned"] = run(
        "return", returned, reviewer, comment="第二篇文章的出处请核对报纸版次。"
    )
    approved = run("approve", run("submit", issue(79), second), reviewer)
    issues["approved"] = approved
    scheduled = run("approve", run("submit", issue(80), second), reviewer)
    issues["scheduled"] = run(
        "schedule", scheduled, publisher, at=timezone.now() + timedelta(days=2)
    )
    withdrawn = run("approve", run("submit", issue(74), second), reviewer)
    withdrawn = run("publish", withdrawn, publisher)
    issues["withdrawn"] = run(
        "withdraw", withdrawn, publisher, comment="出处有误，撤回更正。"
    )
    issues["internal"] = run(
        "publish",
        run("approve", run("submit", issue(3, series=internal), second), reviewer),
        publisher,
    )
    # A draft edited twice: its history compares a kind and a title.
    draft = issue(None, kind=Issue.Kind.SUPPLEMENT, issue_date=None)
    draft.kind = Issue.Kind.REGULAR
    draft.editors_note = "本期刊发两篇关于京蒙协作的报道，供学习参考。"
    draft.save()
    records.record(draft, by=editor)
    article = draft.articles.get()
    article.title = "京蒙协作再上新台阶"
    article.save()
    records.record(article, by=editor)
    records.record(draft, by=editor)
    issues["draft"] = draft
    pool = ArticleFactory(
        title="推动京津冀协同发展走深走实", source=source, created_by=editor
    )
    records.record(pool, by=editor)
    login_records()
    LogEntry.objects.log_actions(
        user_id=editor.pk,
        queryset=[draft, article],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": ["kind"]}}],
    )
    return Desk(
        users=users,
        issues=issues,
        other_revision=records.latest(pool).pk,
    )


# What axes records of a colleague who mistyped a password once too often.
LOGIN_RECORD = {
    "username": "zhangsan",
    "ip_address": "10.1.2.3",
    "http_accept": "text/html,application/xhtml+xml",
    "path_info": "/admin/login/",
    "post_data": "username=zhangsan&next=/admin/",
}


def login_records() -> None:
    """One of each of axes' records."""
    common = {**LOGIN_RECORD, "user_agent": USER_AGENT}
    del common["post_data"]
    AccessAttempt.objects.create(
        **common,
        get_data="",
        post_data=LOGIN_RECORD["post_data"],
        failures_since_start=5,
    )
    AccessFailureLog.objects.create(**common, locked_out=True)
    AccessLog.objects.create(**{**common, "username": USERNAMES["editor"]})


# Pages


@dataclass(frozen=True)
class Page:
    url: str
    method: str = "get"
    view: str = field(default="", compare=False)  # the URL pattern's name


ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def fill(route: str, values: dict) -> str:
    """The address of a route with its arguments replaced by ``values``."""
    route = route.replace("^", "").replace("$", "")
    return "/admin/" + ARGUMENT.sub(
        lambda match: str(values[match.group(1) or match.group(2)]), route
    )


def admin_routes() -> list[tuple[str, str]]:
    """(route, name) of every admin URL pattern, as the site builds them."""
    return list(walk(admin.site.get_urls()))


def model_of(route: str):
    for model in admin.site._registry:
        if route.startswith(f"{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def pks(model) -> list:
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True))


def arguments(route: str, desk: Desk, junk: bool) -> list[dict]:
    """Every set of path arguments to request ``route`` with."""
    names = [a or b for a, b in ARGUMENT.findall(route.replace("^", ""))]
    if not names:
        return [{}]
    if names == ["url"]:
        return [{"url": "no-such-page/"}, {"url": "issues/nothing/here/"}]
    if names == ["app_label"]:
        labels = sorted({m._meta.app_label for m in admin.site._registry})
        return [{"app_label": label} for label in labels]
    if names == ["content_type_id", "object_id"]:
        found = [
            {
                "content_type_id": ContentType.objects.get_for_model(m).pk,
                "object_id": pk,
            }
            for m in admin.site._registry
            for pk in pks(m)
        ]
        if junk:
            some = found[0]
            found += [{**some, "object_id": bad} for bad in JUNK_IDS]
            found += [{**some, "content_type_id": bad} for bad in JUNK_IDS]
        return found
    model = model_of(route)
    ids = pks(model) + (JUNK_IDS if junk else [])
    if names == ["id"]:  # the user admin's password page
        return [{"id": pk} for pk in ids]
    if names == ["object_id"]:
        return [{"object_id": pk} for pk in ids]
    if names == ["object_id", "name"]:
        transitions = [*workflow.TRANSITIONS, *(["bogus"] if junk else [])]
        ints = [pk for pk in ids if str(pk).isdigit()]
        return [{"object_id": pk, "name": name} for pk in ints for name in transitions]
    if names == ["object_id", "revision_id"]:
        # Restoring is a POST with a revision of the object; only the
        # refusals are crawled: another object's revision, and junk.
        bad = [desk.other_revision, 0, 99999999999999999999] if junk else []
        return [
            {"object_id": pk, "revision_id": rev}
            for pk in pks(model)[:3]
            for rev in bad
        ]
    raise AssertionError(
        f"no arguments known for {route}: add them in tests/admin/desk.py"
    )


def pages(desk: Desk, junk: bool = False) -> list[Page]:
    """Every admin page with real objects; with ``junk``, also the same
    pages with junk path arguments and query strings."""
    found = []
    for route, name in admin_routes():
        for values in arguments(route, desk, junk):
            url = fill(route, values)
            if name.endswith("_compare") and str(values["object_id"]).isdigit():
                # Compared with the object's latest revision.
                model = model_of(route)
                obj = model._default_manager.filter(pk=values["object_id"]).first()
                if obj and (latest := records.latest(obj)):
                    url += f"?old={latest.pk}"
            # Restoring and presence answer POSTs only.
            post = name.endswith(("_restore", "_presence"))
            found.append(Page(url, "post" if post else "get", name))
    return found


def query_junk(page: Page, response, desk: Desk) -> list[Page]:
    """The page again with junk in each query parameter it reads.

    The parameters are read from the page itself (the list filters' links,
    the form's fields) and from what the admin's views take from any
    address (ordering, page, popup, preserved filters, revisions)."""
    view = page.view
    if view.endswith("_compare"):
        queries = [{"old": old, "new": new} for old, new in compare_pairs(desk)]
    elif view == "autocomplete":
        queries = AUTOCOMPLETE_QUERIES
    elif view.endswith("_history"):
        queries = [{"page": value} for value in JUNK_VALUES]
    elif view.endswith(("_add", "_change")):
        # Add forms take initial values from the address.
        fields = form_fields(response)
        queries = [dict.fromkeys(fields, value) for value in JUNK_VALUES]
        queries += [{name: "abc"} for name in FORM_PARAMETERS]
    elif view.endswith("_changelist"):
        names = sorted({*LIST_PARAMETERS, *filter_parameters(response)})
        queries = [{name: value} for name in names for value in JUNK_VALUES]
    else:
        return []
    path = urlsplit(page.url).path
    return [Page(f"{path}?{urlencode(query)}", view=view) for query in queries]


# What every change list reads from its address besides its filters, and
# lookups the filters do not offer but an address may carry (the import
# wizard links its pool articles with id__in).
LIST_PARAMETERS = [
    "o",
    "p",
    "q",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_facets",
    "_changelist_filters",
    "status",
    "id__in",
    "issue__isnull",
]
# What add and change forms read from their address.
FORM_PARAMETERS = ["_popup", "_to_field", "_changelist_filters"]


def compare_pairs(desk: Desk):
    other = desk.other_revision
    return [
        ("abc", "current"),
        ("", "current"),
        (other, "current"),
        ("99999999999999999999", "current"),
        ("previous-submission", "abc"),
        ("previous-submission", other),
        ("previous-submission", "99999999999999999999"),
        ("-1", "0"),
    ]


AUTOCOMPLETE_QUERIES = [
    {
        "app_label": "articles",
        "model_name": "article",
        "field_name": "source",
        "term": "日报",
    },
    {
        "app_label": "articles",
        "model_name": "article",
        "field_name": "source",
        "page": "abc",
    },
    {"app_label": "articles", "model_name": "article", "field_name": "bogus"},
    {"app_label": "bogus", "model_name": "article", "field_name": "source"},
    {"app_label": "articles", "model_name": "bogus", "field_name": "source"},
    {"term": "x"},
]


class _Links(HTMLParser):
    """Query parameters of the links in the list's filter sidebar, and the
    names of a form's fields."""

    def __init__(self):
        super().__init__()
        self.in_filter = 0
        self.parameters = set()
        self.fields = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("id") == "changelist-filter":
            self.in_filter = 1
        if tag == "a" and self.in_filter and (attrs.get("href") or "").startswith("?"):
            self.parameters |= {k for k, _v in parse_qsl(attrs["href"][1:])}
        if tag in {"input", "select", "textarea"} and attrs.get("name"):
            self.fields.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_filter = 0


def _read(response) -> _Links:
    reader = _Links()
    if "html" in response.get("Content-Type", ""):
        reader.feed(response.content.decode())
    return reader


def filter_parameters(response) -> set[str]:
    return _read(response).parameters


def form_fields(response) -> list[str]:
    return sorted(
        name
        for name in _read(response).fields
        if name not in {"csrfmiddlewaretoken"} and not name.endswith("TOTAL_FORMS")
    )
