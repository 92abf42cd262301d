"""Which recent comments a rule would have matched: shown to the moderator who writes or edits it.

The preview matches exactly as the rules check does (the same RuleSet, the same normalised text),
so what the moderator sees here is what the pipeline will do.
"""

from django.conf import settings

from comments.models import Comment


def recent_matches(rule, sample=None, limit=None):
    """(first matches, comments looked at, matches in all): what this rule would have caught, newest first."""
    from ..checks.base import Submission
    from ..checks.rules import RuleSet

    sample = sample or settings.MODERATION_RULE_PREVIEW_COMMENTS
    limit = limit or settings.MODERATION_RULE_PREVIEW_LIMIT
    ruleset = RuleSet.build([rule])
    rows = list(
        Comment.objects.order_by("-id").values(
            "id", "body", "author_name", "author_email", "ip_address", "status", "created_at", "article__headline"
        )[:sample]
    )
    found = [
        row
        for row in rows
        if ruleset.matches(
            Submission(
                body=row["body"],
                author_name=row["author_name"],
                author_email=row["author_email"],
                ip_address=row["ip_address"],
            )
        )
    ]
    return found[:limit], len(rows), len(found)
