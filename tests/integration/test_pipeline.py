"""The pipeline end to end: the real Redis broker, a real Celery worker, the database the site uses."""

import pytest

from comments.models import Comment
from moderation import classifier, intake, services
from moderation.models import Assessment, ClassifierState, Decision, Rule, TrainingExample
from moderation.tasks import check_comment, sweep_submitted
from tests.factories import make_article, make_comment, make_user
from tests.services import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
Status = Comment.Status
# The site's own model counts in full as soon as it exists (no blending with the shipped base
# model), so one moderator decision visibly changes the next verdict.
CELERY_WORKER_ENV = {"MODERATION_BASE_MODEL_EXAMPLES": "0"}


def post(article=None, **fields):
    """What the posting form does: save the comment as submitted, then hand it to moderation."""
    comment = make_comment(article=article, status=Status.SUBMITTED, **fields)
    intake.comment_submitted(comment)
    return comment


def decided(comment, timeout=60):
    def status():
        current = Comment.objects.get(pk=comment.pk).status
        return current if current != Status.SUBMITTED else None

    return wait_for(status, timeout=timeout, message=f"the worker to decide comment {comment.pk}")


def test_a_clean_comment_is_published_by_the_worker(celery_worker):
    comment = post(body="Thank you for a careful report on the school closures.")
    assert decided(comment) == Status.PUBLISHED
    assert Decision.objects.get(comment=comment).actor is None


def test_a_blocked_word_is_rejected_by_the_worker(celery_worker):
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="viagra", action=Rule.Action.REJECT)
    comment = post(body="Cheap ｖｉａｇｒａ here")
    assert decided(comment) == Status.REJECTED
    assert Decision.objects.get(comment=comment).reasons == ["blocked word: “viagra”"]


def test_link_spam_is_kept_off_the_page_with_reasons(celery_worker):
    body = "Best deals " + " ".join(f"http://deal{n}.shop.example/cheap" for n in range(5))
    comment = post(body=body)
    assert decided(comment) in (Status.HELD, Status.SPAM)
    reasons = Assessment.objects.get(comment=comment).reasons
    assert reasons[0].startswith("5 links (")
    assert "links in a first comment" in reasons


SEED_SPAM = [
    "Cheap watches on sale, click http://watches.example.com",
    "Earn money from home fast, visit http://money.example.net",
    "Free prizes for everyone at http://prizes.example.org",
    "Subscribe to my channel and win free gift cards",
]
SEED_HAM = [
    "The council should publish the budget before the vote.",
    "I walked past the new library yesterday and it looks great.",
    "Thanks for explaining the rail timetable changes so clearly.",
    "The match report misses the second-half substitution.",
]


def test_a_moderator_decision_trains_the_model_and_changes_the_next_verdict(celery_worker):
    TrainingExample.objects.bulk_create(
        [TrainingExample(body=body, is_spam=True) for body in SEED_SPAM]
        + [TrainingExample(body=body, is_spam=False) for body in SEED_HAM]
    )
    classifier.refit()
    article = make_article()
    first = post(article, body="Handmade wooden toys sold at my market stall every Saturday morning")
    assert decided(first) == Status.PUBLISHED

    services.decide(
        first, Status.SPAM, action="spam", actor=make_user(), reasons=["advertising"], expected_from=[Status.PUBLISHED]
    )
    wait_for(lambda: ClassifierState.objects.get().version == 2, timeout=60, message="the worker to learn the decision")
    assert TrainingExample.objects.get(comment=first).is_spam

    similar = post(article, body="Handmade wooden toys at my market stall, every Saturday")
    assert decided(similar) in (Status.HELD, Status.SPAM)
    scores = {
        comment.pk: next(s["score"] for s in comment.assessment.signals if s["name"] == "classifier")
        for comment in Comment.objects.filter(pk__in=[first.pk, similar.pk]).select_related("assessment")
    }
    assert scores[similar.pk] > scores[first.pk]
    assert any(reason.startswith("spam score") for reason in Assessment.objects.get(comment=similar).reasons)


def worker_reconnected(worker):
    """Wait for the worker to reconnect to the broker, or start it again if the outage killed it.

    kombu 5.7's Redis transport can crash the worker while it restores unacknowledged
    messages over the dead connection ("Unrecoverable error: AttributeError"); in
    production the process supervisor restarts it, as this does.
    """

    def settled():
        log = worker.log()
        if "Unrecoverable error" in log:
            return "dead" if worker.process.poll() is not None else None
        return "alive" if log.count("Connected to redis") >= 2 else None

    if wait_for(settled, timeout=60, interval=0.2, message="the worker to reconnect or exit") == "dead":
        worker.start()


def test_a_comment_posted_while_redis_is_down_is_kept_and_checked_after_the_sweep(
    celery_worker, redis_server, settings
):
    redis_server.stop()
    comment = post(body="Posted during the outage, about the bus timetable.")
    assert Comment.objects.get(pk=comment.pk).status == Status.SUBMITTED
    redis_server.start()
    worker_reconnected(celery_worker)

    settings.MODERATION_SWEEP_SECONDS = 0
    assert sweep_submitted() == 1
    assert decided(comment) == Status.PUBLISHED


def test_the_same_task_delivered_twice_decides_once(celery_worker):
    comment = make_comment(status=Status.SUBMITTED, body="Delivered twice, decided once, about the new bridge.")
    check_comment.delay(comment.pk)
    check_comment.delay(comment.pk)
    assert decided(comment) == Status.PUBLISHED

    def both_done():
        log = celery_worker.log()
        return log.count("moderation.tasks.check_comment[") >= 2 and log.count("succeeded") >= 2

    wait_for(both_done, timeout=60, message="both deliveries to finish")
    assert Decision.objects.filter(comment=comment).count() == 1
    assert Assessment.objects.get(comment=comment).attempts == 1
