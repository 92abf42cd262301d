"""The public side's Celery tasks: mailing the links with which a reader confirms their address, and deleting
expired captchas.

Both mails go through `addresses.send_confirmation`: at most one link per address per
`NOTIFY_CONFIRM_INTERVAL_SECONDS`, however often the boxes are ticked.
"""

from captcha.models import CaptchaStore
from celery import shared_task
from django.contrib.auth import get_user_model

from core.mail import MAIL_FAILURES

from . import accounts, addresses
from .models import Comment

TASK_OPTIONS = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": MAIL_FAILURES,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 6,
}


@shared_task(**TASK_OPTIONS)
def send_address_link(comment_id):
    """Mail the link for an anonymous comment whose address is not confirmed yet; else nothing."""
    comment = Comment.objects.filter(pk=comment_id, user=None, email_verified_at=None).exclude(author_email="").first()
    if comment is not None:
        addresses.send_link(comment)


@shared_task(**TASK_OPTIONS)
def send_account_link(user_id):
    """Mail the verification link of an account whose address is not verified yet; else nothing."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is not None and not accounts.is_verified(user):
        addresses.send_confirmation(user.email, lambda: accounts.send_verification(user))


@shared_task(acks_late=True, ignore_result=True)
def purge_expired_captchas():
    """Delete the captcha rows past their expiry (beat, maintenance queue): nothing else deletes an unused one."""
    CaptchaStore.remove_expired()
