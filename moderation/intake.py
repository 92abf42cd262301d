"""Moderation's side of the public hooks: what it does when the comments app says a comment was
submitted or reported, and the check it adds to the posting gate (bans).

`connect()` runs from ModerationConfig.ready(); comments never imports moderation.
"""

from django.conf import settings
from django.db import transaction

from comments import gate, signals
from comments.models import Comment

from . import erasure, services
from .bans import find_active_ban
from .enqueue import safely
from .tasks import check_comment

Status = Comment.Status


def comment_submitted(comment):
    """Hand a saved SUBMITTED comment to the checks once its transaction commits. Saves nothing.

    The reader's request never waits for the checks, nor fails when the broker is
    down: the comment stays submitted and the sweeper enqueues it later.
    """
    comment_id = comment.pk
    transaction.on_commit(lambda: enqueue_check(comment_id), robust=True)


def enqueue_check(comment_id):
    return safely(check_comment, comment_id, what="the check of comment")


REPORT_WEIGHT_SLACK = 1e-9  # three reports of weight 1/3 reach a threshold of 1


def comment_reported(comment):
    """Take a published comment off the page once the weighted reports since a moderator's last decision reach the
    threshold (`comments.reports` weighs them; a moderator's decision resets the tally)."""
    weight = comment.report_weight
    if comment.status != Status.PUBLISHED or weight + REPORT_WEIGHT_SLACK < settings.COMMENTS_REPORT_THRESHOLD:
        return None
    try:
        return services.decide(
            comment,
            Status.HELD,
            action="reported",
            reasons=[f"reader reports weighing {weight:.2f} (threshold {settings.COMMENTS_REPORT_THRESHOLD})"],
            expected_from=[Status.PUBLISHED],
        )
    except services.DecisionRefused:
        return None


def ban_reason(*, user=None, email="", ip=None):
    """Why this reader may not post (an active ban on the account, e-mail or IP), or None."""
    ban = find_active_ban(user=user, email=email, ip=ip)
    if ban is None:
        return None
    until = f" until {ban.expires_at:%d %b %Y %H:%M} UTC" if ban.expires_at else ""
    return f"You are not allowed to post comments{until}."


def check_ban(attempt):
    """The posting gate's ban check: an account, e-mail or address under an active ban may not post."""
    email = attempt.user.email if attempt.signed_in else attempt.data.get("author_email", "")
    reason = ban_reason(user=attempt.user if attempt.signed_in else None, email=email, ip=attempt.ip)
    if reason:
        raise gate.PostingRefused.about(gate.NON_FIELD, reason)


def _on_submitted(sender, comment, **kwargs):
    comment_submitted(comment)


def _on_reported(sender, comment, **kwargs):
    comment_reported(comment)


def _on_edited(sender, comment, previous_status, **kwargs):
    """An edit goes through the checks again, as a new comment does (they are told it is an edit)."""
    services.resubmit_edited(comment.pk, previous_status)
    comment_submitted(comment)


def _on_deleted_by_author(sender, comment, previous_status, **kwargs):
    services.record_author_deletion(comment.pk, previous_status)
    erasure.empty_quotes_of_deleted(comment.pk, comment.author_name)


def connect():
    signals.comment_submitted.connect(_on_submitted, sender=Comment, dispatch_uid="moderation.check_submitted")
    signals.comment_reported.connect(_on_reported, sender=Comment, dispatch_uid="moderation.weigh_reports")
    signals.comment_edited.connect(_on_edited, sender=Comment, dispatch_uid="moderation.check_edited")
    signals.comment_deleted_by_author.connect(
        _on_deleted_by_author, sender=Comment, dispatch_uid="moderation.record_author_deletion"
    )
    gate.register(check_ban, name="moderation.bans")
