"""Periodic newsroom maintenance run by Celery beat."""

from celery import shared_task
from django.utils import timezone

from .models import Article


@shared_task(acks_late=True, ignore_result=True)
def close_expired_comment_threads():
    """Close comments on articles whose close date has passed; returns how many were closed."""
    return (
        Article.objects.filter(comments_close_at__lte=timezone.now())
        .exclude(comment_mode=Article.CommentMode.CLOSED)
        .update(comment_mode=Article.CommentMode.CLOSED)
    )
