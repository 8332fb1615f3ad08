from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView

from issues import permissions
from issues.models import Issue, Series


class SeriesAccessMixin:
    """Internal series send anonymous readers to the login page and back."""

    def check_series(self, series: Series):
        if not permissions.can_read_series(self.request.user, series):
            return redirect_to_login(self.request.get_full_path())
        return None


class HomeView(TemplateView):
    template_name = "issues/home.html"

    def get_context_data(self, **kwargs):
        latest = (
            Issue.objects.readable_by(self.request.user)
            .with_series()
            .order_by("-published_at")[:20]
        )
        return super().get_context_data(latest=latest, **kwargs)


class SeriesArchiveView(SeriesAccessMixin, ListView):
    template_name = "issues/series_archive.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.series = get_object_or_404(Series, slug=kwargs["series"])
        return self.check_series(self.series) or super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Issue.objects.published()
            .filter(series=self.series)
            .with_contents()
            .order_by("-issue_date", "-number")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(series=self.series, **kwargs)


class PublishedIssueMixin(SeriesAccessMixin):
    def get(self, request, *args, **kwargs):
        self.issue = get_object_or_404(
            Issue.objects.published().with_contents(),
            series__slug=kwargs["series"],
            **kwargs["number"],
        )
        return self.check_series(self.issue.series) or super().get(
            request, *args, **kwargs
        )


class IssueDetailView(PublishedIssueMixin, TemplateView):
    template_name = "issues/issue_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(issue=self.issue, **kwargs)


class ArticleDetailView(PublishedIssueMixin, TemplateView):
    template_name = "issues/article_detail.html"

    def get_context_data(self, **kwargs):
        articles = list(self.issue.articles.all())
        index = next(
            (
                i
                for i, article in enumerate(articles)
                if article.position == kwargs["position"]
            ),
            None,
        )
        if index is None:
            raise Http404
        return super().get_context_data(
            issue=self.issue,
            article=articles[index],
            previous=articles[index - 1] if index > 0 else None,
            next=articles[index + 1] if index + 1 < len(articles) else None,
            **kwargs,
        )


class IssuePreviewView(DetailView):
    """Any issue as it will be published, for staff who may preview; marked
    预览 and never cached."""

    template_name = "issues/issue_detail.html"
    context_object_name = "issue"

    def get_queryset(self):
        if not permissions.can_preview(self.request.user):
            raise Http404
        return Issue.objects.with_contents()

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response = super().get(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)
