"""Two Celery workers and, by mistake, two beat schedulers: no comment decided twice, no e-mail sent twice, and
the sweeper's re-enqueues harmless.

Both beats run the sweeper every second on comments a second old, and the workers start only once
a few sweeps have queued up, so every comment is sent to the workers several times over (by the
posting hand-off and by each beat's sweeps) and the two workers check the same comment at once.
The workers write their e-mails to files (`EMAIL_URL=filemail://`), which the test reads back: a
reply's author is told once per reply, a held comment's author once when a moderator publishes
it, even when the notification task itself is delivered twice.
"""

import email
import email.policy
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from comments.models import Comment
from moderation import intake, services
from moderation.models import Assessment, Decision, Rule
from moderation.tasks import notify_authors
from tests.factories import make_article, make_comment, make_user
from tests.services import wait_for

from .conftest import all_decided

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
Status = Comment.Status
SEPARATOR = "\n" + "-" * 79 + "\n"  # between messages in Django's file e-mail backend
TOPICS = [
    "the library opening hours",
    "the new cycle lane on Mill Road",
    "the school meals contract",
    "flooding under the railway bridge",
    "the market square fountain",
    "parking charges at the station",
    "the allotment waiting list",
    "bus shelters on the ring road",
    "the swimming pool repairs",
    "street lights in the old town",
    "the recycling collection days",
    "the museum's new wing",
]


def mails_in(directory):
    messages = []
    for path in Path(directory).glob("*"):
        for chunk in path.read_text().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_string(chunk, policy=email.policy.default))
    return messages


def about(message):
    """(recipient, kind, comment id) of one notification."""
    body = message.get_content()
    kind = "reply" if "a reply to your comment" in message["Subject"] else "published"
    return message["To"], kind, int(re.search(r"/comments/(\d+)/", body).group(1))


def test_two_workers_and_two_beats_decide_each_comment_once_and_send_each_email_once(processes, redis_server):
    mail_dir = tempfile.mkdtemp(prefix="test-mail-")
    env = {
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "MODERATION_SWEEP_SECONDS": "1",
        "MODERATION_SWEEP_INTERVAL_SECONDS": "1",
        "NOTIFY_MAX_PER_RECIPIENT_PER_DAY": "1000",
    }
    article = make_article()
    parent = make_comment(
        article, author_email="parent@example.org", notify_on_reply=True, email_verified_at=timezone.now()
    )
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="referendum", action=Rule.Action.HOLD)
    beats = [processes.beat(redis_server, env) for _ in range(2)]

    replies = []
    for n, topic in enumerate(TOPICS):
        reply = make_comment(
            article, parent=parent, status=Status.SUBMITTED, author_email=f"replier{n}@example.org",
            body=f"Replying about {topic}: I went to the meeting and wrote down what was said.",
        )  # fmt: skip
        if n % 2:
            intake.comment_submitted(reply)  # the rest only the beats' sweeps hand over
        replies.append(reply.pk)
    held = []
    for n in range(4):
        comment = make_comment(
            article, status=Status.SUBMITTED, author_email=f"voter{n}@example.org", notify_on_reply=True,
            email_verified_at=timezone.now(), body=f"On the referendum, question {n}: who counts the postal votes?",
        )  # fmt: skip
        intake.comment_submitted(comment)
        held.append(comment.pk)
    everyone = replies + held
    # The workers start after a few sweeps of each beat have queued up, each naming every comment.
    wait_for(lambda: all(beat.log().count("sweep-unchecked-comments") >= 2 for beat in beats), timeout=30)
    workers = processes.workers(redis_server, ["worker1", "worker2"], env)
    all_decided(everyone, timeout=90)
    assert set(Comment.objects.filter(pk__in=held).values_list("status", flat=True)) == {Status.HELD}

    moderator = make_user(is_staff=True)
    for pk in held:
        services.decide(pk, Status.PUBLISHED, action="approve", actor=moderator, expected_from=[Status.HELD])
    published = Comment.objects.filter(pk__in=replies, status=Status.PUBLISHED)
    published_replies = list(published.values_list("pk", flat=True))
    for pk in published_replies:
        notify_authors.delay(pk, Status.SUBMITTED)  # the same notification delivered a second time
    expected = {("parent@example.org", "reply", pk) for pk in published_replies} | {
        (f"voter{n}@example.org", "published", pk) for n, pk in enumerate(held)
    }
    wait_for(lambda: len(mails_in(mail_dir)) >= len(expected), timeout=60, message="the e-mails")

    def sweeps():
        return sum(worker.log().count("Task moderation.tasks.sweep_submitted[") for worker in workers)

    after = sweeps()
    wait_for(lambda: sweeps() >= after + 8, timeout=30, message="more sweeps, which might send something twice")

    sent = [about(message) for message in mails_in(mail_dir)]
    assert sorted(sent) == sorted(expected)  # each once, none twice
    for pk in everyone:
        assert Decision.objects.filter(comment_id=pk, actor=None).count() == 1
        assert Assessment.objects.get(comment_id=pk).attempts == 1
    deliveries = [worker.log().count("Task moderation.tasks.check_comment[") // 2 for worker in workers]
    assert sum(deliveries) >= 2 * len(everyone)  # each comment was handed to the workers several times
    assert all(deliveries)  # and both workers took part
    assert all("Sending due task sweep-unchecked-comments" in beat.log() for beat in beats)
