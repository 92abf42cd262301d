"""One commenter's data, for an access request (`manage.py export_commenter`, docs/privacy.md).

Everything the site holds about the commenter named by an account and/or an e-mail address:
their comments (with article, dates, status, text and the texts an edit replaced, and the address,
IP address and user agent still kept), the account and its verified address, and the reports,
recommendations and votes the account made.
Reports and votes made without an account are stored only as keyed hashes of the reader's
network address, which no e-mail address leads to; the export says so rather than guessing.
"""

import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from comments.models import Comment, Recommendation, Report, VerifiedEmail
from newsite.models import ArticleRating

from .models import Appeal

NOT_LINKABLE = (
    "Reports and votes made without an account are stored only as a keyed hash of the reader's network address "
    "(deleted after PRIVACY_RETENTION_DAYS), which cannot be matched to an e-mail address: none are listed."
)


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _article(article):
    return {"headline": article.headline, "url": _absolute(article.get_absolute_url())}


def _comment(comment):
    return {
        "id": comment.pk,
        "url": _absolute(comment.get_absolute_url()),
        "article": _article(comment.article),
        "in_reply_to": comment.parent_id,
        "status": comment.status,
        "created_at": comment.created_at,
        "published_at": comment.published_at,
        "decided_at": comment.decided_at,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "email_verified_at": comment.email_verified_at,
        "notify_on_reply": comment.notify_on_reply,
        "account": comment.user.get_username() if comment.user_id else None,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
        "body": comment.body,
        "edited_at": comment.edited_at,
        "earlier_texts": [
            {"body": revision.body, "written_at": revision.written_at, "replaced_at": revision.replaced_at}
            for revision in comment.revisions.all()
        ],
    }


def _account(user):
    verified = VerifiedEmail.objects.filter(user=user).first()
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "verified_email": {"email": verified.email, "verified_at": verified.verified_at} if verified else None,
    }


def export(*, user=None, email=""):
    """A JSON-ready dict of the commenter's data."""
    comments = (
        Comment.objects.by_commenter(user=user, email=email)
        .select_related("article", "user")
        .prefetch_related("revisions")
        .order_by("created_at")
    )
    recommended = Recommendation.objects.filter(user=user).select_related("comment") if user is not None else []
    reports = Report.objects.filter(user=user).select_related("comment") if user is not None else []
    votes = ArticleRating.objects.filter(user=user).select_related("article") if user is not None else []
    appeals = Appeal.objects.filter(comment__in=comments).select_related("decision").order_by("created_at", "id")
    return {
        "site": {"name": settings.SITE_NAME, "url": settings.SITE_URL},
        "exported_at": timezone.now(),
        "requested_for": {"email": email or None, "account": user.get_username() if user is not None else None},
        "account": _account(user) if user is not None else None,
        "comments": [_comment(comment) for comment in comments],
        "reports": [
            {
                "comment": report.comment_id,
                "comment_url": _absolute(report.comment.get_absolute_url()),
                "reason": report.reason,
                "note": report.note,
                "created_at": report.created_at,
            }
            for report in reports
        ],
        "recommendations": [
            {
                "comment": recommendation.comment_id,
                "comment_url": _absolute(recommendation.comment.get_absolute_url()),
                "created_at": recommendation.created_at,
            }
            for recommendation in recommended
        ],
        "votes": [
            {
                "article": _article(vote.article),
                "stars": vote.value,
                "created_at": vote.created_at,
                "updated_at": vote.updated_at,
            }
            for vote in votes
        ],  # fmt: skip
        "appeals": [
            {
                "comment": appeal.comment_id,
                "decision_appealed": appeal.decision.action,
                "decided_on": appeal.decision.created_at,
                "text": appeal.text,
                "created_at": appeal.created_at,
                "status": appeal.status,
                "outcome": appeal.outcome or None,
                "reply": appeal.reply,
                "decided_at": appeal.decided_at,
            }
            for appeal in appeals
        ],
        "not_included": NOT_LINKABLE,
    }


class _Encoder(DjangoJSONEncoder):
    """Times to the microsecond, as stored (DjangoJSONEncoder keeps milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def to_json(data):
    return json.dumps(data, cls=_Encoder, indent=2, ensure_ascii=False)
