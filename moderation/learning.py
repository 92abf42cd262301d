"""Turning moderators' decisions into training examples, and refitting the classifier."""

import logging

from django.conf import settings
from django.utils import timezone

from comments.models import Comment

from . import classifier
from .models import ClassifierState, Decision, TrainingExample

logger = logging.getLogger(__name__)
Status = Comment.Status

# What a moderator's decision teaches: publishing is "not spam", filing as spam is "spam".
LABELS = {Status.PUBLISHED: False, Status.SPAM: True}


def teaches(actor_id, to_status):
    return actor_id is not None and to_status in LABELS


def learn(decision_id):
    """Record the decision's lesson and refit when enough new lessons arrived; returns the example or None."""
    decision = Decision.objects.select_related("comment").filter(pk=decision_id).first()
    if decision is None or not teaches(decision.actor_id, decision.to_status):
        return None
    now = timezone.now()
    example, _ = TrainingExample.objects.update_or_create(
        comment=decision.comment,
        defaults={"body": decision.comment.body, "is_spam": LABELS[decision.to_status], "updated_at": now},
    )
    refit_if_due()
    return example


def refit_if_due():
    state = ClassifierState.objects.filter(name=classifier.STATE_NAME).only("updated_at").first()
    new = TrainingExample.objects.all()
    if state is not None:
        new = new.filter(updated_at__gte=state.updated_at)
    if new.count() >= settings.MODERATION_CLASSIFIER_REFIT_EVERY:
        state = classifier.refit()
        if state is not None:
            logger.info("spam classifier refitted: %s", state)
    return state
