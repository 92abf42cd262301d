"""Readers reporting a published comment: one report per reader per comment, rate-limited, weighted.

A report weighs 1 from an established reader: a verified account at least
`COMMENTS_REPORT_TRUSTED_AGE_DAYS` old with a published comment. Newer or unproven accounts weigh
`COMMENTS_REPORT_WEIGHT_NEW_ACCOUNT`, readers without an account `COMMENTS_REPORT_WEIGHT_ANONYMOUS`,
so that a handful of fresh sock puppets cannot take a comment off the page. The weights are added
to the comment atomically (`Comment.report_weight`, which a moderator's decision resets: a comment
a moderator published is judged again only on reports made after that); moderation decides
(listening to `signals.comment_reported`) when the sum reaches the threshold.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.clients import address_key
from core.keyed_hashes import keyed_hash
from core.limits import LimitUnavailable, describe_rate, over_limit

from . import accounts, signals
from .models import Comment, Report

logger = logging.getLogger(__name__)


class ReportRefused(Exception):
    """The report was not filed; the message says why, for the reader."""


class ReportRateLimited(ReportRefused):
    """The reader reports faster than the limit allows; they may try again later."""


class ReportUnavailable(ReportRefused):
    """The report limit cannot count (Redis is away): reports are refused until it can."""


REPORTER_PURPOSE = "comments.reports.reporter"


def reporter_key(*, user=None, ip=None):
    """Who reports: the account when signed in, else the client (`core.clients.address_key` of the address).

    The address rather than the session for anonymous readers: clearing cookies must not
    give one person enough reports to take a comment off the page; an IPv6 reader is their /64,
    all of which is theirs to hop around in.
    """
    return keyed_hash(REPORTER_PURPOSE, _identity(user, ip))


def former_reporter_keys(*, user=None, ip=None):
    """The key an anonymous reader's reports were filed under before reporter keys were salted HMACs.

    Matched as well as `reporter_key`, so that nobody reports a comment twice across that change.
    Accounts' reports were re-keyed by a migration (comments 0007); anonymous ones were not (the
    address is not kept with a report) and expire after PRIVACY_RETENTION_DAYS like any other
    (`moderation.retention`): once that has passed since the change, this goes.
    """
    if user is not None and user.is_authenticated:
        return ()
    return (hashlib.sha256(f"{settings.SECRET_KEY}:report:{_identity(user, ip)}".encode()).hexdigest(),)


def _identity(user, ip):
    return f"user:{user.pk}" if user is not None and user.is_authenticated else f"ip:{address_key(ip)}"


def report_weight(user):
    """How much this reader's report counts towards taking a comment off the page."""
    if user is None or not user.is_authenticated:
        return settings.COMMENTS_REPORT_WEIGHT_ANONYMOUS
    established = (
        accounts.is_verified(user)
        and user.date_joined <= timezone.now() - timedelta(days=settings.COMMENTS_REPORT_TRUSTED_AGE_DAYS)
        and Comment.objects.published().filter(user=user).exists()
    )
    return 1.0 if established else settings.COMMENTS_REPORT_WEIGHT_NEW_ACCOUNT


def file_report(comment, *, user=None, reporter_key, reason, note="", former_keys=()):
    """Record one reader's report on a published comment and tell moderation. Raises ReportRefused.

    `former_keys`: the reader's `former_reporter_keys`, under which an earlier report may be filed.
    """
    if comment.status != Comment.Status.PUBLISHED:
        raise ReportRefused("This comment is already with the moderators.")
    if reason not in Report.Reason.values:
        raise ReportRefused("Please choose a reason.")
    if Report.objects.filter(comment=comment, reporter_key__in=[reporter_key, *former_keys]).exists():
        raise ReportRefused("You have already reported this comment. Thank you.")
    rate = settings.COMMENTS_REPORT_RATE_LIMIT
    try:
        limited = over_limit("comments.report", reporter_key, rate)
    except LimitUnavailable as error:  # fails closed: reports move comments off the page
        logger.warning("%s; report refused", error)
        raise ReportUnavailable("Reports cannot be received just now. Please try again in a few minutes.") from None
    if limited:
        raise ReportRateLimited(f"You are reporting too fast (at most {describe_rate(rate)}). Please wait a moment.")
    weight = report_weight(user)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment,
                user=user if user is not None and user.is_authenticated else None,
                reporter_key=reporter_key,
                reason=reason,
                note=note[:300],
                weight=weight,
            )
            Comment.objects.filter(pk=comment.pk).update(
                report_count=F("report_count") + 1, report_weight=F("report_weight") + weight
            )
    except IntegrityError:  # the same reader, twice at once
        raise ReportRefused("You have already reported this comment. Thank you.") from None
    comment.refresh_from_db(fields=["report_count", "report_weight", "status"])
    signals.comment_reported.send(sender=Comment, comment=comment, report=report)
    return report
