"""Readers reporting a published comment: one report per reader per comment, rate-limited.

Reports are counted on the comment atomically; moderation decides (through its intake) when
enough readers have reported a comment for it to leave the page and wait for a moderator.
"""

import hashlib
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from moderation import intake
from newsite.clients import address_key
from newsite.limits import LimitUnavailable, over_limit

from .models import Comment, Report
from .posting import describe_rate

logger = logging.getLogger(__name__)


class ReportRefused(Exception):
    """The report was not filed; the message says why, for the reader."""


class ReportRateLimited(ReportRefused):
    """The reader reports faster than the limit allows; they may try again later."""


class ReportUnavailable(ReportRefused):
    """The report limit cannot count (Redis is away): reports are refused until it can."""


def reporter_key(*, user=None, ip=None):
    """Who reports: the account when signed in, else the client (`newsite.clients.address_key` of the address).

    The address rather than the session for anonymous readers: clearing cookies must not
    give one person enough reports to take a comment off the page; an IPv6 reader is their /64,
    all of which is theirs to hop around in.
    """
    identity = f"user:{user.pk}" if user is not None and user.is_authenticated else f"ip:{address_key(ip)}"
    return hashlib.sha256(f"{settings.SECRET_KEY}:report:{identity}".encode()).hexdigest()


def file_report(comment, *, user=None, reporter_key, reason, note=""):
    """Record one reader's report on a published comment and tell moderation. Raises ReportRefused."""
    if comment.status != Comment.Status.PUBLISHED:
        raise ReportRefused("This comment is already with the moderators.")
    if reason not in Report.Reason.values:
        raise ReportRefused("Please choose a reason.")
    if Report.objects.filter(comment=comment, reporter_key=reporter_key).exists():
        raise ReportRefused("You have already reported this comment. Thank you.")
    rate = settings.COMMENTS_REPORT_RATE_LIMIT
    try:
        limited = over_limit("comments.report", reporter_key, rate)
    except LimitUnavailable as error:  # fails closed: reports move comments off the page
        logger.warning("%s; report refused", error)
        raise ReportUnavailable("Reports cannot be received just now. Please try again in a few minutes.") from None
    if limited:
        raise ReportRateLimited(f"You are reporting too fast (at most {describe_rate(rate)}). Please wait a moment.")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment,
                user=user if user is not None and user.is_authenticated else None,
                reporter_key=reporter_key,
                reason=reason,
                note=note[:300],
            )
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    except IntegrityError:  # the same reader, twice at once
        raise ReportRefused("You have already reported this comment. Thank you.") from None
    comment.refresh_from_db(fields=["report_count", "status"])
    intake.comment_reported(comment)
    return report
