"""Django's Redis cache, made to degrade instead of fail when Redis is away.

Redis carries only caches and messages: losing it may slow pages down, never
break them. Reads miss and writes are dropped (with a warning) while it is down.
Everything else raises as usual, so that whoever must tell "Redis is away" from "the key is
there" knows: the limits (django-ratelimit's `add` / `incr`, `core.limits`), the duplicate
check, the pending confirmation link, the moderation counts' version. A limit that must fail
closed on a read or write too (new API captchas) asks for `strict()`.

Why not django-redis with `IGNORE_EXCEPTIONS`: it turns every call into a quiet None or False
while Redis is away, `add` and `incr` included, so a duplicate post would look like "already
posted" and a pending link like "already sent"; each of those callers would need a second, strict
alias. Here only the calls whose fallback is harmless degrade.

Measured against django-redis 7.0 on this project's 2-core machine (shared, so figures move), a
local redis-server (`scripts/redis_server.py`), µs per call, median (best) of 7 interleaved
rounds of 2000, two runs each:

    call                  this (Django's RedisCache)     django-redis (IGNORE_EXCEPTIONS)
    get, small value          427 (337), 431 (342)            204 (132), 188 (154)
    get, 40 kB page           450 (325), 514 (380)            222 (183), 234 (215)
    set, small value          478 (428), 470 (415)            208 (138), 206 (185)
    get_many, 10 keys         668 (400), 516 (419)            262 (186), 295 (218)
    get while Redis is away         558, 865                        217, 174

django-redis is faster per call because Django's client builds a new `redis.Redis` for every call
(with redis-py 8 about as costly as the loopback round trip) where django-redis keeps one. But the
site's hot path does not show it: a warm whole-page article hit through Django's test client is one
`get_many` and no query, and took 1.35-2.5 ms median with django-redis underneath this class and
1.44-2.27 ms with Django's, four runs each, within the noise. So this stays on Django's backend, with
no extra dependency; django-redis without IGNORE_EXCEPTIONS under the same fallbacks measured like
django-redis above, and is the change to make if per-call cost starts to matter (tests then reach
the client through django-redis's `client.get_client()` instead of Django's `_cache.get_client()`).
"""

import functools
import logging

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
# What redis-py raises when the server is away or does not answer in time.
REDIS_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# The same, and the socket errors beneath it, and a Redis refusing writes: its memory full under
# `noeviction` (the cache on the broker's server, the settings' default) or a read-only replica after a
# failover. What a cache call that degrades must survive: a write is dropped, not a page failed.
REDIS_DOWN = (*REDIS_UNREACHABLE, OutOfMemoryError, ReadOnlyError, OSError)


def _degrade(fallback):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except REDIS_DOWN as error:
                logger.warning("cache %s skipped, Redis unavailable: %s", method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


class ResilientRedisCache(RedisCache):
    get = _degrade(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _degrade(lambda keys, version=None: {})(RedisCache.get_many)
    set = _degrade(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _degrade(lambda *args, **kwargs: list(args[0]) if args else [])(RedisCache.set_many)
    delete = _degrade(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _degrade(lambda *args, **kwargs: None)(RedisCache.delete_many)
    touch = _degrade(lambda *args, **kwargs: False)(RedisCache.touch)


class _Strict:
    """A ResilientRedisCache with the plain RedisCache methods: Redis errors reach the caller."""

    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, name):
        return functools.partial(getattr(RedisCache, name), self._backend)


def strict(alias="default"):
    """The cache `alias` without the fallbacks above, for callers that refuse while Redis is away."""
    backend = caches[alias]
    return _Strict(backend) if isinstance(backend, ResilientRedisCache) else backend
