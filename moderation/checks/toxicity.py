"""Abusive language, scored by the model that ships inside `alt-profanity-check` (offline, nothing downloaded)."""

import re
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


# Someone the words are aimed at: the reader addressed, a person referred to, or a mention.
AIMED_AT_SOMEONE = re.compile(
    r"\b(?:you|your|yours|yourself|you'?re|youre|ur|u|ya|yall|y'all|stfu|he|she|they|him|her|them|he'?s|she'?s"
    r"|they'?re)\b|@\w"
)


class ToxicityCheck(Check):
    """Holds abuse aimed at people; strong language aimed at no one is only noted.

    "This is so fucking good" and "you are a fucking idiot" score alike on the packaged
    model: it measures language, not whom it hurts. A news site keeps insults to readers,
    writers and the people in the news off the page until a person looks, but holding every
    swear word would hold many honest comments (measured in bench/spam.py) and bury the
    abuse in the queue. MODERATION_HOLD_PROFANITY=1 holds both.
    """

    name = "toxicity"
    priority = 3  # abuse on the page hurts readers: look at it first
    note_priority = 1

    def run(self, submission, context):
        score = toxicity_model().probability(submission.plain)
        if score < settings.MODERATION_TOXICITY_THRESHOLD:
            return self.signal(score=score)
        if AIMED_AT_SOMEONE.search(submission.plain) or settings.MODERATION_HOLD_PROFANITY:
            reason = f"abusive language ({score:.2f})"
            return self.signal(score=score, verdict=Status.HELD, reasons=(reason,), priority=self.priority)
        # A note for whoever reads the assessment; it neither holds nor adds to the spam score.
        return self.signal(score=score, reasons=(f"strong language, aimed at no one ({score:.2f})",),
                           priority=self.note_priority)  # fmt: skip
