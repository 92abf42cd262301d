"""A full Redis (`maxmemory` reached): the cache evicts and the site goes on; a broker that refuses new writes
(noeviction) loses nothing it accepted, and readers still post.

`tests/newsite/test_redis_roles.py` checks that `make run` starts the two servers with their policies
(the broker `noeviction`, the cache `maxmemory 256mb` and `allkeys-lru`); here they are filled up.
- The cache: the Procfile's `cache` server, its limit lowered to a few megabytes, filled well past
  it with pages and junk: every write is taken (older keys evicted), pages and a decision show.
- The broker: the test Redis (broker and cache on one server, as the settings' default puts them)
  with `noeviction` and its limit just above what it holds, then filled until it refuses writes:
  the readers who post meanwhile get their "awaiting moderation" page instead of a 500 (the cache
  drops its writes, the check waits in the database for the sweeper), every message the broker took
  before stays in it, and once there is room again a worker checks them all and the sweeper hands
  over the rest. No worker can take a message while the broker is full (taking one writes), so
  none is started before.
"""

import string
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client, override_settings

from comments.models import Comment
from moderation import services
from moderation.models import Decision
from moderation.tasks import sweep_submitted
from scripts import run
from tests.factories import make_article, make_comment
from tests.services import ROOT, free_port, wait_for

from .conftest import AWAITING, all_decided, post_as_reader

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
Status = Comment.Status
PAGE = "x" * 100_000


def fill(port, db=2):
    """Write junk into the server until it refuses even a small write (noeviction), or four times its limit.

    Returns how many writes it took to be refused, or None when every one was taken (an evicting server).
    """
    junk = redis.Redis(port=port, db=db)
    limit = int(junk.config_get("maxmemory")["maxmemory"])
    written = 0
    for size in (100_000, 1_000, 10):
        for _ in range(4 * limit // size):
            try:
                junk.set(f"junk:{written}", "x" * size)
            except redis.exceptions.OutOfMemoryError:
                break
            written += 1
        else:
            return None
    return written


@pytest.fixture
def cache_server():
    """The Procfile's `cache` entry as `make run` starts it, with a 4 MB limit instead of 256 MB."""
    port = free_port()
    env = {"REDIS_SERVER": run.redis_server_binary(), "CACHE_REDIS_PORT": str(port)}
    command = [string.Template(word).substitute(env) for word in run.shlex.split(run.procfile_command("cache"))]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    wait_for(lambda: run.answers("127.0.0.1", port), timeout=10, message="the cache redis-server")
    redis.Redis(port=port).config_set("maxmemory", 4 * 1024 * 1024)
    yield port
    process.terminate()
    process.wait(timeout=10)


def test_a_full_cache_evicts_and_pages_and_decisions_go_on(cache_server, settings):
    port, server = cache_server, redis.Redis(port=cache_server)
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0", "KEY_PREFIX": "full"}
    }
    assert server.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
    article = make_article()
    comment = make_comment(
        article, status=Status.HELD, body="Held until the cache is full.", body_html="Held until the cache is full."
    )
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 200

    assert fill(port, db=0) is None  # every write taken, four times the limit
    for n in range(200):
        cache.set(f"page:{n}", PAGE)
    info = server.info()
    assert info["evicted_keys"] > 0 and info["used_memory"] <= 4 * 1024 * 1024 * 1.05

    services.decide(comment, Status.PUBLISHED, action="approve", expected_from=[Status.HELD])
    page = reader.get(article.get_absolute_url())
    assert page.status_code == 200 and "Held until the cache is full." in page.content.decode()


def test_a_full_broker_keeps_every_message_it_took_and_readers_still_post(processes, redis_server, settings):
    settings.RATELIMIT_FAIL_OPEN = True
    client = redis.Redis.from_url(redis_server.url)
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", client.info("memory")["used_memory"] + 2 * 1024 * 1024)
    article = make_article()
    accepted = []
    for n in range(5):
        reader = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        _, page, comment_id = post_as_reader(reader, article, f"Posted before the broker filled up, number {n}.")
        accepted.append(comment_id)
    assert client.llen("checks") == 5

    assert fill(redis_server.port) is not None  # the server now refuses writes
    # and keeps refusing them: Redis counts its clients' buffers too, so "full" would come and go by a few bytes
    client.config_set("maxmemory", client.info("memory")["used_memory"] - 512 * 1024)
    refused = []
    for n in range(2):
        reader = Client(REMOTE_ADDR=f"192.0.2.{n + 101}")
        body = f"Posted while the broker is full, number {n}: the tram timetable changes in May."
        response, page, comment_id = post_as_reader(reader, article, body)
        assert response.status_code == 302 and page.status_code == 200
        assert AWAITING in page.content.decode() and body in page.content.decode()
        refused.append(comment_id)
    assert client.llen("checks") == 5  # the two could not be enqueued: they wait in the database
    time.sleep(1)
    assert client.llen("checks") == 5  # and what the broker took stays: nothing is evicted to make room

    # An operator makes room (here: the junk goes); a worker cannot start before, since taking a message writes.
    redis.Redis(port=redis_server.port, db=2).flushdb()
    processes.worker(redis_server)
    all_decided(accepted, timeout=60, message="the messages the full broker had kept to be checked")
    assert Comment.objects.filter(pk__in=refused, status=Status.SUBMITTED).count() == 2
    with override_settings(MODERATION_SWEEP_SECONDS=0):
        assert sweep_submitted() == 2
    all_decided(refused, timeout=60)
    assert Decision.objects.filter(comment_id__in=accepted + refused).count() == 7
