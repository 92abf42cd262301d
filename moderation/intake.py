"""The public side's one way into moderation: a comment was submitted, or reported."""

from django.conf import settings

from comments.models import Comment
from newsite.models import Article

from . import services

Status = Comment.Status


def comment_submitted(comment):
    """Decide a freshly saved, committed SUBMITTED comment."""
    if comment.article.comment_mode == Article.CommentMode.PREMODERATED:
        return services.decide(comment, Status.HELD, action="premoderated", reasons=["article is pre-moderated"])
    return services.decide(comment, Status.PUBLISHED, action="auto_publish")


def comment_reported(comment):
    """Take a published comment off the page once enough readers report it."""
    if comment.status != Status.PUBLISHED or comment.report_count < settings.COMMENTS_REPORT_THRESHOLD:
        return None
    try:
        return services.decide(
            comment,
            Status.HELD,
            action="reported",
            reasons=[f"{comment.report_count} reader reports"],
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
