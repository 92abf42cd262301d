"""E-mail about comments: moderators hear of reported comments and a long held queue; authors who opted in
hear that their comment was published or answered (never of an answer that abused a writer or staff member).
Sent by Celery tasks (`moderation.tasks`, on the `notifications` queue) that a decision sets off
(`moderation.receivers`).

An author's e-mail is double opt-in: the box, and the address proven for that comment (`comments.addresses`).
Nothing a reader typed goes into these e-mails (subjects name the site and the headline, bodies link to the
comment), every one has a one-click unsubscribe (RFC 8058), and one address gets at most
`NOTIFY_MAX_PER_RECIPIENT_PER_DAY` of them a day (counted in Redis); the rest are dropped.

Moderator alerts are batched: the first event of a window schedules one task for the end of the window
(a Redis flag stops the rest from scheduling another), and that task sends one e-mail for everything in it.
Every e-mail is sent once: a Redis mark per comment (or per alert episode) is taken before sending.
"""

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage, send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from comments import addresses
from comments.models import Comment
from core.limits import LimitUnavailable, over_limit
from core.mail import MAIL_FAILURES

from .checks.staff_abuse import STAFF_ABUSE_PRIORITY
from .enqueue import PUBLISH_ERRORS  # the broker or Redis away: an e-mail is delayed, never a decision
from .models import Appeal, Decision

logger = logging.getLogger(__name__)
Status = Comment.Status

REPORTED_ACTION = "reported"  # the action moderation.intake records when reports take a comment down
UNSUBSCRIBE_SALT = "moderation.notifications.unsubscribe"
SENT_MARK_SECONDS = 90 * 24 * 3600  # longer than any retry or redelivery could come after
REPORT_LOOKBACK = timedelta(days=2)


# --- who and where ------------------------------------------------------------------


def moderator_addresses():
    """Active staff who may moderate (the Moderators group, direct permission, or superusers), with an e-mail."""
    perm = Q(codename="moderate_comment", content_type__app_label="comments")
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    wanted = (
        Q(is_superuser=True)
        | Q(groups__permissions__codename="moderate_comment", groups__permissions__content_type__app_label="comments")
        | Q(user_permissions__in=_permission_ids(perm))
    )
    return sorted(set(users.filter(wanted).values_list("email", flat=True)))


def _permission_ids(condition):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(condition).values("pk")


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(comment_id):
    """The same link in every e-mail about a comment: signed, so nobody can unsubscribe someone else."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(comment_id))


def comment_for_token(token):
    """The comment an unsubscribe link was made for, or None if the link was altered."""
    try:
        comment_id = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=int(comment_id)).first() if comment_id.isdigit() else None


def unsubscribe_url(comment_id):
    return absolute(reverse("moderation:unsubscribe", args=[unsubscribe_token(comment_id)]))


# --- once-only marks and batching flags (Redis) -------------------------------------------


def _claim(key, timeout=SENT_MARK_SECONDS):
    """True the first time `key` is claimed; a second delivery of the same task gets False."""
    try:
        return cache.add(f"moderation:notifications:{key}", 1, timeout)
    except PUBLISH_ERRORS as error:
        # Without Redis we cannot tell a repeat from a first time; Celery is down with it, so retry later.
        raise OSError(f"cannot mark notification {key} as sent: {error}") from error


def _release(key):
    with contextlib.suppress(PUBLISH_ERRORS):
        cache.delete(f"moderation:notifications:{key}")


def schedule_batch(task, name):
    """Schedule `task` at the end of the alert window unless this window already has it scheduled."""
    window = settings.MODERATION_ALERT_BATCH_SECONDS
    try:
        if not cache.add(f"moderation:notifications:scheduled:{name}", 1, window + 60):
            return False
        task.apply_async(countdown=window)
    except PUBLISH_ERRORS as error:
        logger.warning("could not schedule %s: %s", name, error)
        return False
    return True


def _window_closed(name):
    _release(f"scheduled:{name}")


# --- what each e-mail says, and to whom -------------------------------------------


def send_author_notices(comment_id, from_status=""):
    """Tell the author their held comment is published, and the parent's author that they were answered."""
    comment = Comment.objects.select_related("article", "parent").filter(pk=comment_id).first()
    if comment is None or comment.status != Status.PUBLISHED:
        return 0
    sent = 0
    # Subjects are fixed: the site and the article's headline (editorial text), never what a reader typed.
    headline = comment.article.headline
    # A comment published straight away needs no e-mail: its author saw it appear.
    if from_status and from_status != Status.SUBMITTED and addresses.opted_in(comment):
        sent += _send_once(
            f"published:{comment.pk}",
            comment,
            to=comment.author_email,
            subject=f"{settings.SITE_NAME}: your comment on “{headline}” is published",
            template="moderation/email/published.txt",
        )
    parent = comment.parent
    if (
        parent is not None
        and not aimed_at_staff(comment)  # a writer who commented is never mailed abuse of them, even approved
        and parent.status == Status.PUBLISHED
        and not _same_author(parent, comment)
        and addresses.opted_in(parent)
    ):
        sent += _send_once(
            f"reply:{comment.pk}",
            parent,
            to=parent.author_email,
            subject=f"{settings.SITE_NAME}: a reply to your comment on “{headline}”",
            template="moderation/email/reply.txt",
            reply=comment,
        )
    return sent


def aimed_at_staff(comment):
    """Whether the checks found the comment abusing a writer or staff member (it was held in Staff abuse)."""
    return comment.priority == STAFF_ABUSE_PRIORITY


def _same_author(a, b):
    if a.user_id and a.user_id == b.user_id:
        return True
    return bool(a.author_email) and a.author_email.lower() == (b.author_email or "").lower()


def _send_once(key, comment, *, to, subject, template, reply=None, link=None, **context):
    if not _claim(key):
        return 0
    if not _within_daily_cap(key, to):
        return 0  # the mark stays: a dropped e-mail is not sent by a retry either
    unsubscribe = unsubscribe_url(comment.pk)
    body = render_to_string(
        template,
        {
            "comment": comment,
            "reply": reply,
            "link": link or absolute((reply or comment).get_absolute_url()),
            "unsubscribe": unsubscribe,
            "site_name": settings.SITE_NAME,
            **context,
        },
    )
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers)
    try:
        message.send()
    except MAIL_FAILURES:
        _release(key)  # not sent: let the retry claim it again
        raise
    return 1


def _within_daily_cap(key, address):
    """Count one e-mail to `address` against NOTIFY_MAX_PER_RECIPIENT_PER_DAY; False (logged) when over it."""
    limit = settings.NOTIFY_MAX_PER_RECIPIENT_PER_DAY
    try:
        over = over_limit("moderation.notifications.recipient", addresses.digest(address), f"{limit}/d")
    except LimitUnavailable as error:
        _release(key)
        raise OSError(f"cannot count notification {key}: {error}") from error  # retried, never sent uncounted
    if over:
        logger.info("notification %s dropped: its recipient had %s notifications today", key, limit)
    return not over


def send_reported_alert():
    """One e-mail to the moderators listing every comment readers' reports took down since the last one."""
    _window_closed("reported")
    decisions = list(
        Decision.objects.filter(
            action=REPORTED_ACTION,
            to_status=Status.HELD,
            created_at__gte=timezone.now() - REPORT_LOOKBACK,
            comment__status=Status.HELD,
        )
        .select_related("comment__article")
        .order_by("created_at")
    )
    fresh = [d for d in decisions if _claim(f"reported:{d.pk}")]
    if not fresh:
        return 0
    recipients = moderator_addresses()
    if not recipients:
        return 0
    body = render_to_string(
        "moderation/email/reported.txt",
        {
            "decisions": fresh,
            "queue": absolute(reverse("admin:comments_comment_changelist") + "?queue=reported"),
            "admin_url": absolute(reverse("admin:index")),
            "site_name": settings.SITE_NAME,
        },
    )
    count = len(fresh)
    subject = f"{count} comment{'s' if count != 1 else ''} taken down by readers' reports"
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except MAIL_FAILURES:
        for decision in fresh:
            _release(f"reported:{decision.pk}")
        raise
    return count


def send_held_queue_alert():
    """E-mail the moderators once when the held queue grows past the alert size; re-armed when it shrinks."""
    _window_closed("held")
    size = Comment.objects.filter(status=Status.HELD).count()
    limit = settings.MODERATION_HELD_ALERT_SIZE
    if size <= limit:
        _release("held-alert")
        return 0
    if not _claim("held-alert"):
        return 0
    recipients = moderator_addresses()
    if not recipients:
        return 0
    body = render_to_string(
        "moderation/email/held_queue.txt",
        {
            "size": size,
            "limit": limit,
            "queue": absolute(reverse("admin:comments_comment_changelist") + "?queue=held"),
            "site_name": settings.SITE_NAME,
        },
    )
    try:
        send_mail(f"{size} comments are waiting for a moderator", body, settings.DEFAULT_FROM_EMAIL, recipients)
    except MAIL_FAILURES:
        _release("held-alert")
        raise
    return 1


# --- statements of reasons and appeals, to an author who opted in -------------------------------------------------

STATEMENT_SUBJECTS = {
    Status.HELD: "your comment on “{}” is waiting for a moderator",
    Status.REJECTED: "your comment on “{}” was not published",
    Status.SPAM: "your comment on “{}” was filed as spam",
    Status.REMOVED: "your comment on “{}” was removed",
}


def send_statement(decision_id):
    """Tell an author who opted in why their comment is off the page, and how to appeal (once per decision)."""
    from . import statement_page, statements  # they read this module's REPORTED_ACTION and signed links

    decision = Decision.objects.select_related("comment__article").filter(pk=decision_id).first()
    if (
        decision is None
        or decision.to_status not in STATEMENT_SUBJECTS
        or decision.comment.status != decision.to_status
    ):
        return 0  # or decided again since: the later decision's statement is the one that holds
    comment = decision.comment
    if not addresses.opted_in(comment):
        return 0
    return _send_once(
        f"statement:{decision.pk}",
        comment,
        to=comment.author_email,
        subject=f"{settings.SITE_NAME}: " + STATEMENT_SUBJECTS[decision.to_status].format(comment.article.headline),
        template="moderation/email/statement.txt",
        link=absolute(statement_page.link_path(comment)),
        statement=statements.statement_for(comment),
    )


def send_appeal_outcome(appeal_id):
    """Tell an author who opted in what became of their appeal (once per appeal)."""
    from . import statement_page

    appeal = Appeal.objects.select_related("comment__article").filter(pk=appeal_id).first()
    if appeal is None or appeal.status != Appeal.Status.DECIDED or not addresses.opted_in(appeal.comment):
        return 0
    comment = appeal.comment
    return _send_once(
        f"appeal:{appeal.pk}",
        comment,
        to=comment.author_email,
        subject=f"{settings.SITE_NAME}: your appeal about your comment on “{comment.article.headline}”",
        template="moderation/email/appeal_outcome.txt",
        link=absolute(statement_page.link_path(comment)),
        appeal=appeal,
    )
