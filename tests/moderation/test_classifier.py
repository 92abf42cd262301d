"""The spam classifier: learns from labelled examples, round-trips through storage, reloads on a new version."""

import math
from pathlib import Path

import pytest

from moderation import classifier
from moderation.checks import Submission
from moderation.checks.classifier import ClassifierCheck
from moderation.context import LiveContext
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
    assert classifier.site_model() is None
    first = classifier.refit()
    assert classifier.site_model().version == first.version == 1
    TrainingExample.objects.create(body="Win a free phone at http://phone.example.com", is_spam=True)
    classifier.refit()
    assert classifier.site_model().version == 2
    assert ClassifierState.objects.get().examples_seen == len(SPAM) + len(HAM) + 1


def test_scoring_one_comment_matches_the_vectorizer_the_model_was_fitted_on():
    model = fitted()
    for body in SPAM + HAM + ["", "ｖｉａｇｒａ ünïcödé 😀 http://x.example/a"]:
        margin = float(model.margins(classifier.features([classifier.document(body)]))[0])
        expected = 1 / (1 + math.exp(-model.scale * (margin - model.offset)))
        assert model.probability(body) == pytest.approx(expected, abs=1e-6)


def test_the_shipped_base_model_loads_from_the_repository_and_scores_alone(settings, tmp_path):
    # Only the model file: no training data anywhere on the path.
    settings.MODERATION_BASE_MODEL_PATH = str(Path(classifier.__file__).parent / "data" / "spam-base.npz")
    classifier.load_base_model.cache_clear()
    base = classifier.base_model()
    assert base is not None and base.examples > 1000
    assert base.probability("CLICK HERE to earn $5000 a week from home http://money-fast.example") > 0.9
    assert base.probability("The council should have published the consultation before the vote.") < 0.5


def test_a_missing_base_model_file_means_no_base_model(settings, tmp_path):
    settings.MODERATION_BASE_MODEL_PATH = str(tmp_path / "absent.npz")
    classifier.load_base_model.cache_clear()
    assert classifier.base_model() is None
    (tmp_path / "corrupt.npz").write_bytes(b"not a model")
    settings.MODERATION_BASE_MODEL_PATH = str(tmp_path / "corrupt.npz")
    assert classifier.base_model() is None


def test_the_site_model_takes_over_from_the_base_model_as_decisions_accumulate():
    base, site = fitted(), fitted()
    site.examples = 50
    blended = classifier.blend(site, base, takeover_examples=150, temper=0.5)
    assert blended.weight == pytest.approx(0.25)
    site.examples = 10_000
    assert classifier.blend(site, base, takeover_examples=150).weight > 0.98
    assert classifier.blend(site, base, takeover_examples=0) is site
    assert classifier.blend(None, None) is None


def test_the_base_model_alone_is_tempered_towards_even_odds():
    base = fitted()
    body = SPAM[0]
    alone = classifier.blend(None, base, temper=0.5).probability(body)
    full = base.probability(body)
    assert 0.5 < alone < full


def test_platt_scaling_fits_a_positive_slope_on_enough_examples(settings):
    settings.MODERATION_CALIBRATION_MIN_EXAMPLES = 3
    settings.MODERATION_CALIBRATION_FOLDS = 3
    model = fitted()
    assert model.scale > 0
    assert (model.scale, model.offset) != (classifier.SpamModel.scale, classifier.SpamModel.offset)
    again = classifier.SpamModel.loads(model.dumps())
    assert (again.scale, again.offset) == pytest.approx((model.scale, model.offset))


def test_general_spam_cues_are_features_of_their_own():
    tokens = set(
        classifier.analyze(
            classifier.document("WhatsApp me +44 7700 900123 or deals@spam.example, earn $500 a day: bit.ly/x")
        )
    )
    assert {"cue:phone-number", "cue:email-address", "cue:shortener", "cue:contact:whatsapp"} <= tokens
    assert {"cue:money:earn", "cue:money:$5", "cue:money:a day"} <= tokens
    honest = set(classifier.analyze(classifier.document("The bypass opens in May, says the council.")))
    assert not {"cue:phone-number", "cue:email-address", "cue:shortener"} & honest
    assert "cue:reference-link" in classifier.analyze(classifier.document("Papers: https://www.legislation.gov.uk/x"))


@pytest.mark.django_db
def test_an_unreadable_stored_model_falls_back_to_the_shipped_one_and_holds_with_the_reason():
    ClassifierState.objects.create(name=classifier.STATE_NAME, version=3, payload=b"\x00truncated", examples_seen=9)
    model = classifier.current_model()
    assert model.problem == "the site's spam model (version 3) cannot be read"
    signal = ClassifierCheck().run(Submission(body="Thanks for the clear report on the rail strike."), LiveContext())
    assert signal.verdict == "held"
    assert signal.reasons == ("the site's spam model (version 3) cannot be read: scored by the shipped model only",)


@pytest.mark.django_db
def test_an_unreadable_stored_model_without_a_shipped_one_fails_the_check(settings):
    settings.MODERATION_BASE_MODEL_PATH = ""
    ClassifierState.objects.create(name=classifier.STATE_NAME, version=4, payload=b"garbage", examples_seen=9)
    with pytest.raises(classifier.StoredModelUnreadable):
        classifier.current_model()


@pytest.mark.django_db
def test_an_unreadable_stored_model_is_read_once_per_version_not_once_per_comment(django_assert_num_queries):
    ClassifierState.objects.create(name=classifier.STATE_NAME, version=5, payload=b"\x00broken", examples_seen=9)
    classifier.current_model()
    with django_assert_num_queries(1):  # the version stamp only; the broken payload is not fetched again
        assert classifier.current_model().problem == "the site's spam model (version 5) cannot be read"
