"""The ceiling: a view returning fixed bytes of an article page's size, through the same middleware.

Mounted at /bench/ceiling/ by the benchmark's own URL map (bench/urls.py, bench/settings.py), never the site's.
The bytes are a page the benchmark saved (BENCH_CEILING_FILE); the view does no work but
returning them, so its speed is what Django, the middleware and gunicorn cost on this machine:
the most any page of ours could reach.
"""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

FALLBACK_SIZE = 60_000  # bytes, when no page was saved: about an article page with 50 comments


@lru_cache(maxsize=1)
def page_bytes():
    try:
        with open(settings.BENCH_CEILING_FILE, "rb") as page:
            return page.read()
    except OSError:
        return b"<!doctype html><title>ceiling</title>" + b"x" * FALLBACK_SIZE


def ceiling(request):
    return HttpResponse(page_bytes(), content_type="text/html; charset=utf-8")


urlpatterns = [path("", ceiling, name="bench-ceiling")]
