"""The "e-mail me" box cannot make the site mail a stranger: subjects carry the site name and the headline,
never a commenter's name, and one address gets at most NOTIFY_MAX_PER_RECIPIENT_PER_DAY a day.
Django's locmem backend.
"""

import logging

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from moderation import notifications
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db
SPAM_NAME = "FREE MONEY http://x"


@pytest.fixture
def article(db):
    return make_article(headline="Harbour flood defences approved", slug="harbour-flood")


def opted_in(article, address):
    """A published comment whose author ticked the box and proved the address."""
    return make_comment(article, notify_on_reply=True, author_email=address, email_verified_at=timezone.now())


def test_a_reply_by_a_spammy_name_stays_out_of_the_subject_and_the_mail(article):
    parent = opted_in(article, "pat@example.org")
    reply = make_comment(article, parent=parent, author_name=SPAM_NAME, body="See http://x for FREE MONEY")
    assert notifications.notify_authors(reply.pk, "submitted") == 1
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
            notifications.notify_authors(reply.pk, "submitted")
    assert len(mail.outbox) == 20
    assert any("dropped" in record.getMessage() for record in caplog.records)
    assert not any("pat@example.org" in record.getMessage() for record in caplog.records)

    notifications.notify_authors(make_comment(article, parent=other).pk, "submitted")
    assert mail.outbox[-1].to == ["sam@example.org"]  # a cap per address, not for the whole site
