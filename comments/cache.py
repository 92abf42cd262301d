"""Version keys for everything cached about an article's comments.

A status change bumps the article's version (and the site-wide one); cached
fragments and feeds are stored under the version current when they were built,
so they never need to be found and deleted one by one.
"""

import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port

logger = logging.getLogger(__name__)
SITE_KEY = "comments:v:site"
VERSION_TIMEOUT = None  # versions must outlive everything cached under them


def _article_key(article_id):
    return f"comments:v:article:{article_id}"


def article_version_key(article_id):
    """The cache key of the article's version, for readers that fetch it with other keys in one round trip."""
    return _article_key(article_id)


def _section_key(section_id):
    return f"comments:v:section:{section_id}"


def section_version_key(section_id):
    return _section_key(section_id)


def _read(key):
    version = cache.get(key)
    if version is None:
        # Start from the clock so a version lost with Redis never repeats an old one.
        version = int(time.time() * 1000)
        cache.set(key, version, VERSION_TIMEOUT)
    return version


def article_version(article_id):
    return _read(_article_key(article_id))


def section_version(section_id):
    return _read(_section_key(section_id))


def site_version():
    return _read(SITE_KEY)


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, int(time.time() * 1000), VERSION_TIMEOUT)
    except Exception as error:  # Redis away: nothing cached can be served stale from it either
        logger.warning("cache version %s not bumped: %s", key, error)


def bump_article(article_id, section_id=None):
    _bump(_article_key(article_id))
    if section_id is not None:
        _bump(_section_key(section_id))
    _bump(SITE_KEY)


def cacheable_origin(request):
    """`scheme://host[:port]` of the request when the site stores bodies per origin for it, else None.

    A whole page and a feed hold absolute links built from the Host header, so they are stored
    per origin. Django checks the host's name against ALLOWED_HOSTS but accepts any port, and a
    wildcard entry any name, so an origin is taken only when its name is SITE_URL's or a literal
    ALLOWED_HOSTS entry and its port is none or SITE_URL's: a bounded set. Other requests are
    answered from the database each time and leave nothing in the cache.
    """
    host = request.get_host()
    name, port = split_domain_port(host)
    site = urlsplit(settings.SITE_URL)
    if port and port != str(site.port or ""):
        return None
    literal = {entry.lower() for entry in settings.ALLOWED_HOSTS if entry != "*" and not entry.startswith(".")}
    if name not in literal and name != (site.hostname or "").lower():
        return None
    return f"{request.scheme}://{host}"
