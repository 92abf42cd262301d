from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsiteConfig(AppConfig):
    default = True
    name = "newsite"
    verbose_name = "Newsroom"

    def ready(self):
        from . import page_versions  # noqa: F401 - connects the page-version bumps to model changes


class SiteAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose `admin.site` is newsite.admin_site.SiteAdmin (a second factor on demand)."""

    default = False
    default_site = "newsite.admin_site.SiteAdmin"
