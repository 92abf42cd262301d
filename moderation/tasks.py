"""Moderation's Celery tasks: check a comment, learn from a decision, sweep up comments left unchecked,
follow the moderators' schedule, send the e-mails decisions set off (`moderation.notifications` says what they say).

All take ids, are idempotent (a decided comment is left alone), acknowledge late and
are re-queued if the worker dies; transient database or Redis errors retry with backoff.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from comments.models import Comment
from core.mail import MAIL_FAILURES

from . import learning, notifications, off_shift, pipeline
from .checks import TRANSIENT

logger = logging.getLogger(__name__)

RELIABLE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": settings.MODERATION_TASK_MAX_RETRIES,
}


@shared_task(**RELIABLE)
def check_comment(comment_id):
    """Run the checks on a submitted comment and decide it. Returns the verdict, or None if nothing to do."""
    outcome = pipeline.check(comment_id)
    return outcome.verdict if outcome else None


@shared_task(**RELIABLE)
def learn_from_decision(decision_id):
    """Teach the spam classifier a moderator's publish / spam decision."""
    example = learning.learn(decision_id)
    if example is not None and settings.AKISMET_API_KEY:
        from .akismet_feedback import report

        report(example)
    return bool(example)


@shared_task(**RELIABLE)
def refit_classifier(force=False):
    """Refit the spam classifier on the moderators' decisions so far (debounced: see learning.schedule_refit).

    `force`: refit even with nothing new, so that examples deleted on request are forgotten.
    """
    state = learning.refit_now(force=force)
    return state.version if state else None


@shared_task(acks_late=True, ignore_result=True)
def sweep_submitted():
    """Re-enqueue comments still submitted after MODERATION_SWEEP_SECONDS (a lost message, a broker outage)."""
    cutoff = timezone.now() - timedelta(seconds=settings.MODERATION_SWEEP_SECONDS)
    stuck = list(
        Comment.objects.filter(status=Comment.Status.SUBMITTED, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[: settings.MODERATION_SWEEP_BATCH]
    )
    for comment_id in stuck:
        check_comment.delay(comment_id)
    if stuck:
        logger.info("re-enqueued %d comments still waiting for their checks", len(stuck))
    return len(stuck)


@shared_task(acks_late=True, ignore_result=True)
def purge_expired_personal_data():
    """Remove IP addresses, user agents and client hashes past PRIVACY_RETENTION_DAYS (moderation.retention)."""
    from . import retention

    removed = retention.purge()
    if any(removed.values()):
        logger.info("personal data past its retention period removed: %s", removed)
    return removed


@shared_task(acks_late=True, ignore_result=True)
def apply_moderation_schedule():
    """Switch articles' comment modes for the hours no moderator is on shift, and back at the next shift."""
    run = off_shift.apply()
    if run.switched or run.given_back:
        logger.info("moderation schedule: %s", run.summary)
    return run.summary


# --- e-mail (the `notifications` queue): retried while the mail server or Redis is away ---------

NOTIFYING = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": MAIL_FAILURES,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 6,
}


@shared_task(**NOTIFYING)
def notify_authors(comment_id, from_status=""):
    return notifications.send_author_notices(comment_id, from_status)


@shared_task(**NOTIFYING)
def alert_reported_comments():
    return notifications.send_reported_alert()


@shared_task(**NOTIFYING)
def alert_held_queue():
    return notifications.send_held_queue_alert()


@shared_task(**NOTIFYING)
def notify_statement(decision_id):
    return notifications.send_statement(decision_id)


@shared_task(**NOTIFYING)
def notify_appeal_outcome(appeal_id):
    return notifications.send_appeal_outcome(appeal_id)
