"""The log-in lock-out's page and log lines (django-axes, configured in settings).

The page says what happened and how long to wait; it never says whether the username exists (the
count is kept for any name typed). The log lines name the page only: no username, no address.
"""

from django.conf import settings
from django.shortcuts import render

LOCKOUT_TEMPLATE = "registration/locked_out.html"


def cool_off_minutes():
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """Too many wrong passwords for this username from this client: a 429 with the wait in words."""
    minutes = cool_off_minutes()
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    response = render(request, LOCKOUT_TEMPLATE, context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def client_description(username, ip_address, user_agent, path_info, request):
    """What django-axes writes in its log lines about a log-in: the page, nothing personal."""
    return f"{{path_info: {path_info!r}}}"
