"""Periodic newsroom maintenance run by Celery beat."""

from celery import shared_task
from django.utils import timezone

from . import comment_modes
from .models import Article


@shared_task(acks_late=True, ignore_result=True)
def close_expired_comment_threads():
    """Close comments on articles whose close date has passed; returns how many were closed.

    A switch the moderators' schedule made ends with it: at the next shift there is nothing to give back.
    """
    return (
        Article.objects.filter(comments_close_at__lte=timezone.now())
        .exclude(comment_mode=Article.CommentMode.CLOSED)
        .update(comment_mode=Article.CommentMode.CLOSED, **comment_modes.NOT_SCHEDULED)
    )
