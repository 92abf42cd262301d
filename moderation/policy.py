"""The policy: turns the checks' signals into one decision, with a spam score, a priority and every reason.

Order of precedence: a closed article refuses; a verdict a check insists on (a reject
rule, a flood, abusive language, a failed check) wins, strongest first; otherwise the
spam score — the prior plus every check's evidence, in log-odds — is compared with
MODERATION_SPAM_THRESHOLD and MODERATION_HOLD_THRESHOLD. A pre-moderated article holds
whatever would have been published.
"""

from dataclasses import dataclass, field

from django.conf import settings

from comments.models import Comment
from newsite.models import Article

from .checks.base import STRENGTH, logit, sigmoid

Status = Comment.Status
# Reasons of the policy's own, which the statement of reasons to a comment's author recognises (moderation.statements).
CLOSED_REASON = "comments are closed on this article"
PREMODERATED_REASON = "article is pre-moderated"
SPAM_SCORE_REASON = "spam score"
ACTIONS = {
    Status.PUBLISHED: "auto_publish",
    Status.HELD: "auto_hold",
    Status.SPAM: "auto_spam",
    Status.REJECTED: "auto_reject",
}


@dataclass
class Outcome:
    verdict: str
    spam_score: float
    reasons: list = field(default_factory=list)
    priority: int = 0

    @property
    def action(self):
        return ACTIONS[self.verdict]

    def describe(self):
        """ "held: 4 links; first comment by this author; spam score 0.81" """
        return f"{Status(self.verdict).label.lower()}: " + "; ".join(self.reasons) if self.reasons else self.verdict


def spam_score(signals):
    total = logit(settings.MODERATION_SPAM_PRIOR) + sum(signal.evidence for signal in signals)
    return sigmoid(total)


def judge(signals, article_mode=Article.CommentMode.OPEN):
    score = spam_score(signals)
    if article_mode == Article.CommentMode.CLOSED:
        return Outcome(Status.REJECTED, score, [CLOSED_REASON])

    insisted = [signal for signal in signals if signal.verdict in STRENGTH]
    verdict = max((signal.verdict for signal in insisted), key=STRENGTH.get, default=None)
    if verdict is None:
        if score >= settings.MODERATION_SPAM_THRESHOLD:
            verdict = Status.SPAM
        elif score >= settings.MODERATION_HOLD_THRESHOLD:
            verdict = Status.HELD
        else:
            verdict = Status.PUBLISHED

    reasons = []
    if verdict != Status.PUBLISHED:
        # What insisted first, then what pushed the score up, most weighty first.
        for signal in sorted(insisted, key=lambda s: -STRENGTH[s.verdict]):
            reasons += [reason for reason in signal.reasons if reason not in reasons]
        for signal in sorted(signals, key=lambda s: -s.evidence):
            if signal.evidence >= 0 and signal.verdict is None:
                reasons += [reason for reason in signal.reasons if reason not in reasons]
        if score >= settings.MODERATION_HOLD_THRESHOLD:
            reasons.append(f"{SPAM_SCORE_REASON} {score:.2f}")
    elif article_mode == Article.CommentMode.PREMODERATED:
        verdict = Status.HELD
        reasons.append(PREMODERATED_REASON)

    priority = 0
    if verdict == Status.HELD:
        contributing = [s.priority for s in signals if s.verdict == Status.HELD or s.evidence > 0]
        priority = max(contributing, default=0) if reasons != [PREMODERATED_REASON] else 0
    return Outcome(verdict, score, reasons, priority)
