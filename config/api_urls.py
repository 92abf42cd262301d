"""The REST API, versioned, and its OpenAPI schema and documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from .api_docs import RedocDocs, SwaggerDocs

urlpatterns = [
    path("v1/", include("comments.api.urls")),
    path("v1/moderation/", include("moderation.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocs.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", RedocDocs.as_view(url_name="schema"), name="api-redoc"),
]
