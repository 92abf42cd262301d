"""What moderation does after every decision: learn from moderators, refresh the queue counts."""

from django.dispatch import receiver

from . import learning, queues
from .enqueue import safely
from .services import status_changed


@receiver(status_changed, dispatch_uid="moderation.learn_from_moderators")
def learn_from_moderators(sender, decision_id, actor_id, to_status, **kwargs):
    if learning.teaches(actor_id, to_status):
        from .tasks import learn_from_decision

        safely(learn_from_decision, decision_id, what="learning from decision")


@receiver(status_changed, dispatch_uid="moderation.refresh_queue_counts")
def refresh_queue_counts(sender, **kwargs):
    queues.counts_changed()
