"""The site's Akismet client: pointed at AKISMET_API_URL, every call bounded by AKISMET_TIMEOUT_SECONDS.

The `akismet` library builds absolute URLs on its own constant (https://rest.akismet.com)
and has no base-URL option; it does accept an `httpx.Client`. So the client it gets has a
transport that sends each request to AKISMET_API_URL instead (scheme, host, port, Host
header, and any path prefix), which is how an Akismet-compatible service or the tests'
local fake server is reached.

httpx's timeout bounds each wait (connect, each read, each write), not the whole call: a
server that answers a byte at a time could hold a worker for as long as it liked. So the
call runs in a small thread pool and the caller stops waiting at the deadline; the
abandoned request ends at httpx's own timeout.
"""

import concurrent.futures
from functools import lru_cache
from urllib.parse import urlsplit

import akismet
import httpx
from django.conf import settings

# A few threads per process: a check or a report waits for at most one call at a time.
_calls = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="akismet")


class ApiRedirect(httpx.HTTPTransport):
    """Sends the library's requests to `base_url` (an Akismet-compatible endpoint, or a test server)."""

    def __init__(self, base_url, **kwargs):
        super().__init__(**kwargs)
        base = urlsplit(base_url)
        self.scheme, self.host, self.port = base.scheme, base.hostname, base.port
        self.prefix = base.path.rstrip("/")
        self.netloc = base.netloc.encode()

    def handle_request(self, request):
        request.url = request.url.copy_with(
            scheme=self.scheme, host=self.host, port=self.port, path=self.prefix + request.url.path
        )
        request.headers["Host"] = self.netloc.decode()
        return super().handle_request(request)


@lru_cache(maxsize=4)
def client(key, blog_url, api_url, timeout):
    http = httpx.Client(transport=ApiRedirect(api_url), timeout=timeout, headers={"User-Agent": akismet.USER_AGENT})
    return akismet.SyncClient(config=akismet.Config(key=key, url=blog_url), http_client=http)


def site_client():
    return client(settings.AKISMET_API_KEY, settings.AKISMET_BLOG_URL, settings.AKISMET_API_URL,
                  settings.AKISMET_TIMEOUT_SECONDS)  # fmt: skip


def call(operation, **arguments):
    """`site_client().<operation>(**arguments)`, answered within AKISMET_TIMEOUT_SECONDS or akismet.RequestError."""
    timeout = settings.AKISMET_TIMEOUT_SECONDS
    future = _calls.submit(getattr(site_client(), operation), **arguments)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError as error:
        future.cancel()
        raise akismet.RequestError(f"Akismet did not answer within {timeout:g} s") from error


def comment_fields(*, body, author_name="", author_email="", ip_address=None, user_agent=""):
    """What Akismet is told about a comment (its own service; e-mail and IP are what it judges by)."""
    return {
        "user_ip": ip_address or "127.0.0.1",
        "comment_content": body,
        "comment_type": "comment",
        "comment_author": author_name,
        "comment_author_email": author_email,
        "user_agent": user_agent,
    }
