"""django.contrib.admin installed with the site's own admin site (config.admin_site)."""

from django.contrib.admin import apps as admin_apps


class SiteAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose `admin.site` is config.admin_site.SiteAdmin (a second factor on demand)."""

    default = False
    default_site = "config.admin_site.SiteAdmin"
