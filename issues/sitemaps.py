from django.contrib.sitemaps import Sitemap

from articles.models import Article
from issues import policy
from issues.models import Issue, Series


class SeriesSitemap(Sitemap):
    """Public series that have published: the others have no page."""

    def items(self):
        return Series.objects.with_archive().filter(policy.indexable_series())


class IssueSitemap(Sitemap):
    """Published issues of public series only: internal ones are never indexed."""

    def items(self):
        return (
            Issue.objects.published()
            .filter(policy.indexable_series("series__"))
            .with_series()
            .order_by("-published_at")
        )

    def lastmod(self, issue):
        return issue.updated_at


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .filter(policy.indexable_series("issue__series__"))
            .select_related("issue__series")
            .order_by("-issue__published_at", "position")
        )

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"series": SeriesSitemap, "issues": IssueSitemap, "articles": ArticleSitemap}
