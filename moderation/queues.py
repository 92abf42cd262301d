"""The moderators' queues: one registry (key, label, condition, order) for the admin's tabs and filters, the
articles' queue links, the API and the counts."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q

from comments.models import Comment
from core import versions

from .checks.staff_abuse import STAFF_ABUSE_PRIORITY

Status = Comment.Status

QUEUE_ORDER = ("-report_count", F("spam_score").desc(nulls_last=True), "created_at", "id")
NEWEST_FIRST = ("-created_at", "-id")
COUNTS_VERSION_KEY = "moderation:queue-counts-version"


@dataclass(frozen=True)
class Queue:
    """A list of comments moderators work through: the admin's tabs and filter, the API, the counts."""

    key: str
    label: str
    condition: Q  # on Comment's fields
    expected: tuple | None  # the statuses a moderator acting on it expects to find; None for any
    order: tuple = NEWEST_FIRST

    def comments(self):
        return Comment.objects.filter(self.condition).order_by(*self.order)

    def condition_through(self, relation):
        """The condition seen from a model related to Comment (`comments` from Article)."""
        return _prefixed(self.condition, relation)


def _prefixed(condition, relation):
    children = [
        _prefixed(child, relation) if isinstance(child, Q) else (f"{relation}__{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def _status_queue(key, label, status):
    return Queue(key, label, Q(status=status), (status,))


VISIBLE_OR_WAITING = (Status.PUBLISHED, Status.HELD)
QUEUES = {
    queue.key: queue
    for queue in (
        # Waiting for a moderator: most reported first, then most suspicious, then oldest.
        Queue("held", "Held", Q(status=Status.HELD), (Status.HELD,), QUEUE_ORDER),
        # Held comments abusing a writer or staff member by name (moderation.checks.staff_abuse).
        Queue(
            "staff_abuse",
            "Staff abuse",
            Q(status=Status.HELD, priority=STAFF_ABUSE_PRIORITY),
            (Status.HELD,),
            QUEUE_ORDER,
        ),
        # Comments readers reported that are still visible or waiting.
        Queue(
            "reported",
            "Reported",
            Q(status__in=VISIBLE_OR_WAITING, report_count__gt=0),
            VISIBLE_OR_WAITING,
            QUEUE_ORDER,
        ),
        _status_queue("spam", "Spam", Status.SPAM),
        _status_queue("published", "Published", Status.PUBLISHED),
        _status_queue("rejected", "Rejected", Status.REJECTED),
        _status_queue("removed", "Removed", Status.REMOVED),
        _status_queue("submitted", "Being checked", Status.SUBMITTED),
        Queue("all", "All", Q(), None),
    )
}
WAITING = ("held", "staff_abuse", "reported", "spam", "submitted")  # the work the counts (and the API's counts) follow


def held():
    return QUEUES["held"].comments()


def reported():
    return QUEUES["reported"].comments()


def counts():
    """Every queue's size: cached under a version every decision bumps (and briefly, for reports)."""
    key = f"moderation:queue-counts:{versions.read(COUNTS_VERSION_KEY)}"
    found = cache.get(key)
    if found is None:
        found = count_now()
        cache.set(key, found, settings.MODERATION_COUNTS_CACHE_SECONDS)
    return found


def count_now(keys=WAITING):
    """The sizes of these queues in one query."""
    return Comment.objects.aggregate(**{key: Count("pk", filter=QUEUES[key].condition) for key in keys})


def counts_changed():
    """Called after every decision (and when a report is counted): the next counts() queries afresh."""
    versions.bump(COUNTS_VERSION_KEY)
