"""A task travels through the real Redis broker to a real worker process and changes the database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsite.models import Article
from newsite.tasks import close_expired_comment_threads
from tests.factories import make_article
from tests.services import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_closes_threads_past_their_close_date(celery_worker):
    expired = make_article(slug="expired", comments_close_at=timezone.now() - timedelta(minutes=1))
    still_open = make_article(slug="still-open", comments_close_at=timezone.now() + timedelta(days=1))

    close_expired_comment_threads.delay()

    def closed():
        return Article.objects.get(pk=expired.pk).comment_mode == Article.CommentMode.CLOSED

    wait_for(closed, timeout=30, message="the worker to close the expired thread")
    assert Article.objects.get(pk=still_open.pk).comment_mode == Article.CommentMode.OPEN
    assert "close_expired_comment_threads" in celery_worker.log()
