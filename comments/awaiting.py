"""A reader's own comments awaiting moderation, remembered in a signed cookie.

A cookie rather than the session: remembering them costs no database write per post (the
session store writes its row on every change), and a reader who never logs in never gets a
session at all. The ids are signed, so nobody can ask to see someone else's held comment.
Readers of the API with a session still have theirs remembered there (`posting.remember_awaiting`).
"""

from django.conf import settings
from django.core import signing

from . import posting

COOKIE = "comments_awaiting"
SALT = "comments.awaiting"


def ids(request):
    """This reader's remembered comment ids: from the cookie, and from the session if they have one."""
    found = ids_in_cookie(request)
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        found += [pk for pk in posting.awaiting_ids(request.session) if pk not in found]
    return found


def remember(request, response, comment_id):
    """Add the comment to the reader's cookie (the most recent `AWAITING_REMEMBERED` are kept)."""
    kept = [pk for pk in ids_in_cookie(request) if pk != comment_id]
    kept = (kept + [comment_id])[-posting.AWAITING_REMEMBERED :]
    response.set_cookie(
        COOKIE,
        signing.dumps(kept, salt=SALT, compress=True),
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def ids_in_cookie(request):
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
    except signing.BadSignature:
        return []
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []
