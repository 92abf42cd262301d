"""Readers recommending published comments: one recommendation per reader per comment, never their own.

A reader is their account, else their client (`core.clients.address_key`: the address, an IPv6
one by its /64), stored as a keyed hash: clearing cookies or sending new headers makes no second
recommender. Nobody recommends their own comment: not the account that posted it, not the
browser that posted it (its signed list of own comments), and, without an account, not the
client it was posted from. The count is kept on the comment (`Comment.recommendation_count`), so
the "Most recommended" order reads an index and the cards print a column; each change bumps the
article's comment version, so the cached list and page show it.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from core import versions
from core.clients import address_key
from core.keyed_hashes import keyed_hash
from core.limits import LimitUnavailable, describe_rate, over_limit

from .cache import article_version_key
from .models import Comment, Recommendation

logger = logging.getLogger(__name__)
PURPOSE = "comments.recommendations.recommender"


class RecommendationRefused(Exception):
    """Not recorded; the message says why, for the reader, and `http_status` how the page and the API answer."""

    http_status = 409


class NotRecommendable(RecommendationRefused):
    """This comment cannot be recommended (not on the page, or the reader's own)."""


class RecommendationRateLimited(RecommendationRefused):
    http_status = 429


class RecommendationUnavailable(RecommendationRefused):
    """The limit cannot count (Redis is away): refused until it can, so that counts stay honest."""

    http_status = 503


def _signed_in(user):
    return user is not None and user.is_authenticated


def recommender_key(*, user=None, ip=None):
    identity = f"user:{user.pk}" if _signed_in(user) else f"ip:{address_key(ip)}"
    return keyed_hash(PURPOSE, identity)


def is_own(comment, *, user=None, ip=None, own_ids=()):
    """Whether this reader posted the comment: their account, their browser, or (without an account) their client."""
    if _signed_in(user) and comment.user_id == user.pk:
        return True
    if comment.pk in own_ids:
        return True
    return not _signed_in(user) and bool(comment.ip_address) and address_key(comment.ip_address) == address_key(ip)


def _check(comment, *, user, ip, own_ids, key):
    if comment.status != Comment.Status.PUBLISHED:
        raise NotRecommendable("Only comments on the page can be recommended.")
    if is_own(comment, user=user, ip=ip, own_ids=own_ids):
        raise NotRecommendable("You cannot recommend your own comment.")
    rate = settings.COMMENTS_RECOMMEND_RATE_LIMIT
    try:
        limited = over_limit("comments.recommend", key, rate)
    except LimitUnavailable as error:
        logger.warning("%s; recommendation refused", error)
        raise RecommendationUnavailable("Recommendations cannot be counted just now. Please try again soon.") from None
    if limited:
        raise RecommendationRateLimited(f"You are recommending too fast (at most {describe_rate(rate)}).")


def _changed(comment, delta):
    Comment.objects.filter(pk=comment.pk).update(recommendation_count=F("recommendation_count") + delta)
    versions.bump_on_commit(article_version_key(comment.article_id))


def recommend(comment, *, user=None, ip=None, own_ids=()):
    """Recommend `comment` for this reader; returns (count, whether it changed). Raises RecommendationRefused.

    A second recommendation by the same reader changes nothing and is no error.
    """
    key = recommender_key(user=user, ip=ip)
    _check(comment, user=user, ip=ip, own_ids=own_ids, key=key)
    changed = False
    if not Recommendation.objects.filter(comment=comment, recommender_key=key).exists():
        try:
            with transaction.atomic():
                Recommendation.objects.create(
                    comment=comment, user=user if _signed_in(user) else None, recommender_key=key
                )
                _changed(comment, +1)
                changed = True
        except IntegrityError:  # the same reader, twice at once: the other request counted it
            pass
    comment.refresh_from_db(fields=["recommendation_count"])
    return comment.recommendation_count, changed


def withdraw(comment, *, user=None, ip=None, own_ids=()):
    """Take this reader's recommendation back; returns (count, whether it changed)."""
    key = recommender_key(user=user, ip=ip)
    _check(comment, user=user, ip=ip, own_ids=own_ids, key=key)
    with transaction.atomic():
        deleted, _ = Recommendation.objects.filter(comment=comment, recommender_key=key).delete()
        if deleted:
            _changed(comment, -1)
    comment.refresh_from_db(fields=["recommendation_count"])
    return comment.recommendation_count, bool(deleted)


def has_recommended(comment, *, user=None, ip=None):
    return Recommendation.objects.filter(comment=comment, recommender_key=recommender_key(user=user, ip=ip)).exists()
