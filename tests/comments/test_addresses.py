"""An anonymous reader confirming the address they comment under: a link mailed by a worker, a button,
and a browser whose later comments under that address are verified (and so may earn trust)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from comments import addresses, tasks
from comments.models import Comment
from moderation.checks.author import AuthorCheck
from moderation.checks.base import Submission
from moderation.context import LiveContext
from tests.factories import make_comment

from .conftest import form_data, post_url

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def worker_at_once(monkeypatch):
    """The link task runs as soon as it is enqueued, as a worker would."""
    monkeypatch.setattr(tasks.send_address_link, "delay", lambda comment_id: tasks.send_address_link(comment_id))


def post(client, article, **fields):
    return client.post(post_url(article), form_data(article, **fields))


def confirm_link(message):
    return re.search(r"https?://\S+(/comments/confirm-address/\S+/)", message.body).group(1)


def test_ticking_the_box_mails_a_link_that_confirms_the_address(
    client, article, worker_at_once, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, article, confirm_email="on").status_code == 302
    comment = Comment.objects.get()
    assert comment.email_verified_at is None
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    link = confirm_link(mail.outbox[0])

    assert "Confirm my address" in client.get(link).content.decode()
    comment.refresh_from_db()
    assert comment.email_verified_at is None  # fetching the link confirms nothing
    response = client.post(link)

    assert response.status_code == 302 and addresses.COOKIE in response.cookies
    comment.refresh_from_db()
    assert comment.email_verified_at is not None
    assert client.post(link).status_code == 400  # the link worked once


def test_without_the_box_no_mail_is_sent(client, article, worker_at_once, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article)
    assert not mail.outbox


def test_the_box_needs_an_address(client, article):
    response = post(client, article, author_email="", confirm_email="on")
    assert response.status_code == 400
    assert "Please give your e-mail address so we can write to you." in response.content.decode()


def test_later_comments_from_the_browser_that_confirmed_are_verified_under_that_address_only(
    client, article, worker_at_once, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, confirm_email="on")
    client.post(confirm_link(mail.outbox[0]))

    post(client, article, body="A second comment under my confirmed address.")
    post(client, article, body="A comment under another address.", author_email="other@example.org")
    post(client.__class__(), article, body="Someone else typing my address.")

    verified = dict(Comment.objects.values_list("body", "email_verified_at"))
    assert verified["A second comment under my confirmed address."] is not None
    assert verified["A comment under another address."] is None
    assert verified["Someone else typing my address."] is None


def test_a_tampered_link_confirms_nothing(client, article):
    comment = make_comment(article, author_email="ada@example.org")
    assert client.post(f"/comments/confirm-address/{addresses.link_token(comment)}x/").status_code == 400
    comment.refresh_from_db()
    assert comment.email_verified_at is None


def author_signal(comment):
    return AuthorCheck().run(Submission.from_comment(comment), LiveContext())


def test_a_proven_address_earns_trust_from_its_proven_comments_only(article):
    for _ in range(5):
        make_comment(article, author_email="ada@example.org")  # typed, never proven
    proven_now = make_comment(
        article, author_email="ada@example.org", status=Status.SUBMITTED, email_verified_at=timezone.now()
    )
    assert author_signal(proven_now).reasons == ("first comment by this author",)

    month_ago = timezone.now() - timedelta(days=30)
    for _ in range(5):
        make_comment(article, author_email="ada@example.org", email_verified_at=month_ago)
    assert author_signal(proven_now).evidence < 0
    typed_again = make_comment(article, author_email="ada@example.org", status=Status.SUBMITTED)
    assert author_signal(typed_again).reasons == ("first comment by this author",)
