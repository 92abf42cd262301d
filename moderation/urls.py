"""Moderation's own pages outside the model admin: the dashboard (for moderators) and the unsubscribe link."""

from django.contrib import admin
from django.urls import path

from .dashboard import dashboard_view
from .unsubscribe import unsubscribe

app_name = "moderation"

urlpatterns = [
    path("dashboard/", admin.site.admin_view(dashboard_view), name="dashboard"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
