"""Who a voter is: an account as itself, a reader without one as their client, never by a cookie.

A reader without an account votes as their client (`core.clients.client_key`: the address, an
IPv6 one by its /64), hashed. A cookie never makes another voter: sending none, or a new one each
time, only changes the same vote. The `voter` cookie marks a browser that has voted, so that its
page shows the reader's own stars (and no other page needs to look).
"""

import hashlib
import hmac
import secrets

from django.conf import settings

from core.clients import client_key
from core.keyed_hashes import keyed_hash

VOTER_COOKIE = "voter"
VOTER_COOKIE_MAX_AGE = 365 * 24 * 3600
VOTER_PURPOSE = "newsite.voters"


def voter_key(request):
    """The key under which this reader's vote is stored: the account, else the client, never the raw address.

    Not the cookie: a client that sends none, or a fresh one with every vote, must not count twice.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return keyed_hash(VOTER_PURPOSE, f"anon:{client_key(request)}")


def former_voter_keys(request):
    """The key a reader without an account voted under before voter keys were salted HMACs.

    Looked up as well as `voter_key` (and replaced by it when the vote changes), so that nobody votes
    twice across that change. Anonymous keys expire after PRIVACY_RETENTION_DAYS from a vote's last
    change (`moderation.retention`): once that has passed since the change, this goes.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return ()
    identity = f"anon:{client_key(request)}"
    return (hmac.new(settings.SECRET_KEY.encode(), identity.encode(), hashlib.sha256).hexdigest(),)


def limit_key(request):
    """Who the rating limit counts: the account, else the client."""
    user = request.user
    return f"user:{user.pk}" if user.is_authenticated else f"ip:{client_key(request)}"


def voter_cookie(request):
    """The anonymous reader's voter cookie, and whether it is new (and must be set on the response)."""
    existing = request.COOKIES.get(VOTER_COOKIE, "")
    if existing or request.user.is_authenticated:
        return existing, False
    return secrets.token_urlsafe(24), True


def remember_voter(request, response):
    """Mark this browser as one that voted, unless it is already marked (or the reader has an account)."""
    cookie, new = voter_cookie(request)
    if new:
        response.set_cookie(
            VOTER_COOKIE,
            cookie,
            max_age=VOTER_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
