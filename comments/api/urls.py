"""Routes of the public REST API, version 1."""

urlpatterns = []
