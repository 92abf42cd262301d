"""The moderators' console in the Django admin: comments, decisions, bans, rules, articles, the dashboard link."""

from django.conf import settings
from django.contrib import admin

from . import appeals, articles, bans, comments, decisions, erasures, rules, schedule  # noqa: F401  (each module registers its admin)

# The index links to the dashboard; the template extends the stock index rather than replacing it.
admin.site.index_template = "admin/moderation/site_index.html"
admin.site.site_header = f"{settings.SITE_NAME}: comments and moderation"
admin.site.site_title = f"{settings.SITE_NAME} moderation"
admin.site.index_title = "Moderation and newsroom"
