"""One comment through the checks and the policy, its assessment stored and its status decided."""

import logging

from django.db import transaction

from comments.models import Comment

from . import policy, services
from .checks import Submission, run_checks
from .context import LiveContext
from .models import Assessment

logger = logging.getLogger(__name__)
Status = Comment.Status


def check(comment_id, context=None):
    """Check and decide a SUBMITTED comment; anything else is left alone (returns None)."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Status.SUBMITTED:
        return None
    submission = Submission.from_comment(comment)
    signals = run_checks(submission, context or LiveContext())
    outcome = policy.judge(signals, submission.article_mode)
    with transaction.atomic():
        try:
            services.decide(
                comment, outcome.verdict, action=outcome.action, reasons=outcome.reasons,
                expected_from=[Status.SUBMITTED],
            )  # fmt: skip
        except services.DecisionRefused:
            return None  # a second delivery of the same task, or a moderator was quicker
        store(comment, outcome, signals)
    logger.info("comment %s %s", comment_id, outcome.describe())
    return outcome


def store(comment, outcome, signals):
    """Keep the assessment for the moderator, and the score and priority the queues sort by."""
    assessment, created = Assessment.objects.get_or_create(
        comment=comment,
        defaults={
            "verdict": outcome.verdict,
            "spam_score": outcome.spam_score,
            "reasons": outcome.reasons,
            "signals": [signal.as_dict() for signal in signals],
            "attempts": 1,
        },
    )
    if not created:
        assessment.verdict = outcome.verdict
        assessment.spam_score = outcome.spam_score
        assessment.reasons = outcome.reasons
        assessment.signals = [signal.as_dict() for signal in signals]
        assessment.attempts += 1
        assessment.save()
    Comment.objects.filter(pk=comment.pk).update(spam_score=round(outcome.spam_score, 4), priority=outcome.priority)
