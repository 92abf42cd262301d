"""The API's documentation pages under the site's Content-Security-Policy.

drf-spectacular's pages put their start-up script and a few styles inline. Swagger is served split
(its start-up script is a second request to the same URL) from a template whose styles are a static
file; Redoc from a template that starts it from its own element (no inline script, no web fonts from
elsewhere). Redoc writes its styles into the page at run time, searches in a worker made from a blob and
shows its makers' logo from their server, so its page alone allows those three.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerDocs(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


REDOC_POLICY = {
    "style-src": [UNSAFE_INLINE],
    "worker-src": [SELF, "blob:"],
    "img-src": ["https://cdn.redoc.ly"],
}


@method_decorator(csp_update(REDOC_POLICY), name="dispatch")
class RedocDocs(SpectacularRedocView):
    template_name = "api/redoc.html"
