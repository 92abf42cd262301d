"""A Celery worker killed with SIGKILL in the middle of a check: the task is delivered again, and the comment gets
exactly one decision and one audit record.

The check is made slow the way checks are slow in production: the Akismet check waits on the
network, here a local server speaking Akismet's protocol that holds its first answer until the
test lets it go. Nothing in the site's code knows about the test.

- The pool process running the check is killed: the worker's main process sees it lost
  (`reject_on_worker_lost`) and puts the message back at once; a new pool process checks again.
- The whole worker is killed (main process and pool, as when its machine is lost): the message,
  taken but never acknowledged (`acks_late`), is delivered to another worker once the broker's
  visibility timeout has passed (`CELERY_VISIBILITY_TIMEOUT`, 6 s here; 20 minutes by default).
"""

import os
import signal
import threading
import time

import pytest

from comments.models import Comment
from moderation import intake
from moderation.models import Assessment, Decision
from tests.factories import make_comment
from tests.moderation.akismet_server import FakeAkismet
from tests.services import wait_for

from .conftest import all_decided

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
Status = Comment.Status
VISIBILITY_TIMEOUT = 6


class HeldAkismet(FakeAkismet):
    """Holds its first comment-check until `release` is set (or a minute passes); answers the rest at once."""

    def __init__(self):
        super().__init__()
        self.arrived, self.release = threading.Event(), threading.Event()

    def answer(self, path, form):
        if path.endswith("/comment-check") and not self.arrived.is_set():
            self.arrived.set()
            self.release.wait(60)
        return super().answer(path, form)

    def checks_of(self, body):
        return [r for r in self.received("comment-check") if r.form.get("comment_content") == body]


@pytest.fixture
def akismet():
    server = HeldAkismet().start()
    yield server
    server.release.set()
    server.stop()


def worker_env(akismet, **extra):
    return {
        "AKISMET_API_KEY": akismet.key,
        "AKISMET_API_URL": akismet.url,
        "AKISMET_TIMEOUT_SECONDS": "120",  # the check waits as long as it takes: the kill comes first
        **extra,
    }


def submitted(body):
    comment = make_comment(status=Status.SUBMITTED, body=body)
    intake.comment_submitted(comment)  # the hand-off the posting view makes, after commit
    return comment


def assert_decided_once(comment, akismet):
    assert Comment.objects.get(pk=comment.pk).status != Status.SUBMITTED
    assert len(akismet.checks_of(comment.body)) == 2  # checked in the killed process, and again
    assert Decision.objects.filter(comment=comment).count() == 1
    assert Assessment.objects.get(comment=comment).attempts == 1  # the killed check stored nothing


def test_a_pool_process_killed_mid_check_is_replaced_and_the_comment_decided_once(processes, redis_server, akismet):
    worker = processes.worker(redis_server, worker_env(akismet))
    comment = submitted("Killed mid-check, about the tram extension consultation.")
    wait_for(akismet.arrived.is_set, timeout=60, message="the worker to be inside the Akismet check")
    (pool_process,) = worker.pool_pids()
    os.kill(pool_process, signal.SIGKILL)

    all_decided([comment.pk], timeout=60)
    assert_decided_once(comment, akismet)
    log = worker.log()
    assert "signal 9 (SIGKILL)" in log and "WorkerLostError" in log


def test_a_whole_worker_killed_mid_check_leaves_the_message_to_another_after_the_visibility_timeout(
    processes, redis_server, akismet
):
    env = worker_env(akismet, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
    first = processes.worker(redis_server, env, name="first")
    comment = submitted("The whole worker died mid-check, about the harbour wall repairs.")
    wait_for(akismet.arrived.is_set, timeout=60, message="the first worker to be inside the Akismet check")
    first.kill()
    killed_at = time.monotonic()

    second = processes.worker(redis_server, env, name="second")
    all_decided([comment.pk], timeout=60)
    assert time.monotonic() - killed_at >= VISIBILITY_TIMEOUT - 1  # not before the message became visible again
    assert_decided_once(comment, akismet)
    assert f"comment {comment.pk} " in second.log() and f"comment {comment.pk} " not in first.log()
