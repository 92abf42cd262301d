"""The spam classifier: learns from labelled examples, round-trips through storage, reloads on a new version."""

import math

import pytest

from moderation import classifier
from moderation.checks import Submission
from moderation.checks.classifier import ClassifierCheck
from moderation.models import ClassifierState, TrainingExample

from .contexts import GivenContext

SPAM = [
    "Buy cheap watches now at http://watches.example.com best prices",
    "Cheap watches sale, click http://watches.example.com today",
    "Earn money from home, visit http://money.example.net now",
    "Subscribe to my channel for free money and prizes",
    "Free prizes! click here http://prizes.example.org",
    "check out my channel and subscribe please",
]
HAM = [
    "The council should publish the budget before the vote.",
    "I walked past the new library yesterday, it looks great.",
    "Thanks for the clear explanation of the rail strike.",
    "My grandmother remembers the old market square fondly.",
    "The match report misses the second-half substitution.",
    "Good piece, though the figures for 2019 look off.",
]


def fitted():
    rows = classifier.features([classifier.document(body) for body in SPAM + HAM])
    return classifier.SpamModel.fit(rows, [True] * len(SPAM) + [False] * len(HAM))


def test_a_model_needs_both_kinds_of_example():
    rows = classifier.features([classifier.document(body) for body in SPAM])
    assert classifier.SpamModel.fit(rows, [True] * len(SPAM)) is None


def test_the_model_scores_spam_above_a_clean_comment():
    model = fitted()
    spam = model.probability("cheap watches, click http://watches.example.com")
    ham = model.probability("The council budget vote was postponed again.")
    assert spam > 0.5 > ham


def test_stored_weights_score_exactly_as_the_fitted_model():
    model = fitted()
    again = classifier.SpamModel.loads(model.dumps())
    body = "free prizes on my channel"
    assert again.probability(body) == pytest.approx(model.probability(body), abs=1e-6)


def test_the_classifier_check_reports_the_probability_as_evidence():
    signal = ClassifierCheck().run(
        Submission(body="cheap watches http://watches.example.com"), GivenContext(model=fitted())
    )
    assert signal.score > 0.5 and signal.evidence > 0


@pytest.mark.django_db
def test_a_refit_stores_a_new_version_that_workers_reload():
    TrainingExample.objects.bulk_create(
        [TrainingExample(body=body, is_spam=True) for body in SPAM]
        + [TrainingExample(body=body, is_spam=False) for body in HAM]
    )
    assert classifier.current_model() is None
    first = classifier.refit()
    assert classifier.current_model().version == first.version == 1
    TrainingExample.objects.create(body="Win a free phone at http://phone.example.com", is_spam=True)
    classifier.refit()
    assert classifier.current_model().version == 2
    assert ClassifierState.objects.get().examples_seen == len(SPAM) + len(HAM) + 1


def test_self_promotion_phrases_are_features_of_their_own():
    tokens = classifier.analyze(classifier.document("Check out my channel and subscribe!"))
    assert {"promotion:check out", "promotion:my channel", "promotion:subscribe"} <= set(tokens)
    assert "promotion:count:3" in tokens
    assert "promotion:count:0" in classifier.analyze(classifier.document("The bypass opens in May."))


def test_scoring_one_comment_matches_the_vectorizer_the_model_was_fitted_on():
    model = fitted()
    for body in SPAM + HAM + ["", "ｖｉａｇｒａ ünïcödé 😀 http://x.example/a"]:
        margin = float(model.margins(classifier.features([classifier.document(body)]))[0])
        expected = 1 / (1 + math.exp(-model.scale * (margin - model.offset)))
        assert model.probability(body) == pytest.approx(expected, abs=1e-6)
