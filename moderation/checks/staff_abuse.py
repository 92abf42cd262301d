"""Abuse aimed at the newsroom: abusive language near a writer's or staff member's name, or an "@handle".

The names are data: the article's byline and the staff list (`moderation.staff_names`, matched in linear time).
The words around each name are scored by the toxicity check's model: "Jane Doe is an idiot" is held, "Jane Doe's
piece on the damn council" is not. Such a comment is held at the highest priority, in the Staff abuse queue
(`moderation.queues`), and never mailed to the writer (`moderation.notifications`).
"""

from django.conf import settings

from .. import staff_names
from .base import Check, Status
from .toxicity import toxicity_model

# Above every other check's (abuse of readers is 3): the Staff abuse queue is the held comments with this priority.
STAFF_ABUSE_PRIORITY = 5


class StaffAbuseCheck(Check):
    name = "staff_abuse"
    priority = STAFF_ABUSE_PRIORITY

    def applies(self, submission, context):
        return settings.MODERATION_STAFF_ABUSE_THRESHOLD <= 1

    def run(self, submission, context):
        words = staff_names.tokens(submission.plain)
        names = context.staff_names().with_byline(submission.article_byline)
        mentions = names.mentions(words)
        if not mentions:
            return self.signal()
        scored = [(named, toxicity_model().probability(text)) for named, text in _near(mentions, words)]
        score = max(probability for _, probability in scored)
        threshold = settings.MODERATION_STAFF_ABUSE_THRESHOLD
        targets = sorted({name for named, probability in scored if probability >= threshold for name in named})
        if not targets:
            return self.signal(score=score)
        reason = f"abusive language aimed at staff: {', '.join(targets)}"
        return self.signal(
            score=score, verdict=Status.HELD, reasons=(reason,), priority=self.priority, targets=tuple(targets)
        )


def _near(mentions, words):
    """(names, the words around them): one stretch per run of mentions whose surroundings overlap."""
    reach = settings.MODERATION_STAFF_ABUSE_WINDOW_WORDS
    stretches = []  # [start, end, names]
    for mention in mentions:
        start, end = max(0, mention.start - reach), mention.end + reach
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = end
            stretches[-1][2].add(mention.name)
        else:
            stretches.append([start, end, {mention.name}])
    return [(names, " ".join(word.lstrip("@") for word in words[start:end])) for start, end, names in stretches]
