"""Per-client throttles of the REST API: every client (an account, else an address) has its own budget.

A client without an account is `core.clients.client_key`: the address the trusted proxies
vouch for (never a forwarded header anyone can write), an IPv6 client by its /64. Rates are read
when a request is throttled (not frozen at import like DRF's class attribute), so a deployment's
settings and a test's overrides both apply.
"""

import logging

from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from core.cache_backend import REDIS_DOWN, strict
from core.clients import client_key
from core.limits import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)
CAPTCHA_UNAVAILABLE = "New codes cannot be issued just now. Please try again in a few minutes."


class ServiceUnavailable(APIException):
    """A limit that fails closed could not count: 503, with when to try again."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "This cannot be done just now. Please try again in a few minutes."
    default_code = "service_unavailable"

    def __init__(self, detail=None, retry_after=RETRY_AFTER_SECONDS):
        super().__init__(detail)
        self.wait = retry_after  # DRF's exception handler turns it into Retry-After


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
    """New captchas: each one is a database row, so they are issued sparingly.

    Fails closed: while Redis cannot keep the count, no captcha is issued (a 503 that says so),
    rather than an unlimited number of rows.
    """

    scope = "captcha"

    @property
    def cache(self):
        return strict()

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except REDIS_DOWN as error:
            logger.warning("captcha throttle not counted, Redis unavailable: %s; captcha refused", error)
            raise ServiceUnavailable(CAPTCHA_UNAVAILABLE) from None


DEFAULT_THROTTLES = (ClientAnonThrottle, ClientUserThrottle, WriteThrottle)
