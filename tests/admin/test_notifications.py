"""E-mail: moderators hear of reported comments and a long held queue (batched, once); authors who opted in
(and proved their address: tests/security/test_mail_relay.py) hear that their comment was published or answered,
with a signed unsubscribe link. Django's locmem backend."""

import json

import redis
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation import notifications, services
from tests.factories import make_comment

from .conftest import make_held

Status = Comment.Status


def decided(capture, comment, to_status, **kwargs):
    with capture(execute=True):  # the signal is sent after commit
        return services.decide(comment, to_status, **{"action": "check", **kwargs})


def queued_tasks(redis_server, name):
    client = redis.Redis.from_url(redis_server.url)
    messages = [json.loads(raw) for raw in client.lrange("notifications", 0, -1)]
    return [m for m in messages if m["headers"]["task"] == name]


def test_an_author_who_opted_in_hears_once_that_the_held_comment_is_published(
    article, mailoutbox, eager, django_capture_on_commit_callbacks
):
    comment = make_held(article, notify_on_reply=True, author_email="amy@example.org", email_verified_at=timezone.now())
    decided(django_capture_on_commit_callbacks, comment, Status.PUBLISHED)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["amy@example.org"]
    assert article.headline in mail.subject
    assert f"/comments/{comment.pk}/" in mail.body
    token = notifications.unsubscribe_token(comment.pk)
    assert reverse("moderation:unsubscribe", args=[token]) in mail.body
    assert mail.extra_headers["List-Unsubscribe"].startswith("<http")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notifications.send_author_notices(comment.pk, "held")  # the same task delivered again
    assert len(mailoutbox) == 1


def test_no_email_without_the_opt_in_nor_for_a_comment_published_straight_away(
    article, mailoutbox, eager, django_capture_on_commit_callbacks
):
    decided(django_capture_on_commit_callbacks, make_held(article), Status.PUBLISHED)
    fresh = make_comment(article, status=Status.SUBMITTED, notify_on_reply=True, email_verified_at=timezone.now())
    decided(django_capture_on_commit_callbacks, fresh, Status.PUBLISHED)
    assert mailoutbox == []


def test_an_author_who_opted_in_hears_once_when_answered_but_not_by_themselves(
    article, mailoutbox, eager, django_capture_on_commit_callbacks
):
    proven = timezone.now()
    parent = make_comment(
        article, notify_on_reply=True, author_email="pat@example.org", author_name="Pat", email_verified_at=proven
    )
    reply = make_comment(article, status=Status.SUBMITTED, parent=parent, author_name="Quinn")
    decided(django_capture_on_commit_callbacks, reply, Status.PUBLISHED)
    own = make_comment(article, status=Status.SUBMITTED, parent=parent, author_email="PAT@example.org")
    decided(django_capture_on_commit_callbacks, own, Status.PUBLISHED)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["pat@example.org"], f"{settings.SITE_NAME}: a reply to your comment on “{article.headline}”")
    ]
    notifications.send_author_notices(reply.pk, "submitted")
    assert len(mailoutbox) == 1


def test_the_signed_unsubscribe_link_asks_then_stops_every_email_to_that_address(client, article):
    comment = make_comment(article, notify_on_reply=True, author_email="amy@example.org")
    other = make_comment(article, notify_on_reply=True, author_email="AMY@example.org")
    url = reverse("moderation:unsubscribe", args=[notifications.unsubscribe_token(comment.pk)])
    assert b"Stop these e-mails" in client.get(url).content
    assert Comment.objects.get(pk=comment.pk).notify_on_reply  # a link scanner's GET changes nothing
    assert client.post(url).status_code == 200
    assert not Comment.objects.filter(pk__in=[comment.pk, other.pk], notify_on_reply=True).exists()


def test_a_mail_programs_one_click_post_unsubscribes_without_cookie_or_csrf_token(article):
    comment = make_comment(article, notify_on_reply=True, author_email="amy@example.org")
    url = reverse("moderation:unsubscribe", args=[notifications.unsubscribe_token(comment.pk)])
    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the List-Unsubscribe address.
    assert Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Comment.objects.get(pk=comment.pk).notify_on_reply


def test_an_altered_unsubscribe_link_is_refused(client, article):
    comment = make_comment(article, notify_on_reply=True)
    token = notifications.unsubscribe_token(comment.pk)
    forged = str(comment.pk + 1) + token[len(str(comment.pk)) :]
    assert client.post(reverse("moderation:unsubscribe", args=[forged])).status_code == 404
    assert Comment.objects.get(pk=comment.pk).notify_on_reply


def test_reported_comments_are_alerted_in_one_batched_email_sent_once(
    article, moderator, second_moderator, staff, mailoutbox, redis_server, django_capture_on_commit_callbacks
):
    comments = [make_comment(article, report_count=3) for _ in range(3)]
    for comment in comments:
        decided(django_capture_on_commit_callbacks, comment, Status.HELD, action="reported", reasons=["3 reports"])
    # Three comments taken down in one window: one alert scheduled on the notifications queue.
    assert len(queued_tasks(redis_server, "moderation.tasks.alert_reported_comments")) == 1

    assert notifications.send_reported_alert() == 3
    assert notifications.send_reported_alert() == 0  # redelivered: nothing new to say
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == ["mod2@newsite.test", "mod@newsite.test"]  # moderators only, not the editor
    assert mail.subject == "3 comments taken down by readers' reports"
    assert all(f"#{c.pk} by {c.author_name}" in mail.body for c in comments)
    assert "?queue=reported" in mail.body


def test_the_held_queue_alert_is_sent_once_per_crossing_of_the_setting(
    article, moderator, mailoutbox, settings, redis_server, django_capture_on_commit_callbacks
):
    settings.MODERATION_HELD_ALERT_SIZE = 2
    held = [make_held(article) for _ in range(3)]
    decided(django_capture_on_commit_callbacks, make_comment(article, status=Status.SUBMITTED), Status.HELD)
    assert len(queued_tasks(redis_server, "moderation.tasks.alert_held_queue")) == 1
    assert notifications.send_held_queue_alert() == 1
    assert notifications.send_held_queue_alert() == 0
    assert mailoutbox[0].subject == "4 comments are waiting for a moderator"
    for comment in held:
        services.decide(comment, Status.PUBLISHED, action="approve")
    assert notifications.send_held_queue_alert() == 0  # back under: re-armed
    make_held(article), make_held(article)
    assert notifications.send_held_queue_alert() == 1
    assert len(mailoutbox) == 2
