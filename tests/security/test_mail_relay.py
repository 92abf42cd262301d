"""The "e-mail me" box cannot make the site mail a stranger: double opt-in, fixed subjects, a daily cap.

A reader who ticks "E-mail me when my comment is published or answered" under an address nobody
proved is sent one confirmation link (at most one per address per NOTIFY_CONFIRM_INTERVAL_SECONDS,
with no text a reader chose), and nothing else until the link's button is pressed. Subjects carry
the site name and the headline, never a commenter's name. Django's locmem backend.
"""

import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import tasks
from comments.models import Comment
from moderation import notifications
from tests.comments.conftest import form_data, post_url
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status
SPAM_NAME = "FREE MONEY http://x"


@pytest.fixture(autouse=True)
def _no_minimum_fill_in_time(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0


@pytest.fixture
def article(db):
    return make_article(headline="Harbour flood defences approved", slug="harbour-flood")


@pytest.fixture
def worker_at_once(monkeypatch):
    """The public side's mail tasks run as soon as they are enqueued, as a worker would."""
    for task in (tasks.send_address_link, tasks.send_account_link):
        monkeypatch.setattr(task, "delay", task)


def post(client, article, capture, **fields):
    with capture(execute=True):
        return client.post(post_url(article), form_data(article, **fields))


def confirm_link(message):
    return re.search(r"https?://\S+(/comments/confirm-address/\S+/)", message.body).group(1)


def opted_in(article, address):
    """A published comment whose author ticked the box and proved the address."""
    return make_comment(article, notify_on_reply=True, author_email=address, email_verified_at=timezone.now())


def published_and_answered(comment):
    """What a moderator publishing the held comment, then a published reply to it, has sent."""
    Comment.objects.filter(pk=comment.pk).update(status=Status.PUBLISHED, published_at=timezone.now())
    notifications.send_author_notices(comment.pk, "held")
    reply = make_comment(comment.article, parent=comment, author_name="Quinn")
    notifications.send_author_notices(reply.pk, "submitted")


def test_an_unconfirmed_address_gets_one_confirmation_without_reader_text_and_no_notification(
    client, article, worker_at_once, django_capture_on_commit_callbacks
):
    response = post(
        client,
        article,
        django_capture_on_commit_callbacks,
        notify_on_reply="on",
        author_name=SPAM_NAME,
        body="Buy now at http://spam.example and win.",
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    confirmation = mail.outbox[0]
    assert confirmation.subject == f"{settings.SITE_NAME}: confirm the address you commented with"
    for typed in ("FREE MONEY", "http://x", "spam.example", "Buy now"):
        assert typed not in confirmation.subject and typed not in confirmation.body

    published_and_answered(comment)
    assert len(mail.outbox) == 1  # the confirmation only: no "published", no "answered"


def test_after_the_button_the_address_hears_of_its_comment_each_time_with_the_unsubscribe_link(
    client, article, worker_at_once, django_capture_on_commit_callbacks
):
    post(client, article, django_capture_on_commit_callbacks, notify_on_reply="on")
    comment = Comment.objects.get()
    link = confirm_link(mail.outbox[0])
    client.get(link)
    published_and_answered(comment)
    assert len(mail.outbox) == 1  # following the link (a mail scanner) confirms nothing

    assert client.post(link).status_code == 302
    Comment.objects.filter(pk=comment.pk).update(status=Status.HELD)
    published_and_answered(comment)
    subjects = [m.subject for m in mail.outbox[1:]]
    assert subjects == [
        f"{settings.SITE_NAME}: your comment on “{article.headline}” is published",
        f"{settings.SITE_NAME}: a reply to your comment on “{article.headline}”",
    ]
    unsubscribe = reverse("moderation:unsubscribe", args=[notifications.unsubscribe_token(comment.pk)])
    for message in mail.outbox[1:]:
        assert message.to == ["ada@example.org"]
        assert unsubscribe in message.body
        assert message.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{unsubscribe}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A later comment from the browser that confirmed is opted in at once: no second confirmation.
    post(client, article, django_capture_on_commit_callbacks, notify_on_reply="on", body="A second comment.")
    later = Comment.objects.get(body="A second comment.")
    published_and_answered(later)
    assert len(mail.outbox) == 5


def test_a_verified_account_is_opted_in_and_an_unverified_one_is_sent_its_link_first(
    client, article, worker_at_once, django_capture_on_commit_callbacks
):
    verified = make_user("vera@example.org", verified=True, first_name="Vera")
    client.force_login(verified)
    post(client, article, django_capture_on_commit_callbacks, notify_on_reply="on", body="From a verified account.")
    assert mail.outbox == []  # nothing to confirm
    published_and_answered(Comment.objects.get(user=verified))
    assert [m.to for m in mail.outbox] == [["vera@example.org"]] * 2

    unverified = make_user("una@example.org", email="una@example.org", first_name=SPAM_NAME)
    client.force_login(unverified)
    post(client, article, django_capture_on_commit_callbacks, notify_on_reply="on", body="From a new account.")
    assert [m.to for m in mail.outbox[2:]] == [["una@example.org"]]
    assert "/accounts/verify/" in mail.outbox[2].body
    assert "FREE MONEY" not in mail.outbox[2].body
    published_and_answered(Comment.objects.get(user=unverified))
    assert len(mail.outbox) == 3


def test_a_reply_by_a_spammy_name_stays_out_of_the_subject_and_the_mail(article):
    parent = opted_in(article, "pat@example.org")
    reply = make_comment(article, parent=parent, author_name=SPAM_NAME, body="See http://x for FREE MONEY")
    assert notifications.send_author_notices(reply.pk, "submitted") == 1
    [message] = mail.outbox
    assert message.to == ["pat@example.org"]
    assert message.subject == f"{settings.SITE_NAME}: a reply to your comment on “{article.headline}”"
    for typed in ("FREE MONEY", "http://x"):
        assert typed not in message.subject and typed not in message.body


def test_the_daily_cap_per_recipient_stops_the_21st_mail_and_logs_no_address(article, caplog):
    assert settings.NOTIFY_MAX_PER_RECIPIENT_PER_DAY == 20
    parent = opted_in(article, "pat@example.org")
    other = opted_in(article, "sam@example.org")
    with caplog.at_level(logging.INFO):
        for _ in range(21):
            reply = make_comment(article, parent=parent)
            notifications.send_author_notices(reply.pk, "submitted")
    assert len(mail.outbox) == 20
    assert any("dropped" in record.getMessage() for record in caplog.records)
    assert not any("pat@example.org" in record.getMessage() for record in caplog.records)

    notifications.send_author_notices(make_comment(article, parent=other).pk, "submitted")
    assert mail.outbox[-1].to == ["sam@example.org"]  # a cap per address, not for the whole site


def test_ticking_again_within_the_interval_sends_no_second_confirmation(
    client, article, worker_at_once, django_capture_on_commit_callbacks
):
    post(client, article, django_capture_on_commit_callbacks, notify_on_reply="on", body="First.")
    post(client, article, django_capture_on_commit_callbacks, notify_on_reply="on", body="Second.")
    post(Client(), article, django_capture_on_commit_callbacks, confirm_email="on", body="Third, elsewhere.")
    post(
        Client(),
        article,
        django_capture_on_commit_callbacks,
        notify_on_reply="on",
        confirm_email="on",
        author_email="ADA@example.org",
        body="Fourth, shouted.",
    )
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]

    post(client, article, django_capture_on_commit_callbacks, notify_on_reply="on", author_email="bo@example.org")
    assert [m.to for m in mail.outbox] == [["ada@example.org"], ["bo@example.org"]]  # per address
