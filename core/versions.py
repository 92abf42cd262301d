"""Versions in the cache: a number under a named key that a change bumps, so whatever was stored under
the old number goes stale at once and never has to be found and deleted.

Each app names its own keys and says when they bump; this module reads and bumps them. A missing
version (never read, evicted, Redis flushed) starts from the clock in milliseconds, so a version
lost with Redis never comes back as one something was stored under before. While Redis is away a
read gives a fresh number each time (nothing stored can be served) and a bump is only logged.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)
TIMEOUT = None  # versions must outlive everything stored under them


def _start():
    return int(time.time() * 1000)


def read(key):
    """The version under `key`, started from the clock when it is missing."""
    version = cache.get(key)  # not read_many: one GET costs less than an MGET of one key, on the cold page's path
    return version if version is not None else _started([key])[key]


def read_many(keys, found=None):
    """The versions under `keys`, in their order, in one round trip; missing ones are started from the clock.

    `found` is a `cache.get_many` answer that already holds them (fetched along with what was stored
    under them): then nothing is read again.
    """
    if found is None:
        found = cache.get_many(keys)
    missing = [key for key in keys if found.get(key) is None]
    if missing:
        found = {**found, **_started(missing)}
    return [found[key] for key in keys]


def _started(keys):
    started = dict.fromkeys(keys, _start())
    cache.set_many(started, TIMEOUT)
    return started


def bump(*keys):
    """A new version under each key, now."""
    for key in dict.fromkeys(keys):
        try:
            cache.incr(key)
        except ValueError:  # missing: a number it never had
            cache.set(key, _start(), TIMEOUT)
        except Exception as error:  # Redis away: the change that bumps must still go through
            logger.warning("cache version %s not bumped: %s", key, error)


def bump_on_commit(*keys):
    """A new version under each key once the transaction commits, so nothing built from the old rows is
    stored under the new version."""
    transaction.on_commit(lambda: bump(*keys))
