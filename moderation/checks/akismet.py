"""Akismet's opinion, asked only when the site has an API key (AKISMET_API_KEY)."""

import logging
from functools import lru_cache
from urllib.parse import urlsplit

import akismet
import httpx
from django.conf import settings

from .base import Check, Status

logger = logging.getLogger(__name__)


class _ApiRedirect(httpx.HTTPTransport):
    """Send the library's requests to AKISMET_API_URL (an Akismet-compatible endpoint, or a test server)."""

    def __init__(self, base_url, **kwargs):
        super().__init__(**kwargs)
        self.base = urlsplit(base_url)

    def handle_request(self, request):
        request.url = request.url.copy_with(scheme=self.base.scheme, host=self.base.hostname, port=self.base.port)
        return super().handle_request(request)


@lru_cache(maxsize=4)
def client(key, blog_url, api_url, timeout):
    transport = _ApiRedirect(api_url)
    http = httpx.Client(transport=transport, timeout=timeout, headers={"User-Agent": akismet.USER_AGENT})
    return akismet.SyncClient(config=akismet.Config(key=key, url=blog_url), http_client=http)


def site_client():
    return client(settings.AKISMET_API_KEY, settings.AKISMET_BLOG_URL, settings.AKISMET_API_URL,
                  settings.AKISMET_TIMEOUT_SECONDS)  # fmt: skip


class AkismetCheck(Check):
    name = "akismet"
    spam_evidence = 3.0

    def applies(self, submission, context):
        return bool(settings.AKISMET_API_KEY) and context.uses_network

    def run(self, submission, context):
        try:
            answer = site_client().comment_check(
                user_ip=submission.ip_address or "127.0.0.1",
                comment_content=submission.body,
                comment_type="comment",
                comment_author=submission.author_name,
                comment_author_email=submission.author_email,
                user_agent=submission.user_agent,
            )
        except akismet.AkismetError as error:
            # An outage of a third party must not hold every comment: the other checks decide.
            logger.warning("Akismet unavailable: %s", error)
            return self.signal(reasons=("Akismet unavailable",))
        if answer == akismet.CheckResponse.DISCARD:
            return self.signal(score=1.0, verdict=Status.SPAM, reasons=("Akismet: blatant spam",), priority=1)
        if answer == akismet.CheckResponse.SPAM:
            return self.signal(score=1.0, evidence=self.spam_evidence, reasons=("Akismet: spam",), priority=1)
        return self.signal(score=0.0)
