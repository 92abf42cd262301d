"""The learned spam score: what this site's moderators would most likely say."""

from django.conf import settings

from .base import Check, Status, logit


class ClassifierCheck(Check):
    name = "classifier"

    def run(self, submission, context):
        model = context.spam_model()
        if model is None:
            return self.signal()  # cold start: nothing learned yet, the other checks decide
        probability = model.probability(submission.body, submission.domains)
        # Relative to the prior the policy starts from, so on its own it yields `probability`.
        evidence = logit(probability) - logit(settings.MODERATION_SPAM_PRIOR)
        problem = getattr(model, "problem", None)
        if problem:
            # Without what this site's moderators taught, nothing is published on the checks' word alone.
            reason = f"{problem}: scored by the shipped model only"
            return self.signal(score=probability, evidence=evidence, verdict=Status.HELD, reasons=(reason,), priority=1)
        return self.signal(score=probability, evidence=evidence, priority=1)
