"""Learning from moderators: every decision is an example, and a burst of decisions is one refit."""

from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from comments.models import Comment
from moderation import classifier, learning, services
from moderation.models import ClassifierState, TrainingExample
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def queued_refits(redis_server):
    """Messages waiting on the `learning` queue in the real broker (kombu keeps a queue as a Redis list)."""
    return redis.Redis.from_url(redis_server.url).llen("learning")


def decide_many_held(count, to_status):
    moderator, article = make_user(), make_article()
    decisions = []
    for index in range(count):
        comment = make_comment(article, status=Status.HELD, body=f"Comment number {index} about the bypass plans")
        decisions.append(
            services.decide(comment, to_status, action="approve", actor=moderator, expected_from=[Status.HELD])
        )
    return decisions


def test_a_burst_of_fifty_decisions_schedules_one_refit(redis_server, settings):
    settings.MODERATION_CLASSIFIER_REFIT_SECONDS = 60
    decisions = decide_many_held(50, Status.PUBLISHED)
    for decision in decisions:
        learning.learn(decision.pk)
    assert TrainingExample.objects.count() == 50
    assert queued_refits(redis_server) == 1
    assert not ClassifierState.objects.exists()  # nothing refitted inside the decisions themselves


def test_a_decision_after_the_refit_started_schedules_the_next_one(redis_server, settings):
    settings.MODERATION_CLASSIFIER_REFIT_SECONDS = 60
    first, second = decide_many_held(2, Status.PUBLISHED)
    learning.learn(first.pk)
    learning.refit_now()  # the scheduled task starts: only not-spam so far, so nothing to fit
    learning.learn(second.pk)
    assert queued_refits(redis_server) == 2


def learn_published_and_one_spam(published):
    """Moderators publish `published` comments and file one as spam; each decision is learned."""
    decisions = decide_many_held(published, Status.PUBLISHED)
    spam = make_comment(make_article(), status=Status.HELD, body="Cheap pills at http://rx.example/buy now")
    decisions.append(services.decide(spam, Status.SPAM, action="spam", actor=make_user(), expected_from=[Status.HELD]))
    for decision in decisions:
        learning.learn(decision.pk)


def test_the_refit_fits_every_example_learned_before_it(redis_server):
    learn_published_and_one_spam(3)
    state = learning.refit_now()
    assert state.version == 1 and state.examples_seen == 4


def test_a_refit_that_read_its_examples_before_the_stored_one_does_not_replace_it(redis_server):
    learn_published_and_one_spam(2)
    stored = classifier.refit()
    ClassifierState.objects.filter(pk=stored.pk).update(updated_at=timezone.now() + timedelta(minutes=1))
    assert classifier.refit().version == stored.version == 1
