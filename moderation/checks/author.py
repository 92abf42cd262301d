"""Author trust: what became of the author's earlier comments, and whether first comments wait for a person.

Trust is earned, never typed: only a verified account's published comments speak for an author
(weighed by the account's age); a typed address's history can only speak against it. Someone who
types a regular's address without being signed in as them is a first-time author.
"""

import math

from django.conf import settings

from .base import Check, Status


class AuthorCheck(Check):
    name = "author"
    # Log-odds per unit of log((bad + ½) / (published + ½)): one earlier spam speaks about as
    # loudly against a comment as two published comments speak for it.
    history_weight = 1.5
    # Most readers of a news site comment for the first time: being new is noted for the moderator,
    # but adds nothing to the spam score by itself (bench/spam.py: +0.5 held one honest first comment
    # in twenty on the news set). A first comment that carries links still counts (LinksCheck).
    new_author_evidence = 0.0

    def run(self, submission, context):
        record = submission.record(context)
        if record.banned:
            return self.signal(score=1.0, verdict=Status.REJECTED, reasons=("the author is banned",), priority=2)
        if record.is_new:
            verdict = Status.HELD if settings.MODERATION_PREMODERATE_FIRST_COMMENT else None
            return self.signal(
                score=0.5, verdict=verdict, reasons=("first comment by this author",), evidence=self.new_author_evidence
            )
        trusted = record.published * record.maturity
        evidence = self.history_weight * math.log((record.bad + 0.5) / (trusted + 0.5))
        reasons = ()
        if record.bad:
            reasons = (
                f"author has {record.bad} earlier comment{'s' if record.bad > 1 else ''} filed as spam or rejected",
            )
        score = record.bad / (record.bad + record.published)
        return self.signal(score=score, evidence=evidence, reasons=reasons)
