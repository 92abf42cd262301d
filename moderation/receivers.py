"""What moderation does after every decision (learn from moderators, refresh the queue counts, send the
e-mails it sets off) and on changes to the rules and the staff list. Connected by importing this module in
ModerationConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.models import Comment
from newsite.models import StaffMember

from . import learning, notifications, queues, staff_names, tasks
from .context import rules_changed
from .enqueue import safely
from .erasure import ERASE_ACTION
from .models import DELETED_BY_AUTHOR_ACTION, Rule
from .services import status_changed

Status = Comment.Status


@receiver(status_changed, dispatch_uid="moderation.learn_from_moderators")
def learn_from_moderators(sender, decision_id, actor_id, to_status, **kwargs):
    if learning.teaches(actor_id, to_status):
        safely(tasks.learn_from_decision, decision_id, what="learning from decision")


@receiver(status_changed, dispatch_uid="moderation.refresh_queue_counts")
def refresh_queue_counts(sender, **kwargs):
    queues.counts_changed()


@receiver(status_changed, dispatch_uid="moderation.notifications")
def send_notifications(sender, comment_id, from_status, to_status, action, **kwargs):
    """Authors hear of a publication or a reply; moderators get one batched alert per window."""
    if to_status == Status.PUBLISHED:
        safely(tasks.notify_authors, comment_id, str(from_status), what="the notifications of comment")
    if statement_due(from_status, to_status, action):
        safely(tasks.notify_statement, kwargs["decision_id"], what="the statement of reasons of decision")
    if to_status == Status.HELD and action == notifications.REPORTED_ACTION:
        notifications.schedule_batch(tasks.alert_reported_comments, "reported")
    if Status.HELD in (to_status, from_status):
        notifications.schedule_batch(tasks.alert_held_queue, "held")


def statement_due(from_status, to_status, action):
    """Whether the author (if they opted in) is mailed why: a decision against the comment, or one that took it off
    the page. A comment held as it arrives is not: its author saw "awaiting moderation" when posting it."""
    if action in (ERASE_ACTION, DELETED_BY_AUTHOR_ACTION):
        return False  # removed at the author's own request
    if to_status == Status.HELD:
        return from_status == Status.PUBLISHED
    return to_status in (Status.REJECTED, Status.SPAM, Status.REMOVED)


@receiver(post_save, sender=StaffMember, dispatch_uid="moderation.staff_saved")
@receiver(post_delete, sender=StaffMember, dispatch_uid="moderation.staff_deleted")
def staff_version_bump(sender, **kwargs):
    # As for rules: now, for a check in this transaction, and after commit, for other processes.
    staff_names.staff_changed()
    transaction.on_commit(staff_names.staff_changed)


@receiver(post_save, sender=Rule, dispatch_uid="moderation.rules_saved")
@receiver(post_delete, sender=Rule, dispatch_uid="moderation.rules_deleted")
def rules_version_bump(sender, **kwargs):
    # Now, so a check inside the same transaction sees the change; and again after commit,
    # because a check in another process may have rebuilt from the uncommitted state meanwhile.
    rules_changed()
    transaction.on_commit(rules_changed)
