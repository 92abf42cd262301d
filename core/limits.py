"""Counting attempts against a rate in Redis: the one primitive behind posting, report and rating limits.

What Redis being away means is each limit's own decision: the count raises `LimitUnavailable`.
Posting and what goes with it (the preview, sign-up, new captchas) ask `rate_limited`, which lets
readers through (`RATELIMIT_FAIL_OPEN`, the comment is checked later anyway), while reports,
ratings and the API's new captchas refuse with a message that says so.
"""

import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from .cache_backend import REDIS_DOWN

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 60  # what a refusal while Redis is away suggests (Retry-After)


class LimitUnavailable(Exception):
    """Redis could not count the attempt: the limit can neither pass nor refuse it."""


def over_limit(group, value, rate):
    """Count one attempt by `value` against `rate`; True when that is over it. Raises LimitUnavailable."""
    try:
        return is_ratelimited(None, group=group, key=lambda _group, _request: value, rate=rate, increment=True)
    except REDIS_DOWN as error:
        raise LimitUnavailable(f"rate limit {group} not counted: {error}") from error


def rate_limited(group, value, rate):
    """Count one attempt against `rate` for `value`; True when over the limit.

    While Redis is away, attempts pass (RATELIMIT_FAIL_OPEN, the default) or are all refused.
    """
    try:
        return over_limit(group, value, rate)
    except LimitUnavailable as error:
        logger.warning("%s; Redis unavailable", error)
        return not settings.RATELIMIT_FAIL_OPEN


RATE_UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def describe_rate(rate):
    """'5/m' as a reader reads it: '5 per minute'."""
    count, _, unit = rate.partition("/")
    return f"{count} per {RATE_UNITS.get(unit[-1:], unit)}"
