"""Counting attempts against a rate in Redis: the one primitive behind posting, report and rating limits.

What Redis being away means is each limit's own decision, so it is not decided here: the count
raises `LimitUnavailable`, and posting lets readers through (`RATELIMIT_FAIL_OPEN`, the comment is
checked later anyway) while reports, ratings and new captchas refuse with a message that says so.
"""

from django_ratelimit.core import is_ratelimited

from .cache_backend import REDIS_DOWN

RETRY_AFTER_SECONDS = 60  # what a refusal while Redis is away suggests (Retry-After)


class LimitUnavailable(Exception):
    """Redis could not count the attempt: the limit can neither pass nor refuse it."""


def over_limit(group, value, rate):
    """Count one attempt by `value` against `rate`; True when that is over it. Raises LimitUnavailable."""
    try:
        return is_ratelimited(None, group=group, key=lambda _group, _request: value, rate=rate, increment=True)
    except REDIS_DOWN as error:
        raise LimitUnavailable(f"rate limit {group} not counted: {error}") from error
