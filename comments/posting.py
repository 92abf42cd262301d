"""Posting a comment: the sync gate, then save as submitted and hand it to moderation.

The gate is an ordered list of small checks, cheap and deterministic (the database and
Redis only); each raises `PostingRefused` (`comments.gate`) with the errors to show. The HTML
form runs `FORM_CHECKS`; the API runs `API_CHECKS` (no honeypot or form timestamp: it has no
form). Other apps add their own checks to both (`gate.register`). A saved comment is announced
with `signals.comment_submitted`; what decides its fate listens there.

`data` holds cleaned values: body, author_name, author_email, parent (a Comment or None),
notify_on_reply, and, where the checks need them, honeypot, form_token, captcha_key and
captcha_answer; for an anonymous reader also confirm_email (mail a link to prove the address)
and address_proven (this browser proved it before: `comments.addresses`).
"""

import contextlib
import hashlib
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from core.cache_backend import REDIS_DOWN
from core.limits import describe_rate, rate_limited

from . import accounts, addresses, captchas, gate, signals
from .gate import NON_FIELD, Attempt, PostingRefused
from .markup import render_comment
from .models import Comment

logger = logging.getLogger(__name__)
FORM_TOKEN_SALT = "comments.form-token"  # noqa: S105 - a signing namespace, not a secret
AWAITING_SESSION_KEY = "comments_awaiting"
AWAITING_REMEMBERED = 50  # a reader's most recent comments shown to them while awaiting moderation
# The database refused the write or lost the connection (SQLite busy past its timeout, PostgreSQL restarting).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
NOT_SAVED = (
    "Your comment could not be saved just now: the site is busy. Nothing was posted, and your text is kept "
    "below: please post it again in a moment."
)


class PostingUnavailable(PostingRefused):
    """The database could not save the comment (nothing was saved): the reader may post it again."""

    http_status = 503


# --- the form token: a signed timestamp that is neither too fresh nor too old ------------------


def form_token(article):
    return form_token_for(article.pk)


def form_token_for(article_id):
    return signing.dumps({"article": article_id, "at": time.time()}, salt=FORM_TOKEN_SALT)


def check_honeypot(attempt):
    if attempt.data.get("honeypot"):
        raise PostingRefused.about(NON_FIELD, "Your comment could not be posted. Please try again.")


def check_form_age(attempt):
    try:
        token = signing.loads(
            attempt.data.get("form_token") or "", salt=FORM_TOKEN_SALT, max_age=settings.COMMENTS_FORM_MAX_SECONDS
        )
    except signing.SignatureExpired:
        raise PostingRefused.about(
            NON_FIELD, "This form was open too long. Your text is kept below: please enter the new code and post again."
        ) from None
    except signing.BadSignature:
        raise PostingRefused.about(NON_FIELD, "This form could not be checked. Please post again.") from None
    if token.get("article") != attempt.article.pk:
        raise PostingRefused.about(NON_FIELD, "This form belongs to another article. Please post again.")
    if time.time() - token.get("at", 0) < settings.COMMENTS_FORM_MIN_SECONDS:
        raise PostingRefused.about(NON_FIELD, "That was very quick. Please check your comment and post it again.")


# --- who may post where -----------------------------------------------------------------------


def check_article_open(attempt):
    article = attempt.article
    if article.comment_mode == article.CommentMode.CLOSED:
        raise PostingRefused.about(NON_FIELD, "Comments on this article are closed.")
    if not article.comments_open:
        closed = timezone.localtime(article.comments_close_at)
        raise PostingRefused.about(NON_FIELD, f"Comments on this article closed on {closed:%d %B %Y at %H:%M}.")


def check_anonymous_allowed(attempt):
    if not attempt.signed_in and not settings.COMMENTS_ANONYMOUS_ALLOWED:
        raise PostingRefused.about(NON_FIELD, "Please log in to post a comment.")


def check_rate_limits(attempt):
    rate = settings.COMMENTS_RATE_LIMIT
    over = rate_limited("comments.post.ip", attempt.client, rate)
    if attempt.signed_in:
        over = rate_limited("comments.post.user", str(attempt.user.pk), rate) or over
    if over:
        raise PostingRefused.about(
            NON_FIELD, f"You are posting too fast (at most {describe_rate(rate)}). Please wait a moment and post again."
        )


# --- the captcha -------------------------------------------------------------------------------


def check_captcha(attempt):
    if not captchas.required(attempt.user):
        return
    key = attempt.data.get("captcha_key") or ""
    problem, spent = captchas.problem(key, attempt.data.get("captcha_answer"))
    if spent:
        attempt.spent_captchas.append(key)
    if problem:
        raise PostingRefused.about("captcha", problem)


def spend_captchas(attempt):
    """Delete the codes this attempt used; False when another post used one of them first."""
    return all(captchas.spend(key) for key in attempt.spent_captchas)


# --- the same text twice -----------------------------------------------------------------------


def _duplicate_key(attempt):
    text = " ".join(attempt.data["body"].split()).casefold()
    digest = hashlib.sha256(f"{attempt.reader}\n{text}".encode()).hexdigest()
    return f"comments:posted:{digest}"


def check_duplicate(attempt):
    """The same reader posting the same text (anywhere) within the window is refused."""
    try:
        first = cache.add(_duplicate_key(attempt), 1, settings.COMMENTS_DUPLICATE_WINDOW_SECONDS)
    except REDIS_DOWN as error:
        logger.warning("duplicate check skipped, Redis unavailable: %s", error)
        return
    if not first:
        minutes = max(1, settings.COMMENTS_DUPLICATE_WINDOW_SECONDS // 60)
        raise PostingRefused.about(
            "body", f"You posted this same comment a moment ago. Please wait {minutes} minutes or write something new."
        )


# Who may post (the article's own rules, then the checks other apps registered: moderation's bans), then how.
API_CHECKS = (
    check_article_open,
    check_anonymous_allowed,
    gate.check_registered,
    check_rate_limits,
    check_captcha,
    check_duplicate,
)
FORM_CHECKS = (check_honeypot, check_form_age, *API_CHECKS)


# --- saving -------------------------------------------------------------------------------------


def display_name(user):
    """The name a signed-in reader posts under; never the e-mail address some use as username."""
    name = user.get_full_name().strip()
    if name:
        return name[: settings.COMMENTS_NAME_MAX_LENGTH]
    username = user.get_username()
    return username if "@" not in username else f"Reader {user.pk}"


def remember_awaiting(session, comment):
    """Let this reader (and only this reader) see their comment until it is published."""
    if session is None:
        return
    ids = [pk for pk in session.get(AWAITING_SESSION_KEY, []) if pk != comment.pk]
    session[AWAITING_SESSION_KEY] = (ids + [comment.pk])[-AWAITING_REMEMBERED:]


def awaiting_ids(session):
    return list(session.get(AWAITING_SESSION_KEY, [])) if session is not None else []


def _request_confirmation(comment, data, account, proven):
    """Either box under an address not proven yet mails a confirmation link (`comments.addresses`)."""
    if account is not None:
        if data.get("notify_on_reply") and account.email and not accounts.is_verified(account):
            addresses.request_account_link(account)
    elif (data.get("confirm_email") or data.get("notify_on_reply")) and comment.author_email and not proven:
        addresses.request_link(comment)


def post_comment(article, data, *, user=None, ip=None, user_agent="", session=None, checks=FORM_CHECKS):
    """Run the gate, save the comment as submitted and hand it to moderation. Raises PostingRefused."""
    attempt = Attempt(article, data, user, ip, (user_agent or "")[:300], session)
    try:
        for check in checks:
            check(attempt)
    except PostingRefused:
        spend_captchas(attempt)  # a wrong answer, or a refusal after it, still uses the code up
        raise
    signed_in = attempt.signed_in
    proven = not signed_in and bool(data.get("address_proven")) and bool(data.get("author_email"))
    body_html = render_comment(data["body"])  # before the transaction: it holds the database's one write lock
    # One write transaction per post (SQLite lets one writer in at a time): the code used up and the comment.
    with _refused_if_not_saved(attempt), transaction.atomic():
        if not spend_captchas(attempt):
            raise PostingRefused.about("captcha", captchas.USED)
        comment = Comment.objects.create(
            article=article,
            parent=data.get("parent"),
            user=user if signed_in else None,
            author_name=display_name(user) if signed_in else data["author_name"],
            author_email=user.email if signed_in else data.get("author_email", ""),
            body=data["body"],
            body_html=body_html,
            status=Comment.Status.SUBMITTED,
            ip_address=ip,
            user_agent=attempt.user_agent,
            notify_on_reply=bool(data.get("notify_on_reply")),
            email_verified_at=timezone.now() if proven else None,
        )
        _request_confirmation(comment, data, user if signed_in else None, proven)
    remember_awaiting(session, comment)
    announce_submitted(comment)
    with contextlib.suppress(*DATABASE_UNAVAILABLE):  # saved: the status stays "submitted" if it cannot be read
        comment.refresh_from_db(fields=["status", "published_at"])
    return comment


def announce_submitted(comment):
    """Tell whoever decides comments that a saved one waits (`signals.comment_submitted`); never raises."""
    for receiver, error in signals.comment_submitted.send_robust(sender=Comment, comment=comment):
        if isinstance(error, Exception):
            # The comment is saved; the moderation sweeper picks up what stays submitted.
            logger.error("comment %s left submitted: %r failed (%s)", comment.pk, receiver, error, exc_info=error)


@contextlib.contextmanager
def _refused_if_not_saved(attempt):
    """The database failing at the save (the transaction rolled back) refuses the post as PostingUnavailable."""
    try:
        yield
    except DATABASE_UNAVAILABLE as error:
        logger.warning(
            "a comment on article %s was not saved, the database is unavailable: %s", attempt.article.pk, error
        )
        cache.delete(_duplicate_key(attempt))  # nothing was saved: the same text posted again is no repeat
        raise PostingUnavailable.about(NON_FIELD, NOT_SAVED) from error
