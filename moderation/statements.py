"""The statement of reasons a comment's author is given when the comment is held, rejected, filed as spam or removed.

It says what became of the comment, on which of the site's grounds (`GROUNDS`, fixed texts of ours), whether a
person or the automatic checks decided, the reasons a moderator wrote, and whether and how it can be appealed. It
never says what is internal: no score, no rule's pattern, no check's own wording, no moderator's name. The grounds
of an automatic decision are read from what the checks found (their names and verdicts, stored in the assessment),
never from their reasons' text, which carries scores and patterns.

Shown only to the comment's author (`moderation.statement_page`) and mailed to an address they proved.
"""

from dataclasses import dataclass, field

from comments.models import Comment

from . import policy
from .erasure import ERASE_ACTION
from .models import Appeal, Decision
from .notifications import REPORTED_ACTION

Status = Comment.Status
EXPLAINED = (Status.HELD, Status.REJECTED, Status.SPAM, Status.REMOVED)  # the statuses a statement is given for
APPEALABLE = (Status.REJECTED, Status.SPAM, Status.REMOVED)  # a held comment is waiting for a moderator anyway


@dataclass(frozen=True)
class Ground:
    key: str
    title: str
    explanation: str


GROUNDS = {
    ground.key: ground
    for ground in (
        Ground("site_rules", "Our moderation rules", "It contains words, links or addresses our rules do not allow."),
        Ground("abuse", "Abusive language", "It insults or abuses someone. Argue with what people say, not with them."),
        Ground("staff_abuse", "Abuse of our staff", "It insults or abuses a writer or member of our staff by name."),
        Ground("links", "Links", "It carries many links, or links in a first comment: we check these for advertising."),
        Ground("repeats", "Repeated text", "The same text was posted several times."),
        Ground("bursts", "Many comments at once", "Many comments came from one connection in a short time."),
        Ground("spam", "Spam filter", "Our spam filter found it likely to be advertising or spam."),
        Ground("history", "Earlier comments", "Earlier comments from this author were not published."),
        Ground("banned", "Not allowed to post", "The author is not allowed to post comments here."),
        Ground("first_comment", "First comments", "First comments are read by a moderator before they appear."),
        Ground("premoderated", "Pre-moderated article", "Comments on this article are read before publication."),
        Ground("closed", "Comments closed", "Comments on this article are closed."),
        Ground("check_failed", "Checks unfinished", "An automatic check could not finish, so a moderator will look."),
        Ground("reports", "Readers' reports", "Readers reported it; a moderator will decide if it breaks our rules."),
        Ground("moderator", "A moderator's decision", "A moderator read it and decided."),
        Ground("erased", "At your request", "Its text and your personal data were erased, as you asked."),
    )
}
# A check's name (moderation.checks) -> the ground its verdict or evidence stands on.
CHECK_GROUNDS = {
    "rules": "site_rules",
    "toxicity": "abuse",
    "staff_abuse": "staff_abuse",
    "links": "links",
    "repeats": "repeats",
    "bursts": "bursts",
    "classifier": "spam",
    "akismet": "spam",
    "author": "history",
}
STATUS_SAYS = {
    Status.HELD: "is waiting for a moderator: nobody else sees it until a moderator publishes it",
    Status.REJECTED: "was not published",
    Status.SPAM: "was filed as spam and not published",
    Status.REMOVED: "was removed from the page",
    Status.PUBLISHED: "is published",
}


@dataclass
class Statement:
    comment: Comment
    decision: Decision | None  # the one that put the comment in its status now
    grounds: list = field(default_factory=list)
    moderator_reasons: list = field(default_factory=list)
    appeal: Appeal | None = None  # against `decision`; or, once the comment is published, the one that reversed

    @property
    def says(self):
        return STATUS_SAYS.get(self.comment.status, "is being checked")

    @property
    def explained(self):
        return self.decision is not None and self.comment.status in EXPLAINED

    @property
    def automated(self):
        return self.decision is not None and self.decision.actor_id is None

    @property
    def appealable(self):
        """Whether the author may appeal now: a decision against the comment, not appealed yet, nor asked for."""
        return (
            self.explained
            and self.comment.status in APPEALABLE
            and self.appeal is None
            and self.decision.action != ERASE_ACTION
        )


def statement_for(comment):
    """The statement for `comment` as it stands (three queries: its last decision, its last appeal, its assessment)."""
    decision = comment.decisions.moderation_decisions().order_by("-created_at", "-id").first()
    statement = Statement(comment, decision)
    if decision is None or decision.to_status != comment.status:
        statement.decision = None
        return statement
    appeal = comment.appeals.order_by("-created_at", "-id").first()
    if appeal is not None and (appeal.decision_id == decision.pk or _reversed(appeal, comment)):
        statement.appeal = appeal
    statement.grounds, statement.moderator_reasons = grounds_of(decision, comment)
    return statement


def _reversed(appeal, comment):
    return comment.status == Status.PUBLISHED and appeal.outcome == Appeal.Outcome.REVERSED


def grounds_of(decision, comment):
    """The grounds the author is given for `decision` on `comment`, and the reasons the moderator wrote."""
    if decision.action == ERASE_ACTION:
        return [GROUNDS["erased"]], []
    if decision.actor_id is not None:
        return [GROUNDS["moderator"]], [reason for reason in decision.reasons if reason]
    if decision.action == REPORTED_ACTION:
        return [GROUNDS["reports"]], []
    return [GROUNDS[key] for key in _automatic_grounds(comment, decision)], []


def _automatic_grounds(comment, decision):
    keys = []
    reasons = decision.reasons or []
    if policy.CLOSED_REASON in reasons:
        keys.append("closed")
    if policy.PREMODERATED_REASON in reasons:
        keys.append("premoderated")
    for signal in _stored_signals(comment):
        if isinstance(signal, dict):
            keys += _signal_grounds(signal)
    if any(str(reason).startswith(policy.SPAM_SCORE_REASON) for reason in reasons):
        keys.append("spam")
    return list(dict.fromkeys(keys)) or ["spam" if decision.to_status == Status.SPAM else "site_rules"]


def _signal_grounds(signal):
    """The grounds one check's stored signal gives, when it insisted on a verdict or spoke against the comment."""
    verdict, evidence, reasons = signal.get("verdict"), signal.get("evidence") or 0, signal.get("reasons") or []
    if verdict not in policy.STRENGTH and not (evidence > 0 and reasons):
        return []
    if any(str(reason).startswith("check failed") for reason in reasons):
        return ["check_failed"]
    name = signal.get("name")
    if name == "author" and verdict == Status.REJECTED:
        return ["banned"]
    if name == "author" and verdict == Status.HELD:
        return ["first_comment"]
    return [CHECK_GROUNDS[name]] if name in CHECK_GROUNDS else []


def _stored_signals(comment):
    try:
        return comment.assessment.signals or ()
    except Comment.assessment.RelatedObjectDoesNotExist:
        return ()
