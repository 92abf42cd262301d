"""Readers' star ratings of articles: who a voter is, the one service that records a vote, and the form view.

A vote is kept once per reader and may be changed: an account votes as itself, a reader without
one as their client (`core.clients.client_key`: the address, an IPv6 one by its /64), hashed.
A cookie never makes another voter: sending none, or a new one each time, only changes the same
vote. The `voter` cookie marks a browser that has voted, so its page shows the reader's own stars.
The article's `rating_count` / `rating_total` are updated with F() expressions inside the same
transaction, a changed vote adding only its difference. The REST API calls `rate_article` too,
so both paths count votes the same way.
"""

import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from core.clients import client_key
from core.limits import RETRY_AFTER_SECONDS, LimitUnavailable, over_limit

from . import page_versions
from .models import Article, ArticleRating

logger = logging.getLogger(__name__)
MIN_STARS = 1
MAX_STARS = 5
VOTER_COOKIE = "voter"
VOTER_COOKIE_MAX_AGE = 365 * 24 * 3600
RATELIMIT_GROUP = "article-rating"
UNAVAILABLE = "Ratings cannot be saved just now. Please try again in a few minutes."


class InvalidRating(ValueError):
    """The value is not a whole number of stars between MIN_STARS and MAX_STARS."""


class RatingUnavailable(Exception):
    """The rating limit cannot count (Redis is away): no vote is taken until it can."""


def score_of(total, count):
    """The average shown to readers, to one decimal place; None before the first vote."""
    return round(total / count, 1) if count else None


def _digest(text):
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def voter_key(request):
    """The key under which this reader's vote is stored: the account, else the client, never the raw address.

    Not the cookie: a client that sends none, or a fresh one with every vote, must not count twice.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return _digest(f"anon:{client_key(request)}")


def voter_cookie(request):
    """The anonymous reader's voter cookie, and whether it is new (and must be set on the response)."""
    existing = request.COOKIES.get(VOTER_COOKIE, "")
    if existing or request.user.is_authenticated:
        return existing, False
    return secrets.token_urlsafe(24), True


def reader_vote(request, article):
    """This reader's current vote on the article (a number of stars), or None; at most one query."""
    user = request.user
    if not user.is_authenticated and VOTER_COOKIE not in request.COOKIES:
        return None
    return (
        ArticleRating.objects.filter(article=article, voter_key=voter_key(request)).values_list("value", flat=True)
    ).first()


def clean_value(value):
    try:
        stars = int(value)
    except (TypeError, ValueError):
        raise InvalidRating(f"Choose a whole number of stars from {MIN_STARS} to {MAX_STARS}.") from None
    if isinstance(value, float | bool) or not MIN_STARS <= stars <= MAX_STARS:
        raise InvalidRating(f"Choose a whole number of stars from {MIN_STARS} to {MAX_STARS}.")
    return stars


def rate_article(article, *, voter_key, user=None, value):
    """Record or change one reader's vote; return the article's new (score, count)."""
    value = clean_value(value)
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        previous = _previous_vote(article, voter_key)
        if previous is None:
            try:
                with transaction.atomic():  # a savepoint: a concurrent first vote by the same reader loses cleanly
                    ArticleRating.objects.create(article=article, voter_key=voter_key, user=user, value=value)
                count_delta, total_delta = 1, value
            except IntegrityError:
                previous = _previous_vote(article, voter_key)
        if previous is not None:
            ArticleRating.objects.filter(pk=previous.pk).update(value=value)
            count_delta, total_delta = 0, value - previous.value
        if count_delta or total_delta:
            Article.objects.filter(pk=article.pk).update(
                rating_count=F("rating_count") + count_delta, rating_total=F("rating_total") + total_delta
            )
        total, count = Article.objects.filter(pk=article.pk).values_list("rating_total", "rating_count").get()
    page_versions.bump_article(article.pk)  # the score on the cached page
    article.rating_total, article.rating_count = total, count
    return score_of(total, count), count


def _previous_vote(article, key):
    return ArticleRating.objects.select_for_update().filter(article=article, voter_key=key).only("pk", "value").first()


def _rating_ratelimit_key(request):
    user = request.user
    return f"user:{user.pk}" if user.is_authenticated else f"ip:{client_key(request)}"


def rating_is_limited(request):
    """Count this vote against the reader's rating limit and say whether it is over.

    Fails closed: while Redis cannot count, RatingUnavailable (no vote goes uncounted by the limit).
    """
    try:
        return over_limit(RATELIMIT_GROUP, _rating_ratelimit_key(request), settings.COMMENTS_RATING_RATE_LIMIT)
    except LimitUnavailable as error:
        logger.warning("%s; rating refused", error)
        raise RatingUnavailable(UNAVAILABLE) from error


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def rate_view(request, slug):
    """The "Rate this article" form: JSON for the page's script, Post/Redirect/Get without it."""
    article = get_object_or_404(Article.objects.published().select_related("section"), slug=slug)
    back = f"{article.get_absolute_url()}#rating"
    as_json = _wants_json(request)

    try:
        limited = rating_is_limited(request)
    except RatingUnavailable as unavailable:
        return _unavailable(request, article, str(unavailable), as_json)
    if limited:
        message = "You are rating too quickly. Please wait a minute and try again."
        if as_json:
            return JsonResponse({"detail": message}, status=429)
        messages.error(request, message)
        return redirect(back)

    try:
        stars = clean_value(request.POST.get("value"))
    except InvalidRating as error:
        if as_json:
            return JsonResponse({"value": [str(error)]}, status=400)
        messages.error(request, str(error))
        return redirect(back)

    cookie, new_cookie = voter_cookie(request)
    score, count = rate_article(article, voter_key=voter_key(request), user=request.user, value=stars)
    if as_json:
        response = JsonResponse({"score": score, "count": count, "value": stars})
    else:
        messages.success(request, f"Thank you: your rating of {stars} out of {MAX_STARS} is saved.")
        response = redirect(back)
    if new_cookie:
        response.set_cookie(
            VOTER_COOKIE,
            cookie,
            max_age=VOTER_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _unavailable(request, article, message, as_json):
    """503 with the reason, as JSON for the page's script or as a page with the way back."""
    if as_json:
        response = JsonResponse({"detail": message}, status=503)
    else:
        context = {"title": "Rating not saved", "message": message, "back": f"{article.get_absolute_url()}#rating"}
        response = TemplateResponse(request, "newsite/unavailable.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
