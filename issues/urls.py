from django.urls import path

from issues import converters, views  # noqa: F401 (converters registers path types)

app_name = "issues"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("preview/<int:pk>/", views.IssuePreviewView.as_view(), name="preview"),
    path("<series:series>/", views.SeriesArchiveView.as_view(), name="series"),
    path(
        "<series:series>/<issue_number:number>/",
        views.IssueDetailView.as_view(),
        name="detail",
    ),
    path(
        "<series:series>/<issue_number:number>/<int:position>/",
        views.ArticleDetailView.as_view(),
        name="article",
    ),
]
