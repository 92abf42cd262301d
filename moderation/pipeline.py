"""One comment through the checks and the policy, its assessment stored and its status decided."""

import logging

from django.db import transaction
from django.db.models import Exists, F, OuterRef

from comments.models import Comment

from . import policy, services
from .checks import Submission, run_checks
from .context import LiveContext
from .models import Assessment

logger = logging.getLogger(__name__)
Status = Comment.Status
# The comment's columns the checks read, as Submission fields; the rest of the row (body_html
# above all) stays in the database.
COLUMNS = {
    "body": "body",
    "author_name": "author_name",
    "author_email": "author_email",
    "user_id": "user_id",
    "ip_address": "ip_address",
    "user_agent": "user_agent",
    "article_mode": "article__comment_mode",
    "article_byline": "article__byline",
    "comment_id": "pk",
    "created_at": "created_at",
    "email_verified_at": "email_verified_at",
    "edited_at": "edited_at",
}


def check(comment_id, context=None):
    """Check and decide a SUBMITTED comment; anything else is left alone (returns None)."""
    row = (
        Comment.objects.filter(pk=comment_id)
        .annotate(assessed=Exists(Assessment.objects.filter(comment_id=OuterRef("pk"))))
        .values("status", "assessed", *COLUMNS.values())
        .first()
    )
    if row is None or row["status"] != Status.SUBMITTED:
        return None
    submission = Submission(**{field: row[column] for field, column in COLUMNS.items()})
    signals = run_checks(submission, context or LiveContext())
    outcome = policy.judge(signals, submission.article_mode)
    with transaction.atomic():
        try:
            services.decide(
                comment_id, outcome.verdict, action=outcome.action, reasons=outcome.reasons,
                expected_from=[Status.SUBMITTED], text_of=row["edited_at"],
            )  # fmt: skip
        except services.DecisionRefused:
            # A second delivery of the same task, a moderator was quicker, or its author edited it while the
            # checks ran (the edit's own run decides on the new text).
            return None
        store(comment_id, outcome, signals, assessed=row["assessed"])
    logger.info("comment %s %s", comment_id, outcome.describe())
    return outcome


def store(comment_id, outcome, signals, assessed):
    """Keep the assessment for the moderator, and the score and priority the queues sort by.

    `assessed`: whether the comment had an assessment when it was read (checked before and sent
    back). The decision just taken under the write lock keeps a second delivery out of here, so
    that cannot have changed since.
    """
    values = {
        "verdict": outcome.verdict,
        "spam_score": outcome.spam_score,
        "reasons": outcome.reasons,
        "signals": [signal.as_dict() for signal in signals],
    }
    if assessed:
        Assessment.objects.filter(comment_id=comment_id).update(attempts=F("attempts") + 1, **values)
    else:
        Assessment.objects.create(comment_id=comment_id, attempts=1, **values)
    Comment.objects.filter(pk=comment_id).update(spam_score=round(outcome.spam_score, 4), priority=outcome.priority)
