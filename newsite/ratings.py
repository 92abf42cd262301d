"""Readers' star ratings of articles: the one service that records a vote, and the limit on voting.

A vote is kept once per reader (`newsite.voters`) and may be changed. The article's
`rating_count` / `rating_total` are updated with F() expressions inside the same transaction, a
changed vote adding only its difference. The rating form (`newsite.views.rate_view`) and the REST
API both call `rating_is_limited` and `rate_as_reader`, so both paths count votes the same way.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from core.limits import LimitUnavailable, over_limit

from . import page_versions
from .models import Article, ArticleRating
from .voters import VOTER_COOKIE, former_voter_keys, limit_key, voter_key

logger = logging.getLogger(__name__)
MIN_STARS = 1
MAX_STARS = 5
RATELIMIT_GROUP = "article-rating"
UNAVAILABLE = "Ratings cannot be saved just now. Please try again in a few minutes."


class InvalidRating(ValueError):
    """The value is not a whole number of stars between MIN_STARS and MAX_STARS."""


class RatingUnavailable(Exception):
    """The rating limit cannot count (Redis is away): no vote is taken until it can."""


def reader_vote(request, article):
    """This reader's current vote on the article (a number of stars), or None; at most one query."""
    user = request.user
    if not user.is_authenticated and VOTER_COOKIE not in request.COOKIES:
        return None
    keys = [voter_key(request), *former_voter_keys(request)]
    return (ArticleRating.objects.filter(article=article, voter_key__in=keys).values_list("value", flat=True)).first()


def clean_value(value):
    try:
        stars = int(value)
    except (TypeError, ValueError):
        raise InvalidRating(f"Choose a whole number of stars from {MIN_STARS} to {MAX_STARS}.") from None
    if isinstance(value, float | bool) or not MIN_STARS <= stars <= MAX_STARS:
        raise InvalidRating(f"Choose a whole number of stars from {MIN_STARS} to {MAX_STARS}.")
    return stars


def rate_article(article, *, voter_key, user=None, value, former_keys=()):
    """Record or change one reader's vote; return the article's new (score, count).

    `former_keys`: the reader's `voters.former_voter_keys`; a vote found under one is changed and re-keyed.
    """
    value = clean_value(value)
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        previous = _previous_vote(article, [voter_key, *former_keys])
        if previous is None:
            try:
                with transaction.atomic():  # a savepoint: a concurrent first vote by the same reader loses cleanly
                    ArticleRating.objects.create(article=article, voter_key=voter_key, user=user, value=value)
                count_delta, total_delta = 1, value
            except IntegrityError:
                previous = _previous_vote(article, [voter_key])
        if previous is not None:
            ArticleRating.objects.filter(pk=previous.pk).update(value=value, voter_key=voter_key)
            count_delta, total_delta = 0, value - previous.value
        if count_delta or total_delta:
            Article.objects.filter(pk=article.pk).update(
                rating_count=F("rating_count") + count_delta, rating_total=F("rating_total") + total_delta
            )
        total, count = Article.objects.filter(pk=article.pk).values_list("rating_total", "rating_count").get()
    page_versions.bump_article(article.pk)  # the score on the cached page
    article.rating_total, article.rating_count = total, count
    return article.rating_score, count


def rate_as_reader(request, article, value):
    """Record or change the vote of the reader behind `request` (`newsite.voters`); return (score, count)."""
    return rate_article(
        article,
        voter_key=voter_key(request),
        user=request.user,
        value=value,
        former_keys=former_voter_keys(request),
    )


def _previous_vote(article, keys):
    return (
        ArticleRating.objects.select_for_update()
        .filter(article=article, voter_key__in=keys)
        .only("pk", "value")
        .first()
    )


def rating_is_limited(request):
    """Count this vote against the reader's rating limit and say whether it is over.

    Fails closed: while Redis cannot count, RatingUnavailable (no vote goes uncounted by the limit).
    """
    try:
        return over_limit(RATELIMIT_GROUP, limit_key(request), settings.COMMENTS_RATING_RATE_LIMIT)
    except LimitUnavailable as error:
        logger.warning("%s; rating refused", error)
        raise RatingUnavailable(UNAVAILABLE) from error
