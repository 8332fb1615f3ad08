from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
]
