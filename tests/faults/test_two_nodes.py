"""More than one machine: two gunicorn nodes and two Celery workers, separate processes on separate ports, against
one database and one Redis, readers and moderators going through both as a load balancer would send them.

The database is the suite's own (the SQLite file the run shares with its subprocesses, or the
PostgreSQL database of the PostgreSQL run). Every request carries the public host name
(`Host: newsite.test`, the SITE_URL) and the reader's address in `X-Forwarded-For`, as behind a load
balancer (`TRUSTED_PROXY_COUNT=1`). It asserts that nothing one node keeps to itself shows:
- a form read from one node posts through the other (the signed form token and captcha key);
- the rate limit counts a reader's posts on both nodes together;
- every comment is decided once, by one of the two workers;
- a decision through one node's moderation API shows at once on the other node's whole-page
  cached article page and in its feeds (parsed with feedparser), the two nodes serving the same
  comments, counts and feed ETags;
- two moderators deciding the same comment through the two nodes: one wins, the other gets a 409.
"""

import re
from concurrent.futures import ThreadPoolExecutor

import feedparser
import pytest
import requests
from django.urls import reverse
from rest_framework.authtoken.models import Token

from comments.models import Comment
from moderation.models import Decision, Rule
from tests.factories import make_article, make_user
from tests.services import service_environment

from .conftest import all_decided, db_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
Status = Comment.Status
HOST = "newsite.test"
NODE_ENV = {
    "DEBUG": "1",
    "SECRET_KEY": "two-nodes-share-this-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
    "SITE_URL": f"http://{HOST}",
    "TRUSTED_PROXY_COUNT": "1",
    "CAPTCHA_TEST_MODE": "1",
    "COMMENTS_FORM_MIN_SECONDS": "0",
    "COMMENTS_RATE_LIMIT": "5/m",
    "LOG_LEVEL": "WARNING",
}


class Reader:
    """A browser behind the load balancer: its address, its cookies, whichever node it is sent to."""

    def __init__(self, address):
        self.session = requests.Session()
        self.session.headers.update({"Host": HOST, "X-Forwarded-For": address})

    def get(self, node, path, **kwargs):
        return self.session.get(f"http://127.0.0.1:{node.port}{path}", allow_redirects=False, timeout=30, **kwargs)

    def post(self, node, path, data):
        return self.session.post(f"http://127.0.0.1:{node.port}{path}", data, allow_redirects=False, timeout=30)


def form_fields(html):
    form = html[html.index("data-comment-form") :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)) | dict(
        re.findall(r'name="(captcha_0)"[^>]*value="([^"]+)"', form)
    )


def post_comment(reader, form_node, post_node, article, body, name="A Reader"):
    """Read the form from one node and post it to another: the answer of the POST."""
    page = reader.get(form_node, article.get_absolute_url())
    assert page.status_code == 200, page.status_code
    data = form_fields(page.text) | {"author_name": name, "body": body, "captcha_1": "PASSED", "website": ""}
    return reader.post(post_node, reverse("comments:post", args=[article.pk]), data)


def comment_id(response):
    assert response.status_code == 302, (response.status_code, response.text[:2000])
    return int(response.headers["Location"].rsplit("#comment-", 1)[1])


def shown(html):
    return set(map(int, re.findall(r'<li class="comment" id="comment-(\d+)"', html)))


def feed(node, article):
    response = Reader("192.0.2.200").get(node, reverse("comments:article-feed-atom", args=[article.slug]))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    return {int(entry.id.rstrip("/").rsplit("/", 1)[1]) for entry in parsed.entries}, response.headers["ETag"]


def test_two_nodes_and_two_workers_on_one_database_and_one_redis(processes, redis_server):
    article = make_article()
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="referendum", action=Rule.Action.HOLD)
    moderator = make_user(is_staff=True, is_superuser=True)
    token = Token.objects.create(user=moderator).key
    env = service_environment(redis_server, db_url(), NODE_ENV)
    a, b = processes.web(env, "a"), processes.web(env, "b")
    nodes = (a, b)
    processes.workers(redis_server, ["worker1", "worker2"])

    posted, held = [], []
    for n in range(10):
        body = f"Reader {n} on the harbour plan: " + ("when is the referendum?" if n % 3 == 0 else "a fair summary.")
        response = post_comment(Reader(f"198.51.100.{n + 1}"), nodes[n % 2], nodes[(n + 1) % 2], article, body)
        posted.append(comment_id(response))
        if n % 3 == 0:
            held.append(posted[-1])

    # One reader, five posts alternating between the nodes: the sixth is refused by whichever node gets it.
    busy = Reader("203.0.113.9")
    for n in range(5):
        posted.append(comment_id(post_comment(busy, nodes[n % 2], nodes[n % 2], article, f"Busy reader, post {n}.")))
    refused = post_comment(busy, b, a, article, "Busy reader, one post too many.")
    assert refused.status_code == 400 and "You are posting too fast" in refused.text

    all_decided(posted, timeout=90)
    for pk in posted:
        assert Decision.objects.filter(comment_id=pk, actor=None).count() == 1
    assert set(Comment.objects.filter(status=Status.HELD).values_list("pk", flat=True)) == set(held)

    def consistent():
        """Both nodes' cached page and feed against the database, with the same counts and ETags."""
        published = set(Comment.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
        count = Comment.objects.filter(status=Status.PUBLISHED).count()
        etags = set()
        for node in nodes:
            for _ in range(2):  # the second is the stored whole page
                page = Reader("192.0.2.100").get(node, article.get_absolute_url())
                assert shown(page.text) == published, node.name
                assert f"Comments ({count} posted)" in page.text
            entries, etag = feed(node, article)
            assert entries == published, node.name
            etags.add(etag)
        assert len(etags) == 1
        return published

    consistent()
    moderator_api = Reader("192.0.2.50")
    moderator_api.session.headers["Authorization"] = f"Token {token}"

    def decide(node, pk, action, expected):
        path = f"/api/v1/moderation/comments/{pk}/decision/"
        return moderator_api.session.post(
            f"http://127.0.0.1:{node.port}{path}",
            json={"action": action, "reason": "checked", "expected_status": [expected]},
            timeout=30,
        )

    assert decide(a, held[0], "approve", "held").status_code == 200
    assert held[0] in consistent()  # on node B's page and feed at once
    removed = posted[1]
    assert decide(b, removed, "remove", "published").status_code == 200
    assert removed not in consistent()  # gone from node A's too

    # Two moderators, the same held comment, one through each node at the same moment: one decision.
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda args: decide(*args).status_code, [(a, held[1], "approve", "held"),
                                                                       (b, held[1], "reject", "held")]))  # fmt: skip
    assert sorted(answers) == [200, 409]
    assert Decision.objects.filter(comment_id=held[1]).exclude(actor=None).count() == 1
    consistent()
