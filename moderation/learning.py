"""Turning moderators' decisions into training examples, and refitting the classifier."""

import contextlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from comments.models import Comment
from core.cache_backend import REDIS_DOWN

from . import classifier
from .models import ClassifierState, Decision, TrainingExample

logger = logging.getLogger(__name__)
Status = Comment.Status

# What a moderator's decision teaches: publishing is "not spam", filing as spam is "spam".
LABELS = {Status.PUBLISHED: False, Status.SPAM: True}
REFIT_SCHEDULED_KEY = "moderation:classifier:refit-scheduled"


def teaches(actor_id, to_status):
    return actor_id is not None and to_status in LABELS


def learn(decision_id):
    """Record the decision's lesson and refit when enough new lessons arrived; returns the example or None."""
    decision = Decision.objects.select_related("comment").filter(pk=decision_id).first()
    if decision is None or not teaches(decision.actor_id, decision.to_status):
        return None
    if not decision.comment.body.strip():  # a text erased at its author's request teaches nothing
        return None
    now = timezone.now()
    example, _ = TrainingExample.objects.update_or_create(
        comment=decision.comment,
        defaults={"body": decision.comment.body, "is_spam": LABELS[decision.to_status], "updated_at": now},
    )
    schedule_refit()
    return example


def schedule_refit():
    """One refit per MODERATION_CLASSIFIER_REFIT_SECONDS however many decisions arrive: the first schedules it.

    The mark lives in Redis (shared by every worker) and is cleared when the refit starts, so a
    decision made during a refit schedules the next one. Without Redis nothing is scheduled and
    the beat's periodic refit picks the examples up.
    """
    from .tasks import refit_classifier

    delay = settings.MODERATION_CLASSIFIER_REFIT_SECONDS
    try:
        first = cache.add(REFIT_SCHEDULED_KEY, 1, timeout=delay + 60)
    except REDIS_DOWN:
        return False
    if first:
        refit_classifier.apply_async(countdown=delay)
    return bool(first)


def refit_now(force=False):
    """What the scheduled refit runs: forget the mark, then refit if there is anything new (or when forced)."""
    with contextlib.suppress(*REDIS_DOWN):
        cache.delete(REFIT_SCHEDULED_KEY)
    return refit_if_due(force)


def refit_if_due(force=False):
    """Refit when enough examples arrived since the last fit; `force`: now, as after examples were deleted.

    A forced refit that cannot fit (too few examples left, or of one kind only) deletes the site's
    model, which knew the deleted ones; the checks go on with the shipped base model.
    """
    state = ClassifierState.objects.filter(name=classifier.STATE_NAME).only("updated_at").first()
    new = TrainingExample.objects.all()
    if state is not None:
        new = new.filter(updated_at__gte=state.updated_at)
    if force or new.count() >= settings.MODERATION_CLASSIFIER_REFIT_EVERY:
        state = classifier.refit()
        if state is not None:
            logger.info("spam classifier refitted: %s", state)
        elif force:
            ClassifierState.objects.filter(name=classifier.STATE_NAME).delete()
    return state
