"""Routes of the moderation REST API, version 1 (mounted at /api/v1/moderation/; moderators only)."""

from django.urls import path

from . import views as api

app_name = "moderation-api"

urlpatterns = [
    path("queues/", api.QueueCounts.as_view(), name="queue-counts"),
    path("queues/<str:queue>/", api.Queue.as_view(), name="queue"),
    path("comments/<str:pk>/decision/", api.DecideComment.as_view(), name="decide"),
    path("comments/<str:pk>/pick/", api.EditorsPick.as_view(), name="pick"),
    path("decisions/", api.DecideMany.as_view(), name="decide-many"),
]
