"""An anonymous reader proving the e-mail address they comment under, without an account.

A reader who ticks "confirm this address" is mailed a link (by a Celery task: posting does no
network I/O). Following it and pressing the button marks that comment's address as verified and
leaves a signed cookie in the browser that pressed it: later comments posted from that browser
under the same address are verified when they are saved. Only verified comments speak for an
address's author (`moderation.context`); a typed address alone proves nothing.

The cookie holds a keyed hash of the address, not the address.
"""

import hashlib
import hmac
import logging
import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Comment, normalize_email

logger = logging.getLogger(__name__)
COOKIE = "comments_address"
COOKIE_SALT = "comments.addresses.cookie"
LINK_SALT = "comments.addresses.link"
COOKIE_MAX_AGE = 365 * 24 * 3600
TRANSIENT = (smtplib.SMTPException, OSError)


def digest(address):
    key = f"comments.addresses:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalize_email(address).encode(), hashlib.sha256).hexdigest()[:32]


# --- the browser that proved an address --------------------------------------------------------


def proven_in(request, address):
    """Whether this browser proved `address` by following a link mailed to it."""
    if not address:
        return False
    try:
        proven = signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return False
    return hmac.compare_digest(str(proven), digest(address))


def remember_proof(response, address):
    response.set_cookie(
        COOKIE,
        signing.dumps(digest(address), salt=COOKIE_SALT),
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- the link ----------------------------------------------------------------------------------


def link_token(comment):
    return signing.dumps({"comment": comment.pk, "address": digest(comment.author_email)}, salt=LINK_SALT)


def comment_from_link(token):
    """The anonymous comment a link was mailed for, while the link is good and unused; else None."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        return None
    comment = Comment.objects.filter(pk=data.get("comment"), user=None, email_verified_at=None).first()
    if comment is None or not comment.author_email or digest(comment.author_email) != data.get("address"):
        return None
    return comment


def confirm(comment):
    Comment.objects.filter(pk=comment.pk, email_verified_at=None).update(email_verified_at=timezone.now())


def send_link(comment):
    """Mail the link to the comment's address. Raises on a transient SMTP error (the task retries)."""
    url = settings.SITE_URL.rstrip("/") + reverse("comments:confirm-address", args=[link_token(comment)])
    body = (
        "Hello,\n\n"
        f"Someone, probably you, commented as {comment.author_name} on {settings.SITE_NAME} with this e-mail "
        "address and asked to confirm it.\n"
        f'To confirm it, open this link and press "Confirm my address":\n\n{url}\n\n'
        "Once confirmed, comments you post from the same browser under this address count as yours: "
        "their history\ncan speak for you. If it was not you, ignore this e-mail: nothing else will be sent.\n"
    )
    send_mail(
        f"{settings.SITE_NAME}: confirm the address you commented with",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [comment.author_email],
    )


def request_link(comment):
    """After the comment's transaction commits, have a worker mail the link. Never fails the post."""
    from .tasks import send_address_link

    def enqueue():
        try:
            send_address_link.delay(comment.pk)
        except Exception as error:  # the broker away: the reader can tick the box again with a next comment
            logger.warning("could not enqueue the address link of comment %s: %s", comment.pk, error)

    transaction.on_commit(enqueue, robust=True)
