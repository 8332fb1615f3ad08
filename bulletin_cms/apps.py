from django.contrib.admin.apps import AdminConfig


class BulletinAdminConfig(AdminConfig):
    default_site = "bulletin_cms.admin.BulletinAdminSite"
