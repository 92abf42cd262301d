"""The moderators' queues as querysets, shared by the admin and the API, and their counts."""

from django.db.models import Count, F, Q

from comments.models import Comment

Status = Comment.Status

QUEUE_ORDER = ("-report_count", F("spam_score").desc(nulls_last=True), "created_at", "id")


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
    """Every queue's size in one query."""
    return Comment.objects.aggregate(
        held=Count("pk", filter=Q(status=Status.HELD)),
        reported=Count("pk", filter=Q(status__in=[Status.PUBLISHED, Status.HELD], report_count__gt=0)),
        spam=Count("pk", filter=Q(status=Status.SPAM)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
    )
