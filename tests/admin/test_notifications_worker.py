"""A moderator's decision reaches the author's inbox through the real broker and a real worker process."""

import pytest
from django.utils import timezone

from comments.models import Comment
from moderation import services
from tests.services import wait_for

from .conftest import make_held

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_publishing_a_held_comment_emails_its_author_from_the_worker(celery_worker, article):
    comment = make_held(
        article, notify_on_reply=True, author_email="worker-test@example.org", email_verified_at=timezone.now()
    )
    services.decide(comment, Comment.Status.PUBLISHED, action="approve")
    # The worker runs with `make run`'s console e-mail backend: the message lands in its log.
    wait_for(lambda: "To: worker-test@example.org" in celery_worker.log(), timeout=60, message="the e-mail")
    assert celery_worker.log().count("To: worker-test@example.org") == 1
