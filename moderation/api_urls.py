"""Routes of the moderation REST API, version 1 (moderators only)."""

urlpatterns = []
