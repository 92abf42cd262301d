"""What the fault tests share: readers posting through the real view, and the site's processes started per test."""

import re

import pytest
from django.db import connection

from comments.models import Comment
from tests.comments.conftest import form_data, post_url, solved_captcha
from tests.services import database_url, wait_for

from .processes import Beat, WebNode, Worker

Status = Comment.Status
AWAITING = "Awaiting moderation"
__all__ = ["form_data", "post_url", "solved_captcha"]


@pytest.fixture(autouse=True)
def _readers_post_at_once(settings):
    """A reader here fills the form in no time; the minimum fill-in time is the gate's own test."""
    settings.COMMENTS_FORM_MIN_SECONDS = 0


def post_as_reader(client, article, body, **fields):
    """A reader posts through the real view and follows the redirect to the page, as a browser does.

    Returns (the POST's response, the page landed on or None, the saved comment's id or None).
    """
    response = client.post(post_url(article), form_data(article, body=body, **fields))
    if response.status_code != 302:
        return response, None, None
    found = re.search(r"#comment-(\d+)$", response["Location"])
    page = client.get(response["Location"].split("#")[0])
    return response, page, int(found.group(1)) if found else None


def db_url():
    return database_url(connection.settings_dict)


def all_decided(ids, timeout, message="every comment to be decided"):
    def done():
        return not Comment.objects.filter(pk__in=ids, status=Status.SUBMITTED).exists()

    return wait_for(done, timeout=timeout, interval=0.2, message=message)


@pytest.fixture
def processes():
    """Start site processes (`processes.worker(...)`, `processes.beat(...)`); all are stopped after the test."""
    started = []

    class Starter:
        def worker(self, redis_server, extra_env=None, **options):
            worker = Worker(redis_server, db_url(), extra_env, **options)
            started.append(worker)
            return worker.start()

        def workers(self, redis_server, names, extra_env=None):
            """Several workers started at once (each waits for the others only once all are launched)."""
            workers = [Worker(redis_server, db_url(), extra_env, name=name) for name in names]
            started.extend(workers)
            for worker in workers:
                worker.launch()
            return [worker.wait_ready() for worker in workers]

        def web(self, env, name):
            node = WebNode(env, name)
            started.append(node)
            return node.start()

        def beat(self, redis_server, extra_env=None, **options):
            beat = Beat(redis_server, db_url(), extra_env, **options)
            started.append(beat)
            return beat.start()

    yield Starter()
    for process in reversed(started):
        process.stop()
