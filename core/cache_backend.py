"""Django's Redis cache, made to degrade instead of fail when Redis is away.

Redis carries only caches and messages: losing it may slow pages down, never
break them. Reads miss and writes are dropped (with a warning) while it is down.
A limit that must fail closed instead (new captchas) asks for `strict()`.
"""

import functools
import logging

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
# What redis-py raises when the server is away or does not answer in time.
REDIS_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# The same, and the socket errors beneath it: what a cache call that degrades must survive.
REDIS_DOWN = (*REDIS_UNREACHABLE, OSError)


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
