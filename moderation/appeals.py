"""Appeals: an author asks a moderator to look again at a decision against their comment; the moderator answers.

Filing: only for a comment rejected, filed as spam or removed (`statements.APPEALABLE`), once per decision (a
unique row), and at most MODERATION_APPEAL_RATE_LIMIT per reader (account, else client), counted in Redis: while
Redis cannot count, appeals are refused and the reader's text kept, since an uncounted appeal could be repeated.

Deciding: reversing publishes the comment through the decision service (audited as the moderator's `approve`, or
`not_spam` for a comment filed as spam, which also teaches the spam filter), and refuses when the comment was
decided again since the appeal was filed; upholding leaves it as it is. Either way the appeal records who decided,
when and their answer, and the author is told (their statement page; an e-mail if they opted in).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from comments.models import Comment
from core.limits import LimitUnavailable, over_limit

from . import services
from .enqueue import safely
from .models import Appeal
from .statements import statement_for
from .tasks import notify_appeal_outcome

Status = Comment.Status
Outcome = Appeal.Outcome


class AppealRefused(Exception):
    """Why this appeal cannot be filed or decided, in words for the person who tried."""


class AppealUnavailable(AppealRefused):
    """Redis cannot count appeals just now: try again later (the text is kept)."""


def file_appeal(comment, text, *, reader_key):
    """File the author's appeal against the decision that stands on `comment`; raise AppealRefused."""
    statement = statement_for(comment)
    if not statement.appealable:
        if statement.appeal is not None:
            raise AppealRefused("You have appealed this decision already.")
        raise AppealRefused("This comment has no decision you can appeal.")
    try:
        over = over_limit("moderation.appeals.reader", reader_key, settings.MODERATION_APPEAL_RATE_LIMIT)
    except LimitUnavailable as error:
        raise AppealUnavailable(
            "Appeals cannot be received just now. Your text is kept: please send it later."
        ) from error
    if over:
        raise AppealRefused("You have sent the most appeals allowed for now. Please try again tomorrow.")
    try:
        with transaction.atomic():
            return Appeal.objects.create(comment=comment, decision=statement.decision, text=text)
    except IntegrityError:  # the same decision appealed a moment ago, from another tab
        raise AppealRefused("You have appealed this decision already.") from None


def decide_appeal(appeal_id, outcome, *, moderator, reply=""):
    """Uphold or reverse a pending appeal; raises AppealRefused (decided already, or the comment changed since)."""
    outcome, reply = Outcome(outcome), reply.strip()
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().select_related("decision").filter(pk=appeal_id).first()
        if appeal is None or appeal.status != Appeal.Status.PENDING:
            raise AppealRefused("This appeal was decided already.")
        if outcome == Outcome.REVERSED:
            appealed = appeal.decision.to_status
            decision = services.MODERATOR_DECISIONS["not_spam" if appealed == Status.SPAM else "approve"]
            why = f"appeal granted: {reply}" if reply else "appeal granted"
            try:
                decision.apply(appeal.comment_id, actor=moderator, reasons=[why], expected_from=[appealed])
            except services.DecisionRefused as refused:
                raise AppealRefused(f"The comment was decided again since the appeal ({refused}).") from refused
        appeal.status, appeal.outcome, appeal.reply = Appeal.Status.DECIDED, outcome, reply
        appeal.decided_by, appeal.decided_at = moderator, timezone.now()
        appeal.save(update_fields=["status", "outcome", "reply", "decided_by", "decided_at"])
        transaction.on_commit(lambda: safely(notify_appeal_outcome, appeal.pk, what="the outcome of appeal"))
    return appeal
