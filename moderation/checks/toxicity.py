"""Abusive language, scored by the model that ships inside `alt-profanity-check` (offline, nothing downloaded)."""

from functools import lru_cache

import numpy as np
from django.conf import settings

from .base import Check, Status


class ToxicityModel:
    """The packaged calibrated linear SVMs, evaluated directly.

    `profanity_check.predict_prob` goes through scikit-learn's generic calibrated
    ensemble, which costs milliseconds a call; the same arithmetic on the stored
    weights gives the same probabilities in a fraction of that.
    """

    def __init__(self):
        from profanity_check import profanity_check as packaged

        self.vectorizer = packaged.vectorizer
        members = packaged.model.calibrated_classifiers_
        self.weights = np.vstack([m.estimator.coef_.ravel() for m in members]).T.copy()  # (features, members)
        self.intercepts = np.array([m.estimator.intercept_[0] for m in members])
        self.slopes = np.array([m.calibrators[0].a_ for m in members])
        self.offsets = np.array([m.calibrators[0].b_ for m in members])

    def probability(self, text):
        row = self.vectorizer.transform([text])
        decision = row @ self.weights + self.intercepts  # one value per ensemble member
        return float(np.mean(1.0 / (1.0 + np.exp(self.slopes * np.asarray(decision).ravel() + self.offsets))))


@lru_cache(maxsize=1)
def toxicity_model():
    return ToxicityModel()


class ToxicityCheck(Check):
    name = "toxicity"
    priority = 3  # abuse on the page hurts readers: look at it first

    def run(self, submission, context):
        score = toxicity_model().probability(submission.plain)
        if score < settings.MODERATION_TOXICITY_THRESHOLD:
            return self.signal(score=score)
        return self.signal(
            score=score, verdict=Status.HELD, reasons=(f"abusive language ({score:.2f})",), priority=self.priority
        )
