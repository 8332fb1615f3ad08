from django.contrib.sitemaps.views import sitemap
from django.urls import path

from issues import converters, views  # noqa: F401 (converters registers path types)
from issues.feeds import IssueFeed
from issues.search_views import SearchView
from issues.sitemaps import SITEMAPS

app_name = "issues"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("feed/", IssueFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("preview/<int:pk>/", views.IssuePreviewView.as_view(), name="preview"),
    path(
        "preview/<int:pk>/pdf/",
        views.IssuePreviewPdfView.as_view(),
        name="preview-pdf",
    ),
    path("<series:series>/", views.SeriesArchiveView.as_view(), name="series"),
    path("<series:series>/feed/", IssueFeed(), name="series-feed"),
    path(
        "<series:series>/<issue_number:number>/",
        views.IssueDetailView.as_view(),
        name="detail",
    ),
    path(
        "<series:series>/<issue_number:number>/pdf/",
        views.IssuePdfView.as_view(),
        name="pdf",
    ),
    path(
        "<series:series>/<issue_number:number>/docx/",
        views.IssueWordView.as_view(),
        name="docx",
    ),
    path(
        "<series:series>/<issue_number:number>/<int:position>/",
        views.ArticleDetailView.as_view(),
        name="article",
    ),
]
