"""Whole responses stored under the versions they depend on, each served with one Redis round trip.

A stored response carries its stamp: the versions it was built under (`core.versions`) and what
else it was built with. It is used only while the stamp matches the versions fetched with it: a
change bumps one of them and the next request builds the response again, so nothing stored is
ever found and deleted. Each kind of response says what it depends on (`ResponseCache`).

The versions belong to the object the response is about (an article), whose id the URL does not
hold: a process learns it the first time it builds the response (`remember`). Only a hint: a
stale id reads versions no stored stamp matches, and the response is built again.

The stamp is read before the object is loaded: `lookup` returns it on a miss, and `stamp` hands
it back once the object is loaded. A change that commits between loading the object and reading
its versions would otherwise store the old content under the new versions and serve it until it
expires (a reader saw "Comments (8 posted)" above "total: 7 | displaying: 1–8").
"""

import hashlib
import math
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port

from . import versions

_UNKNOWN = object()


def cacheable_origin(request):
    """`scheme://host[:port]` of the request when the site stores responses per origin for it, else None.

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


class ResponseCache:
    """The stored responses of one kind (the article page, a feed). Subclasses say:

    - `key_prefix`: what their keys in the cache start with;
    - `depends_on(obj_id)`: the version keys whose change makes a stored response about the object stale;
    - `built_with()`: what else a stored response was built with (a setting), compared like its versions;
    - `url_key(request)`: what of the URL tells two stored responses apart (the path; a page that
      reads its query adds it, once the query has one spelling).
    """

    key_prefix = None
    known_max = 10_000

    def __init__(self):
        self._known = {}  # what a request names (URL arguments) -> the id of the object it is about

    def depends_on(self, obj_id):
        raise NotImplementedError

    def built_with(self):
        return ()

    def url_key(self, request):
        return request.path

    def entry_key(self, request):
        """Where the response to this request is stored, or None when the site stores none for its origin."""
        origin = cacheable_origin(request)
        if origin is None:
            return None
        url = f"{origin}{self.url_key(request)}"
        return f"{self.key_prefix}:{hashlib.sha256(url.encode()).hexdigest()}"

    def lookup(self, request, known_as):
        """(what was stored for this request or None, its object's current stamp or None when the object is not known).

        `known_as`: what the request names the object by (its URL arguments).
        """
        key, obj_id = self.entry_key(request), self._known.get(known_as, _UNKNOWN)
        if key is None or obj_id is _UNKNOWN:
            return None, None
        version_keys = self.depends_on(obj_id)
        found = cache.get_many([key, *version_keys])
        stamp = self._stamp(obj_id, versions.read_many(version_keys, found))
        entry = found.get(key)
        if entry is None:
            return None, stamp
        stored_stamp, valid_until, content = entry
        if stored_stamp != stamp or valid_until <= time.time():
            return None, stamp
        return content, stamp

    def remember(self, known_as, obj_id):
        if len(self._known) >= self.known_max:
            self._known.clear()
        self._known[known_as] = obj_id

    def stamp(self, obj_id, read_before=None):
        """The stamp a response about the object is stored under: `read_before` (from `lookup`) when it is
        this object's, else read now."""
        if read_before is not None and read_before[0] == obj_id:
            return read_before
        return self._stamp(obj_id, versions.read_many(self.depends_on(obj_id)))

    def store(self, request, stamp, content, seconds):
        """Keep `content` as the response to this request for `seconds`, or until its stamp is stale."""
        key = self.entry_key(request)
        if key is not None:
            cache.set(key, (stamp, time.time() + seconds, content), math.ceil(seconds))

    def _stamp(self, obj_id, current_versions):
        return (obj_id, *current_versions, *self.built_with())
