"""The database briefly unavailable while a reader posts: a 503 that says "please post it again", the text kept,
nothing half-written, and the same text accepted once the database is back.

Provoked for real on whichever database the suite runs on. SQLite: another connection holds the write
lock longer than the busy timeout (1 s here, 20 s in production), or takes the file in exclusive
locking mode so that it cannot even be read. PostgreSQL: the server terminates the request's
backend at the INSERT (as a restart does), or refuses connections to the database altogether.
"""

import contextlib
import gc
import subprocess
import sys

import psycopg
import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.db.models.signals import pre_save

from comments import posting
from comments.models import Comment
from moderation.models import Decision
from tests.factories import make_article

from .conftest import form_data, post_url, solved_captcha

pytestmark = pytest.mark.django_db(transaction=True)
SQLITE = connection.vendor == "sqlite"
BODY = "The bypass consultation closes on Friday; [b]has anyone seen the maps?[/b]"


@pytest.fixture
def article():
    return make_article()


@pytest.fixture
def short_busy_timeout():
    """SQLite: this process waits 1 s for another connection's write lock (production: 20 s)."""
    if not SQLITE:
        yield
        return
    options = connection.settings_dict["OPTIONS"]
    before = options.get("timeout")
    options["timeout"] = 1
    connection.close()
    yield
    options["timeout"] = before
    connection.close()


def _pg_admin():
    """A connection of our own to the server's maintenance database, as an operator's."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.update(dbname="postgres", autocommit=True)
    return psycopg.connect(**params)


# Another process takes the SQLite file's lock, says so, and holds it until its standard input closes.
LOCKER = """
import sqlite3, sys
locker = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    locker.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL, which exclusive locking mode starts from
    locker.close()
    locker = sqlite3.connect(sys.argv[1], isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")  # a reader needs a lock too: nobody reads the file
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("CREATE TABLE faults_lock (x)")  # a write takes the lock; rolled back below
else:
    locker.execute("BEGIN IMMEDIATE")  # the one write lock; readers go on in WAL mode
print("locked", flush=True)
sys.stdin.read()
locker.execute("ROLLBACK")
"""


@contextlib.contextmanager
def sqlite_locked(mode):
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, connection.settings_dict["NAME"], mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout.readline().strip() == "locked"
        yield
    finally:
        locker.stdin.close()
        locker.wait(timeout=10)


@contextlib.contextmanager
def write_fails():
    """The next comment INSERT of this process cannot be done."""
    if SQLITE:
        with sqlite_locked("write"):
            yield
        return

    def terminate_backend(sender, **kwargs):
        pid = connection.connection.info.backend_pid
        with _pg_admin() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    pre_save.connect(terminate_backend, sender=Comment, dispatch_uid="faults.terminate")
    try:
        yield
    finally:
        pre_save.disconnect(sender=Comment, dispatch_uid="faults.terminate")


@contextlib.contextmanager
def database_unreadable():
    """Nothing can be read: SQLite's file taken in exclusive locking mode; PostgreSQL refusing connections."""
    connection.close()
    if SQLITE:
        # A connection closed while a statement of it lived on (in an earlier failure's traceback, a reference
        # cycle) keeps its file and shared lock until that statement is freed.
        gc.collect()
        with sqlite_locked("exclusive"):
            yield
        return
    name = connection.settings_dict["NAME"]
    with _pg_admin() as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def assert_text_kept_with_please_post_again(response, article):
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "could not be saved just now" in html and "please post it again in a moment" in html
    assert "[b]has anyone seen the maps?[/b]</textarea>" in html  # as typed, in the form's text box
    assert 'value="Ada Reader"' in html
    assert f'action="{post_url(article)}#post-comment"' in html  # posting it again goes to the same place
    return html


def test_a_post_the_database_cannot_save_comes_back_as_a_503_with_the_text_and_nothing_written(
    client, article, short_busy_timeout
):
    data = form_data(article, body=BODY)
    with write_fails():
        response = client.post(post_url(article), data)
    html = assert_text_kept_with_please_post_again(response, article)
    assert article.headline in html  # the article page itself, with the form in place
    assert not Comment.objects.exists() and not Decision.objects.exists()
    assert CaptchaStore.objects.filter(hashkey=data["captcha_0"]).exists()  # its deletion was rolled back too


def test_the_same_text_is_accepted_once_the_database_is_back(client, article, short_busy_timeout):
    data = form_data(article, body=BODY)
    with write_fails():
        assert client.post(post_url(article), data).status_code == 503
    # Not "you posted this same comment a moment ago": the failed attempt left no mark of its text.
    response = client.post(post_url(article), form_data(article, body=BODY))
    assert response.status_code == 302
    assert Comment.objects.get().body == BODY


def test_while_nothing_can_be_read_the_reader_gets_their_text_back_on_a_page_of_its_own(
    client, article, short_busy_timeout
):
    data = form_data(article, body=BODY)
    with database_unreadable():
        response = client.post(post_url(article), data)
    html = assert_text_kept_with_please_post_again(response, article)
    assert 'name="form_token"' in html and 'name="captcha_0"' in html
    assert not Comment.objects.exists()


def test_the_api_answers_503_when_the_database_cannot_save(client, article, short_busy_timeout):
    key, answer = solved_captcha()
    payload = {"author_name": "Ada", "body": BODY, "captcha_key": key, "captcha_answer": answer}
    with write_fails():
        response = client.post(f"/api/v1/articles/{article.slug}/comments/", payload, content_type="application/json")
    assert response.status_code == 503, response.json()
    assert response.json() == {"detail": posting.NOT_SAVED}
    assert not Comment.objects.exists()
