"""Which recent comments a rule would have matched: shown to the moderator who writes or edits it.

The preview matches exactly as the rules check does (the same RuleSet, the same normalised text),
so what the moderator sees here is what the pipeline will do. It is bounded twice: each pattern
search by the rules' own time limit, and the whole preview by MODERATION_RULE_PREVIEW_SECONDS
(it then says how many comments it looked at).
"""

import time
from dataclasses import dataclass, field

from django.conf import settings

from comments.models import Comment

from ..checks.base import Submission
from ..checks.rules import RuleSet

PREVIEW_FIELDS = ("id", "body", "author_name", "author_email", "ip_address", "status", "created_at")


@dataclass
class Preview:
    rows: list = field(default_factory=list)  # the newest matches, at most MODERATION_RULE_PREVIEW_LIMIT
    looked_at: int = 0
    total: int = 0
    timed_out: int = 0  # comments on which the pattern ran out of time
    stopped_early: bool = False  # the time budget ended the preview before the sample did


def recent_matches(rule, sample=None, limit=None, budget_seconds=None):
    """What this rule would have caught among the latest comments, newest first."""
    sample = sample or settings.MODERATION_RULE_PREVIEW_COMMENTS
    limit = limit or settings.MODERATION_RULE_PREVIEW_LIMIT
    deadline = time.monotonic() + (budget_seconds or settings.MODERATION_RULE_PREVIEW_SECONDS)
    ruleset = RuleSet.build([rule])
    preview = Preview()
    rows = Comment.objects.order_by("-id").values(*PREVIEW_FIELDS, "article__headline")[:sample]
    for row in rows.iterator(chunk_size=200):
        if time.monotonic() > deadline:
            preview.stopped_early = True
            break
        preview.looked_at += 1
        submission = Submission(
            body=row["body"],
            author_name=row["author_name"],
            author_email=row["author_email"],
            ip_address=row["ip_address"],
        )
        matches = ruleset.matches(submission)
        if any(match.timed_out for match in matches):
            preview.timed_out += 1
        elif matches:
            preview.total += 1
            if len(preview.rows) < limit:
                preview.rows.append(row)
    return preview
