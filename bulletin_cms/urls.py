from django.contrib import admin
from django.urls import include, path

from bulletin_cms import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", views.account, name="account"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("issues.urls")),
]

handler500 = "bulletin_cms.views.server_error"
