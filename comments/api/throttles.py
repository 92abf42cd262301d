"""Per-client throttles of the REST API: every client (an account, else an address) has its own budget.

A client without an account is `newsite.clients.client_key`: the address the trusted proxies
vouch for (never a forwarded header anyone can write), an IPv6 client by its /64. Rates are read
when a request is throttled (not frozen at import like DRF's class attribute), so a deployment's
settings and a test's overrides both apply.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from newsite.clients import client_key


class ClientThrottleMixin:
    """Live rates, and the client as the rest of the site sees it."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_key(request)


class ClientAnonThrottle(ClientThrottleMixin, AnonRateThrottle):
    """Every request from a client without an account, by address."""


class ClientUserThrottle(ClientThrottleMixin, UserRateThrottle):
    """Every request from a signed-in client, by account."""


class ClientScopeThrottle(ClientThrottleMixin, SimpleRateThrottle):
    """One budget per client (account, else address) for one kind of request."""

    def get_cache_key(self, request, view):
        user = request.user
        ident = user.pk if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class WriteThrottle(ClientScopeThrottle):
    """Requests that write (post, report, rate, decide): a smaller budget than reading."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class CaptchaThrottle(ClientScopeThrottle):
    """New captchas: each one is a database row, so they are issued sparingly."""

    scope = "captcha"


DEFAULT_THROTTLES = (ClientAnonThrottle, ClientUserThrottle, WriteThrottle)
