import io
from urllib.parse import quote

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.decorators import method_decorator
from django.utils.http import http_date, quote_etag
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from bulletin_cms.page_cache import cached_page
from bulletin_cms.views import RETRY_AFTER
from issues import edition, pdf, policy, word
from issues.filters import IssueFilter
from issues.models import Issue, Series


class SeriesAccessMixin:
    """Internal series send anonymous readers to the login page and back."""

    def check_series(self, series: Series):
        if not policy.can_read_series(self.request.user, series):
            return redirect_to_login(self.request.get_full_path())
        return None


@method_decorator(cached_page, name="dispatch")
class HomeView(TemplateView):
    """The latest issues of every series the visitor may read."""

    template_name = "issues/home.html"

    def get_context_data(self, **kwargs):
        issues = Issue.objects.readable_by(self.request.user).latest_per_series(5)
        return super().get_context_data(issues=issues, **kwargs)


@method_decorator(cached_page, name="dispatch")
class SeriesArchiveView(SeriesAccessMixin, FilterView):
    """One series' published issues by year, filterable and paginated."""

    filterset_class = IssueFilter
    template_name = "issues/issue_filter.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.series = get_object_or_404(
            Series.objects.with_archive_flag(), slug=kwargs["series"]
        )
        if denied := self.check_series(self.series):
            return denied
        # Before its first issue is signed off a series has nothing to
        # show; staff look at it in the admin and the preview.
        if not self.series.has_published:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Issue.objects.published()
            .filter(series=self.series)
            .with_toc()
            .order_by("-issue_date", "-number")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(series=self.series, **kwargs)


class PublishedIssueMixin(SeriesAccessMixin):
    def get(self, request, *args, **kwargs):
        try:
            self.issue = (
                Issue.objects.published()
                .with_contents()
                .get(series__slug=kwargs["series"], **kwargs["number"])
            )
        except Issue.DoesNotExist:
            self.issue = None
        # The series is checked before the issue's absence is told: in an
        # internal series anonymous visitors are sent to log in for every
        # number, so a 404 cannot tell them which ones are published.
        if self.issue is not None:
            series = self.issue.series
        else:
            series = get_object_or_404(Series, slug=kwargs["series"])
        if denied := self.check_series(series):
            return denied
        if self.issue is None:
            raise Http404
        return super().get(request, *args, **kwargs)


class PdfResponseMixin:
    """Answer with the issue as a PDF instead of its page; where this server
    cannot render PDFs, with a page that says so (503, not a server
    error)."""

    template_name = "issues/pdf_unavailable.html"
    preview = False

    def render_to_response(self, context, **response_kwargs):
        issue = context["issue"]
        try:
            file = pdf.issue_pdf(issue, preview=self.preview)
        except pdf.PdfUnavailable:
            return super().render_to_response(context, status=503)
        return download(file, "application/pdf", issue, ".pdf", preview=self.preview)


def download(file, content_type: str, issue, suffix: str, preview=False):
    """The file as a download (a proof: to show) named after the issue,
    with both names of RFC 6266: ``filename*`` for clients that read UTF-8,
    ``filename`` for the others."""
    response = FileResponse(file, content_type=content_type)
    name = pdf.download_name(issue, suffix, preview=preview)
    ascii_name = pdf.ascii_download_name(issue, suffix, preview=preview)
    response["Content-Disposition"] = (
        f"{'inline' if preview else 'attachment'}; "
        f"filename=\"{ascii_name}\"; filename*=utf-8''{quote(name)}"
    )
    return response


def revalidated(request, issue, etag: str, modified, respond) -> HttpResponse:
    """An edition of a published issue that clients revalidate every time:
    304 when their copy has ``etag`` or is as new as ``modified()`` (the
    time of the edition, None while unknown), else ``respond()``; a
    correction or a withdrawal is seen at once. Internal series are cached
    privately."""
    etag = quote_etag(etag)
    last_modified = modified()
    response = (
        get_conditional_response(
            request,
            etag=etag,
            last_modified=last_modified and int(last_modified.timestamp()),
        )
        or respond()
    )
    if response.status_code in (200, 304):
        response["ETag"] = etag
        if (last_modified := last_modified or modified()) is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        patch_cache_control(
            response,
            max_age=0,
            must_revalidate=True,
            **{"private" if issue.series.is_internal else "public": True},
        )
    return response


@method_decorator(cached_page, name="dispatch")
class IssueDetailView(PublishedIssueMixin, TemplateView):
    """A published issue rendered as the bulletin."""

    template_name = "issues/issue_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            issue=self.issue,
            pdf_url=reverse("issues:pdf", kwargs=self.issue.url_kwargs()),
            docx_url=reverse("issues:docx", kwargs=self.issue.url_kwargs()),
            **kwargs,
        )


class IssuePdfView(PdfResponseMixin, PublishedIssueMixin, TemplateView):
    """The PDF edition of a published issue, stored once per version (so
    not in the page cache). The ETag is the version and Last-Modified the
    time it was stored: an unchanged PDF costs a 304 and no rendering."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(issue=self.issue, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        issue = context["issue"]
        return revalidated(
            self.request,
            issue,
            pdf.content_version(issue),
            lambda: pdf.stored_time(issue),
            lambda: super(IssuePdfView, self).render_to_response(
                context, **response_kwargs
            ),
        )


class IssueWordView(PublishedIssueMixin, TemplateView):
    """The Word edition of a published issue, made on each request (in a
    fraction of a second) and revalidated like the PDF: the ETag is the
    version of what it prints and of its layout, Last-Modified the latest
    change to the issue or its articles."""

    def render_to_response(self, context, **response_kwargs):
        issue = self.issue
        articles = issue.articles.all()
        return revalidated(
            self.request,
            issue,
            f"{pdf.content_version(issue)}-{word.layout_version()}",
            lambda: max([issue.updated_at, *(a.updated_at for a in articles)]),
            lambda: download(
                io.BytesIO(word.issue_docx(issue)), word.CONTENT_TYPE, issue, ".docx"
            ),
        )


@method_decorator(cached_page, name="dispatch")
class ArticleDetailView(PublishedIssueMixin, TemplateView):
    """One article of a published issue, with its neighbours."""

    template_name = "issues/article_detail.html"

    def get_context_data(self, **kwargs):
        articles = list(self.issue.articles.all())
        index = next(
            (i for i, a in enumerate(articles) if a.position == kwargs["position"]),
            None,
        )
        if index is None:
            raise Http404
        return super().get_context_data(
            issue=self.issue,
            edition=self.issue.edition,
            article=articles[index],
            printed=edition.printed(self.issue, articles[index]),
            previous=articles[index - 1] if index > 0 else None,
            next=articles[index + 1] if index + 1 < len(articles) else None,
            **kwargs,
        )


class IssuePreviewView(DetailView):
    """Any issue as it will be published, for staff who may preview; marked
    预览 and never cached. Everyone else gets 404: drafts do not exist."""

    template_name = "issues/issue_detail.html"
    context_object_name = "issue"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response = super().get(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_queryset(self):
        if not policy.can_preview(self.request.user):
            raise Http404
        return Issue.objects.with_contents()

    def get_context_data(self, **kwargs):
        # Staff learn here when this server lacks the fonts of the PDF.
        return super().get_context_data(
            preview=True,
            pdf_url=reverse("issues:preview-pdf", args=[self.object.pk]),
            pdf_missing_fonts=pdf.missing_fonts(),
            **kwargs,
        )


class IssuePreviewPdfView(PdfResponseMixin, IssuePreviewView):
    """A PDF proof of any issue, marked 样稿 · 预览 on every page; rendered
    on each request and never cached."""

    preview = True


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /accounts/
Disallow: /preview/
Disallow: /search/
Sitemap: {sitemap}
"""


def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain")


@never_cache
def healthz(request):
    """Liveness for load balancers: 200 when the database answers, else 503.
    The cache is reported too, but pages are served without it, so a cache
    outage alone keeps the answer 200."""
    report = {"status": "ok", "database": "ok", "cache": "ok"}
    try:
        cache.get("healthz")
    except Exception:
        report["cache"] = "unavailable"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        report.update(status="error", database="unavailable")
        response = JsonResponse(report, status=503)
        response["Retry-After"] = RETRY_AFTER
        return response
    return JsonResponse(report)
