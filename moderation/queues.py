"""The moderators' queues as querysets, shared by the admin and the API, and their counts."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q

from comments.models import Comment
from core.cache_backend import REDIS_DOWN

Status = Comment.Status

QUEUE_ORDER = ("-report_count", F("spam_score").desc(nulls_last=True), "created_at", "id")
COUNTS_VERSION_KEY = "moderation:queue-counts-version"


def held():
    """Waiting for a moderator: most reported first, then most suspicious, then oldest."""
    return Comment.objects.filter(status=Status.HELD).order_by(*QUEUE_ORDER)


def reported():
    """Comments readers reported that are still visible or waiting."""
    return Comment.objects.filter(status__in=[Status.PUBLISHED, Status.HELD], report_count__gt=0).order_by(*QUEUE_ORDER)


def spam():
    return Comment.objects.filter(status=Status.SPAM).order_by("-created_at", "-id")


def by_status(status):
    return Comment.objects.filter(status=status).order_by("-created_at", "-id")


def counts():
    """Every queue's size: cached under a version every decision bumps (and briefly, for reports)."""
    key = f"moderation:queue-counts:{_version()}"
    found = cache.get(key)
    if found is None:
        found = count_now()
        cache.set(key, found, settings.MODERATION_COUNTS_CACHE_SECONDS)
    return found


def count_now():
    """Every queue's size in one query."""
    return Comment.objects.aggregate(
        held=Count("pk", filter=Q(status=Status.HELD)),
        reported=Count("pk", filter=Q(status__in=[Status.PUBLISHED, Status.HELD], report_count__gt=0)),
        spam=Count("pk", filter=Q(status=Status.SPAM)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
    )


def counts_changed():
    """Called after every decision (and when a report is counted): the next counts() queries afresh."""
    try:
        cache.incr(COUNTS_VERSION_KEY)
    except ValueError:  # no version yet (or Redis was flushed)
        cache.set(COUNTS_VERSION_KEY, 1, None)
    except REDIS_DOWN:
        pass  # nothing cached can be stale while Redis is away


def _version():
    return cache.get(COUNTS_VERSION_KEY, 0)
