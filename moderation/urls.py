"""Moderation's own pages outside the model admin: the dashboard and the transparency report (for moderators),
the unsubscribe link, and the statement of reasons a comment's author reads and appeals from."""

from django.contrib import admin
from django.urls import path

from . import report_page, statement_page
from .dashboard import dashboard_view
from .unsubscribe import unsubscribe

app_name = "moderation"

urlpatterns = [
    path("dashboard/", admin.site.admin_view(dashboard_view), name="dashboard"),
    path("report/", admin.site.admin_view(report_page.report_view), name="report"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("comments/<int:pk>/why/", statement_page.statement, name="statement"),
    path("why/<str:token>/", statement_page.statement_by_link, name="statement-by-link"),
]
