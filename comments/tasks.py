"""The public side's Celery tasks: mailing the link with which an anonymous reader confirms their address."""

from celery import shared_task

from . import addresses
from .models import Comment


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=addresses.TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def send_address_link(comment_id):
    """Mail the link for an anonymous comment whose address is not confirmed yet; else nothing."""
    comment = Comment.objects.filter(pk=comment_id, user=None, email_verified_at=None).exclude(author_email="").first()
    if comment is not None:
        addresses.send_link(comment)
