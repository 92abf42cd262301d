"""Links: how many, to where; a first comment that carries links is how most link spam arrives."""

from django.conf import settings

from .. import text
from .base import Check, Status


class LinksCheck(Check):
    name = "links"
    # Calibrated on the benchmark replay (bench/spam.py); the classifier also learns link domains.
    evidence_per_link = 0.3
    first_comment_evidence = 0.5

    def run(self, submission, context):
        count = len(submission.links)
        if not count:
            return self.signal(score=0.0)
        noun = "link" if count == 1 else "links"
        domains = submission.domains
        reasons = [f"{count} {noun}" + (f" ({', '.join(domains[:3])})" if domains else "")]
        # A reader citing the council's papers or a court's judgment is not selling anything.
        suspect = count - sum(1 for link in submission.links if text.is_reference_domain(text.domain_of(link)))
        evidence = self.evidence_per_link * min(suspect, 5)
        if suspect and submission.record(context).is_new:
            evidence += self.first_comment_evidence
            reasons.append(f"{noun} in a first comment")
        verdict = Status.HELD if count > settings.MODERATION_MAX_LINKS else None
        return self.signal(score=min(1.0, count / (settings.MODERATION_MAX_LINKS + 1)), verdict=verdict,
                           reasons=tuple(reasons), evidence=evidence, priority=1)  # fmt: skip
