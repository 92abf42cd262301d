"""Redis stopped while readers post, started again a minute later: every comment posted meanwhile is saved, each
reader landed on "awaiting moderation" (never a 500), and all are decided within one sweeper period of Redis
coming back.

Real processes throughout: the readers post through the real view (Django's test client), the
Celery worker and beat run as in production, each under `scripts/keep_running.py` (the worker may
exit when its broker connection breaks; systemd or Kubernetes start it again), and the one
redis-server that holds both the broker and the cache is stopped, then started empty on the
same port, as a restarted Redis without persistence comes back.

The sweeper runs every 5 s here and picks up comments 5 s old (production: every 60 s, 180 s old).
What bounds the time after Redis returns is the worker's reconnection: Celery retries the broker
2 s, 4 s, 6 s ... apart, at most 30 s, so after a minute's outage the worker is back 0 to 30 s
after Redis (28 s in the run recorded in docs/reliability.md); then the next sweep (5 s) re-enqueues
every comment at once. `DECIDED_WITHIN` is those 30 + 5 + 5 s and the checks' own time.
"""

import time

import pytest
from django.test import Client

from comments.models import Comment
from moderation.models import Decision
from tests.factories import make_article

from .conftest import AWAITING, all_decided, post_as_reader

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
Status = Comment.Status

OUTAGE_SECONDS = 60  # as the issue says: Redis comes back a minute later
READERS = 12  # one posts every OUTAGE_SECONDS / READERS while Redis is down
SWEEP = {"MODERATION_SWEEP_SECONDS": "5", "MODERATION_SWEEP_INTERVAL_SECONDS": "5"}
DECIDED_WITHIN = 45  # seconds after Redis is back: see above


def test_comments_posted_while_redis_is_down_are_kept_shown_as_awaiting_and_decided_after_it_returns(
    processes, redis_server
):
    article = make_article()
    worker = processes.worker(redis_server, SWEEP, supervised=True)
    beat = processes.beat(redis_server, SWEEP)

    redis_server.stop()
    down_at = time.monotonic()
    posted = []
    for n in range(READERS):
        due = down_at + n * OUTAGE_SECONDS / READERS
        time.sleep(max(0.0, due - time.monotonic()))
        body = f"Reader {n} writes while the cache and the broker are away: the bridge vote is on Tuesday."
        reader = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        response, page, comment_id = post_as_reader(reader, article, body, author_name=f"Reader {n}")
        assert response.status_code == 302, (n, response.status_code)
        assert page.status_code == 200
        html = page.content.decode()
        assert AWAITING in html and body in html
        assert f'id="comment-{comment_id}"' in html
        posted.append(comment_id)
    time.sleep(max(0.0, down_at + OUTAGE_SECONDS - time.monotonic()))

    assert Comment.objects.filter(pk__in=posted, status=Status.SUBMITTED).count() == READERS  # saved, unchecked
    redis_server.start()
    back_at = time.monotonic()
    all_decided(posted, timeout=DECIDED_WITHIN + 60, message="the comments posted during the outage to be decided")
    took = time.monotonic() - back_at
    assert took <= DECIDED_WITHIN, f"decided {took:.0f} s after Redis returned\n{worker.log()[-3000:]}"
    assert Decision.objects.filter(comment_id__in=posted).count() == READERS  # each once
    assert "Sending due task sweep-unchecked-comments" in beat.log()
