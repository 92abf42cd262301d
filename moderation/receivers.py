"""What moderation does after every decision (learn from moderators, refresh the queue counts) and on rule changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import learning, queues
from .context import rules_changed
from .enqueue import safely
from .models import Rule
from .services import status_changed


@receiver(status_changed, dispatch_uid="moderation.learn_from_moderators")
def learn_from_moderators(sender, decision_id, actor_id, to_status, **kwargs):
    if learning.teaches(actor_id, to_status):
        from .tasks import learn_from_decision

        safely(learn_from_decision, decision_id, what="learning from decision")


@receiver(status_changed, dispatch_uid="moderation.refresh_queue_counts")
def refresh_queue_counts(sender, **kwargs):
    queues.counts_changed()


@receiver(post_save, sender=Rule, dispatch_uid="moderation.rules_saved")
@receiver(post_delete, sender=Rule, dispatch_uid="moderation.rules_deleted")
def rules_version_bump(sender, **kwargs):
    # Now, so a check inside the same transaction sees the change; and again after commit,
    # because a check in another process may have rebuilt from the uncommitted state meanwhile.
    rules_changed()
    transaction.on_commit(rules_changed)
