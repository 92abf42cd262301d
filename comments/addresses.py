"""An anonymous reader proving the e-mail address they comment under, without an account.

A reader who ticks "confirm this address" is mailed a link (by a Celery task: posting does no
network I/O). Following it and pressing the button marks that comment's address as verified and
leaves a signed cookie in the browser that pressed it: later comments posted from that browser
under the same address are verified when they are saved. Only verified comments speak for an
address's author (`moderation.context`); a typed address alone proves nothing.

The same link is the double opt-in of "E-mail me when my comment is published or answered": a comment's
notifications go to its address only once its owner proved it (`opted_in`). Ticking either box under an
unproven address mails the link at most once per address per `NOTIFY_CONFIRM_INTERVAL_SECONDS`, and the
mail holds no text a reader chose, so neither box can be used to write to a stranger.

The cookie holds a keyed hash of the address, not the address, and so does the Redis key of a pending link.
"""

import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from core.cache_backend import REDIS_DOWN
from core.keyed_hashes import keyed_hash
from core.mail import MAIL_FAILURES

from .models import Comment, VerifiedEmail, normalize_email

logger = logging.getLogger(__name__)
COOKIE = "comments_address"
COOKIE_SALT = "comments.addresses.cookie"
LINK_SALT = "comments.addresses.link"
COOKIE_MAX_AGE = 365 * 24 * 3600


# The salt is what the hand-made HMAC before it put in front of SECRET_KEY, so that digests made then
# (a browser's proof, a link in a mailbox) still match: HMAC hashes a key longer than its 64-byte block
# into the very key salted_hmac derives, as it does here for any SECRET_KEY of 46 characters or more.
ADDRESS_PURPOSE = "comments.addresses:"


def digest(address):
    return keyed_hash(ADDRESS_PURPOSE, normalize_email(address))[:32]


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
    release_confirmation(comment.author_email)  # proven: a link for another comment may be sent at once


# --- who may be e-mailed about a comment -------------------------------------------------------


def opted_in(comment):
    """Whether notifications about `comment` may go to its address: asked for, and the address proven.

    Proven for this comment: an account's own address that the account verified (`VerifiedEmail`), or
    an anonymous comment confirmed by the link or posted from the browser that confirmed the address.
    The same address typed by anyone else proves nothing, so it is never written to.
    """
    if not comment.notify_on_reply or not comment.author_email:
        return False
    if comment.user_id is None:
        return comment.email_verified_at is not None
    address = normalize_email(comment.author_email)
    return VerifiedEmail.objects.filter(
        user_id=comment.user_id, email__iexact=address, user__email__iexact=address
    ).exists()


# --- one pending confirmation per address --------------------------------------------------------


def _pending_key(address):
    return f"comments:addresses:pending:{digest(address)}"


def _interval():
    return max(1, settings.NOTIFY_CONFIRM_INTERVAL_SECONDS)


def claim_confirmation(address):
    """True when no confirmation link went to `address` within the interval (and now one may).

    Raises OSError while Redis is away: a task retries later rather than mail an address unchecked.
    """
    try:
        return cache.add(_pending_key(address), 1, _interval())
    except REDIS_DOWN as error:
        raise OSError(f"cannot tell whether a confirmation link is pending: {error}") from error


def release_confirmation(address):
    cache.delete(_pending_key(address))  # the cache degrades while Redis is away: then the interval runs out


def send_confirmation(address, send):
    """Call `send()`, which mails a confirmation link to `address`, unless one went there within the interval.

    True when it was sent. A transient SMTP error releases the claim and is raised, for the task to retry.
    """
    if not claim_confirmation(address):
        logger.info("confirmation link not sent: one is pending for that address")
        return False
    try:
        send()
    except MAIL_FAILURES:
        release_confirmation(address)
        raise
    return True


def _interval_text():
    now = timezone.now()
    return timesince(now - timedelta(seconds=_interval()), now).replace("\xa0", " ")


def send_link(comment):
    """Mail the link to the comment's address, unless one is pending there. Raises on a transient SMTP error."""
    url = settings.SITE_URL.rstrip("/") + reverse("comments:confirm-address", args=[link_token(comment)])
    body = (
        "Hello,\n\n"
        f"Someone, probably you, commented on {settings.SITE_NAME} with this e-mail address and asked to be "
        "e-mailed about the comment\nor to confirm the address. "
        f'To confirm it, open this link and press "Confirm my address":\n\n{url}\n\n'
        "Once confirmed, you get the e-mails you asked for about that comment, and comments you post from the "
        "same browser\nunder this address count as yours: their history can speak for you.\n"
        "If it was not you, ignore this e-mail: without the button, nothing is sent to this address but such a "
        f"link, at most one every {_interval_text()}.\n"
    )

    def send():
        send_mail(
            f"{settings.SITE_NAME}: confirm the address you commented with",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [comment.author_email],
        )

    return send_confirmation(comment.author_email, send)


def request_link(comment):
    """After the comment's transaction commits, have a worker mail the link. Never fails the post."""
    from .tasks import send_address_link

    _enqueue_after_commit(send_address_link, comment.pk, "the address link of comment")


def request_account_link(user):
    """An unverified account asked to be e-mailed: after commit, a worker mails its verification link."""
    from .tasks import send_account_link

    _enqueue_after_commit(send_account_link, user.pk, "the verification link of account")


def _enqueue_after_commit(task, pk, what):
    def enqueue():
        try:
            task.delay(pk)
        except Exception as error:  # the broker away: the reader can tick the box again with a next comment
            logger.warning("could not enqueue %s %s: %s", what, pk, error)

    transaction.on_commit(enqueue, robust=True)
