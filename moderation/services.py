"""The one way a comment's status changes.

Rules, the worker, moderators and reports all call `decide` / `decide_many`.
Each call checks the transition is allowed, changes the status with a
conditional UPDATE (so of two concurrent decisions exactly one wins), resets the
comment's report tally when a moderator decides, writes the
audit record, keeps the article's published-comment count, and after commit
bumps the cache versions and tells listeners (learning, notifications).

A moderator's decision (one with an `actor`) must say what the moderator saw: `expected_from`, the
statuses for every comment, or a mapping of comment id to the status (or statuses) that comment was
shown in. A comment in any other status now was decided by someone else meanwhile and is refused,
so of two moderators the second is told instead of silently undoing the first.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.dispatch import Signal
from django.utils import timezone

from comments import cache as comment_cache
from comments.models import Comment
from newsite.models import Article

from .models import DELETED_BY_AUTHOR_ACTION, EDITED_ACTION, Decision

Status = Comment.Status

ALLOWED_TRANSITIONS = {
    # Removed before its checks: its author asked for their comments' texts to be erased.
    Status.SUBMITTED: {Status.PUBLISHED, Status.HELD, Status.SPAM, Status.REJECTED, Status.REMOVED},
    # Back to submitted: its author edited it, and the checks look at it again.
    Status.PUBLISHED: {Status.SUBMITTED, Status.HELD, Status.SPAM, Status.REJECTED, Status.REMOVED},
    Status.HELD: {Status.SUBMITTED, Status.PUBLISHED, Status.SPAM, Status.REJECTED, Status.REMOVED},
    Status.SPAM: {Status.PUBLISHED, Status.HELD, Status.REJECTED, Status.REMOVED},
    Status.REJECTED: {Status.PUBLISHED, Status.SPAM, Status.HELD},
    Status.REMOVED: {Status.PUBLISHED, Status.HELD},
}


@dataclass(frozen=True)
class ModeratorDecision:
    """A decision a moderator can make, under the one name the admin, the API and the audit log all use."""

    name: str  # the admin's action and button, the API's `action`, the audit record's `action`
    to_status: str
    done: str  # how the outcome reads: "12 comments published"
    button: str  # its button on a comment's page, and its label
    menu: str = ""  # its bulk action in the console; "" where the console offers none

    @property
    def in_console(self):
        return bool(self.menu)

    def apply(self, comment, *, actor, reasons, expected_from):
        return decide(
            comment, self.to_status, action=self.name, actor=actor, reasons=reasons, expected_from=expected_from
        )

    def apply_many(self, comment_ids, *, actor, reasons, expected_from):
        return decide_many(
            comment_ids, self.to_status, action=self.name, actor=actor, reasons=reasons, expected_from=expected_from
        )


MODERATOR_DECISIONS = {
    decision.name: decision
    for decision in (
        ModeratorDecision(
            "approve", Status.PUBLISHED, "published", "Approve", "Approve: publish the selected comments"
        ),
        ModeratorDecision("reject", Status.REJECTED, "rejected", "Reject", "Reject the selected comments"),
        ModeratorDecision("spam", Status.SPAM, "marked as spam", "Spam", "Mark the selected comments as spam"),
        ModeratorDecision(
            "not_spam", Status.PUBLISHED, "published as not spam", "Not spam", "Not spam: publish the selected comments"
        ),
        ModeratorDecision("remove", Status.REMOVED, "removed", "Remove", "Remove the selected comments from the page"),
        ModeratorDecision("hold", Status.HELD, "held for review", "Hold"),
    )
}

# Sent after commit, once per decided comment: receivers enqueue learning and notifications.
# kwargs: comment_id, article_id, from_status, to_status, action, actor_id, reasons, decision_id
status_changed = Signal()


class DecisionRefused(Exception):
    """The comment is not in a state this decision applies to (someone decided first)."""


NOT_SEEN = "its status when you saw it is not known: reload the list and decide again"


def _expected_statuses(expected_from, actor):
    """comment id -> the statuses it may be in, or None for any; from a collection or a mapping."""
    if expected_from is None:
        if actor is not None:
            raise TypeError("a moderator's decision must say the status the moderator saw (expected_from)")
        return lambda pk: None
    if isinstance(expected_from, Mapping):
        seen = {
            int(pk): {Status(statuses)} if isinstance(statuses, str) else {Status(s) for s in statuses}
            for pk, statuses in expected_from.items()
        }
        return lambda pk: seen.get(pk, set())
    common = {Status(s) for s in expected_from}
    return lambda pk: common


@dataclass
class DecisionOutcome:
    decided: list = field(default_factory=list)  # Decision objects written
    refused: dict = field(default_factory=dict)  # comment id -> why

    @property
    def summary(self):
        return {"decided": len(self.decided), "refused": len(self.refused)}


def _distinct_ids(comment_ids):
    return list(dict.fromkeys(int(pk) for pk in comment_ids))


# `text_of` by default: the decision stands whatever the text is now.
ANY_TEXT = object()


def decide(comment, to_status, *, action, actor=None, reasons=(), expected_from=None, text_of=ANY_TEXT):
    """Change one comment's status; raise DecisionRefused when another decision came first.

    `expected_from` (required with an `actor`): the statuses the comment may still be in. `text_of`: the
    comment's `edited_at` when its text was read (None: never edited); refused if its author edited it since.
    """
    comment_id = comment.pk if isinstance(comment, Comment) else comment
    outcome = decide_many(
        [comment_id],
        to_status,
        action=action,
        actor=actor,
        reasons=reasons,
        expected_from=expected_from,
        text_of=text_of,
    )
    if outcome.refused:
        raise DecisionRefused(outcome.refused[comment_id])
    return outcome.decided[0]


def decide_many(comment_ids, to_status, *, action, actor=None, reasons=(), expected_from=None, text_of=ANY_TEXT):
    """Decide many comments in a bounded number of queries, whatever their number.

    `expected_from` (required with an `actor`): statuses for all, or {comment id: status(es) it was
    seen in}; an id the mapping leaves out is refused (NOT_SEEN).
    """
    to_status = Status(to_status)
    reasons = [str(reason) for reason in reasons]
    expected_for = _expected_statuses(expected_from, actor)
    outcome, ids = DecisionOutcome(), _distinct_ids(comment_ids)
    if not ids:
        return outcome
    now = timezone.now()

    with transaction.atomic():
        rows = list(
            Comment.objects.select_for_update()
            .filter(pk__in=ids)
            .values_list("pk", "status", "article_id", "article__section_id", "deleted_by_author_at", "edited_at")
        )
        found = {pk for pk, *_ in rows}
        for pk in ids:
            if pk not in found:
                outcome.refused[pk] = "no such comment"

        by_from_status = defaultdict(list)
        article_of = {}
        for pk, status, article_id, section_id, deleted_by_author_at, edited_at in rows:
            status, expected = Status(status), expected_for(pk)
            if deleted_by_author_at is not None and to_status != Status.REMOVED:
                outcome.refused[pk] = "its author deleted it: there is no text left to decide on"
            elif text_of is not ANY_TEXT and edited_at != text_of:
                outcome.refused[pk] = "its author edited it since its text was read"
            elif expected is not None and not expected:
                outcome.refused[pk] = NOT_SEEN
            elif status == to_status:
                outcome.refused[pk] = f"already {status.label.lower()}"
            elif expected is not None and status not in expected:
                outcome.refused[pk] = f"already decided: it is {status.label.lower()} now"
            elif to_status not in ALLOWED_TRANSITIONS[status]:
                outcome.refused[pk] = f"cannot go from {status.label.lower()} to {to_status.label.lower()}"
            else:
                by_from_status[status].append(pk)
                article_of[pk] = (article_id, section_id)

        count_delta = Counter()
        decided_pairs = []
        for from_status, pks in by_from_status.items():
            changes = {"status": to_status, "decided_at": now}
            if to_status == Status.PUBLISHED:
                changes["published_at"] = now
            else:
                changes["picked_at"] = None  # a pick off the page is a pick no more
            if actor is not None:
                # A moderator has looked: only reports made after this decision count towards the threshold,
                # and its author may no longer edit it.
                changes["report_weight"] = 0.0
                changes["moderated_at"] = now
            # The status condition makes this safe against a decision that slipped in.
            updated = Comment.objects.filter(pk__in=pks, status=from_status).update(**changes)
            if updated != len(pks):
                still = set(Comment.objects.filter(pk__in=pks, status=to_status).values_list("pk", flat=True))
                pks = [pk for pk in pks if pk in still]
            for pk in pks:
                decided_pairs.append((pk, from_status))
                article_id = article_of[pk][0]
                if from_status == Status.PUBLISHED:
                    count_delta[article_id] -= 1
                if to_status == Status.PUBLISHED:
                    count_delta[article_id] += 1

        _adjust_comment_counts(count_delta)

        outcome.decided = Decision.objects.bulk_create(
            [
                Decision(
                    comment_id=pk,
                    actor=actor,
                    action=action,
                    from_status=from_status,
                    to_status=to_status,
                    reasons=reasons,
                    created_at=now,
                )
                for pk, from_status in decided_pairs
            ],
            batch_size=500,
        )
        transaction.on_commit(lambda: _after_commit(outcome.decided, article_of, actor))
    return outcome


@dataclass(frozen=True)
class PickChange:
    """Making comments editors' picks, or undoing it: the admin's action and button, the API's `action`."""

    name: str
    picked: bool
    done: str
    button: str
    menu: str


PICK = PickChange("pick", True, "made editors' picks", "Editors' pick", "Make the selected comments editors' picks")
UNPICK = PickChange("unpick", False, "no longer editors' picks", "Not a pick", "Undo the selected editors' picks")
PICK_CHANGES = {change.name: change for change in (PICK, UNPICK)}


def set_picks(comment_ids, change, *, actor):
    """Make published comments editors' picks (`PICK`) or not (`UNPICK`), in a bounded number of queries.

    Each is audited as a Decision that changes no status (from published to published, action "pick" or
    "unpick"); a comment that is not published, or already is (or is not) a pick, is refused with why.
    """
    outcome, ids = DecisionOutcome(), _distinct_ids(comment_ids)
    if not ids:
        return outcome
    now = timezone.now()
    with transaction.atomic():
        rows = {
            pk: (status, picked_at, (article_id, section_id))
            for pk, status, picked_at, article_id, section_id in Comment.objects.select_for_update()
            .filter(pk__in=ids)
            .values_list("pk", "status", "picked_at", "article_id", "article__section_id")
        }
        chosen, article_of = [], {}
        for pk in ids:
            if pk not in rows:
                outcome.refused[pk] = "no such comment"
                continue
            status, picked_at, article = rows[pk]
            if status != Status.PUBLISHED:
                outcome.refused[pk] = f"only a published comment can be a pick: it is {Status(status).label.lower()}"
            elif (picked_at is not None) == change.picked:
                outcome.refused[pk] = "already an editors' pick" if change.picked else "not an editors' pick"
            else:
                chosen.append(pk)
                article_of[pk] = article
        Comment.objects.filter(pk__in=chosen, status=Status.PUBLISHED).update(picked_at=now if change.picked else None)
        outcome.decided = Decision.objects.bulk_create(
            [
                Decision(
                    comment_id=pk,
                    actor=actor,
                    action=change.name,
                    from_status=Status.PUBLISHED,
                    to_status=Status.PUBLISHED,
                    reasons=[f"editors' pick {'made' if change.picked else 'undone'}"],
                    created_at=now,
                )
                for pk in chosen
            ],
            batch_size=500,
        )
        touched = set(article_of.values())
        transaction.on_commit(lambda: [comment_cache.bump_article(*article) for article in touched])
    return outcome


def record_author_deletion(comment_id, previous_status):
    """Its author deleted the comment: off the page (or out of the queue), with the fact in the audit log.

    One already off the page for good (rejected, removed) changes no status; the fact is recorded all the same.
    """
    reasons = ["deleted by its author"]
    try:
        return decide(comment_id, Status.REMOVED, action=DELETED_BY_AUTHOR_ACTION, reasons=reasons)
    except DecisionRefused:
        status = Comment.objects.filter(pk=comment_id).values_list("status", flat=True).first() or previous_status
        return Decision.objects.create(
            comment_id=comment_id,
            action=DELETED_BY_AUTHOR_ACTION,
            from_status=status,
            to_status=status,
            reasons=reasons,
        )


def resubmit_edited(comment_id, previous_status):
    """Its author edited a published comment: back to submitted, for the checks to look at again."""
    if previous_status != Status.PUBLISHED:
        return None
    try:
        return decide(
            comment_id,
            Status.SUBMITTED,
            action=EDITED_ACTION,
            reasons=["edited by its author: checked again"],
            expected_from=[previous_status],
        )
    except DecisionRefused:
        return None


def _adjust_comment_counts(count_delta):
    """One UPDATE for every article a decision touched, however many there are."""
    deltas = {article_id: delta for article_id, delta in count_delta.items() if delta}
    if not deltas:
        return
    change = Case(*(When(pk=article_id, then=Value(delta)) for article_id, delta in deltas.items()), default=Value(0))
    Article.objects.filter(pk__in=deltas).update(comment_count=F("comment_count") + change)


def _after_commit(decisions, article_of, actor):
    touched = {article_of[d.comment_id] for d in decisions}
    for article_id, section_id in touched:
        comment_cache.bump_article(article_id, section_id)
    for decision in decisions:
        status_changed.send(
            sender=Decision,
            comment_id=decision.comment_id,
            article_id=article_of[decision.comment_id][0],
            from_status=decision.from_status,
            to_status=decision.to_status,
            action=decision.action,
            actor_id=actor.pk if actor else None,
            reasons=decision.reasons,
            decision_id=decision.pk,
        )
