"""The hand-off: submitting saves nothing and enqueues the check after commit; a broker outage never fails the post."""

import logging

import pytest

from comments.models import Comment
from moderation import intake
from moderation.models import Decision
from tests.factories import make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


def test_submitting_decides_nothing_and_enqueues_only_after_commit(django_capture_on_commit_callbacks, redis_server):
    import redis

    comment = make_comment(status=Status.SUBMITTED, body="Waiting for the checks.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        intake.comment_submitted(comment)
    client = redis.Redis.from_url(redis_server.url)
    assert client.llen("checks") == 0  # nothing published before the commit
    for callback in callbacks:
        callback()
    assert client.llen("checks") == 1
    comment.refresh_from_db()
    assert comment.status == Status.SUBMITTED
    assert not Decision.objects.filter(comment=comment).exists()


def test_a_broker_outage_is_logged_and_the_comment_kept(django_capture_on_commit_callbacks, redis_server, caplog):
    comment = make_comment(status=Status.SUBMITTED, body="Posted while Redis is away.")
    redis_server.stop()
    with (
        caplog.at_level(logging.WARNING, logger="moderation.enqueue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        intake.comment_submitted(comment)
    assert "could not enqueue the check of comment" in caplog.text
    assert Comment.objects.get(pk=comment.pk).status == Status.SUBMITTED
