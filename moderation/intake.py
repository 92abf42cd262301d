"""The public side's one way into moderation: a comment was submitted, or reported."""

from django.conf import settings
from django.db import transaction

from comments.models import Comment

from . import services
from .enqueue import safely

Status = Comment.Status


def comment_submitted(comment):
    """Hand a saved SUBMITTED comment to the checks once its transaction commits. Saves nothing.

    The reader's request never waits for the checks, nor fails when the broker is
    down: the comment stays submitted and the sweeper enqueues it later.
    """
    comment_id = comment.pk
    transaction.on_commit(lambda: enqueue_check(comment_id), robust=True)


def enqueue_check(comment_id):
    from .tasks import check_comment

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
    from .bans import find_active_ban

    ban = find_active_ban(user=user, email=email, ip=ip)
    if ban is None:
        return None
    until = f" until {ban.expires_at:%d %b %Y %H:%M} UTC" if ban.expires_at else ""
    return f"You are not allowed to post comments{until}."
