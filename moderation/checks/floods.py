"""Floods: the same text over and over or from many readers, and bursts from one address or network."""

import ipaddress
import time

from django.conf import settings

from .base import Check, Status


class RepeatsCheck(Check):
    """Near-identical bodies (same letters once case, spacing, digits and link paths are ignored)."""

    name = "repeats"
    evidence_per_author = 1.2
    evidence_per_repeat = 0.8

    def run(self, submission, context):
        fingerprint, letters = submission.fingerprint
        if letters < settings.MODERATION_REPEAT_MIN_LETTERS:
            return self.signal()  # "nice song" from many readers is not a campaign
        window = settings.MODERATION_REPEAT_WINDOW_SECONDS
        member = submission.comment_id or id(submission)
        times, authors = context.tally_many(
            (f"repeat:{fingerprint}", member, window),
            (f"repeat-authors:{fingerprint}", submission.author_key, window),
        )
        if times <= 1:
            return self.signal(score=0.0)
        reasons = [f"same text posted {times} times"]
        evidence = self.evidence_per_repeat * min(times - 1, 4)
        if authors > 1:
            reasons.append(f"same text from {authors} authors")
            evidence += self.evidence_per_author * min(authors - 1, 4)
        verdict = Status.HELD if times > settings.MODERATION_REPEAT_LIMIT else None
        return self.signal(score=min(1.0, times / (settings.MODERATION_REPEAT_LIMIT + 1)), verdict=verdict,
                           reasons=tuple(reasons), evidence=evidence, priority=2)  # fmt: skip


class BurstCheck(Check):
    """Many comments from one IP address, or one network (/24, /64), within a short window."""

    name = "bursts"

    def applies(self, submission, context):
        return bool(submission.ip_address)

    def run(self, submission, context):
        try:
            address = ipaddress.ip_address(submission.ip_address)
        except ValueError:
            return self.signal()
        window = settings.MODERATION_BURST_WINDOW_SECONDS
        bucket = int(time.time() // window)
        prefix = 24 if address.version == 4 else 64
        network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
        member = submission.comment_id or id(submission)
        from_address, from_network = context.tally_many(
            (f"burst-ip:{address}:{bucket}", member, window),
            (f"burst-net:{network}:{bucket}", member, window),
        )
        reasons = []
        if from_address > settings.MODERATION_BURST_LIMIT:
            reasons.append(f"burst: {from_address} comments from one address in {window} s")
        if from_network > settings.MODERATION_NETWORK_BURST_LIMIT:
            reasons.append(f"burst: {from_network} comments from one network in {window} s")
        if not reasons:
            return self.signal(score=0.0)
        return self.signal(score=1.0, verdict=Status.HELD, reasons=tuple(reasons), evidence=1.0, priority=2)
