"""What a comment's author may do to it afterwards: edit it for a while, delete it at any time.

The author is the account that posted it, or, for a comment posted without one, the browser that
posted it: the comment's id is in that browser's signed list of its own comments (`awaiting`), which
no other browser holds and nobody can forge. A name or an e-mail address typed into the form proves
nothing.

An edit is allowed within COMMENTS_EDIT_WINDOW_SECONDS of posting, while no moderator has decided on
the comment and it is submitted or published (not held: a moderator decides on the text they read); it
passes the posting gate's
rules of who may post (the article open, bans, the rate limit) and is checked again
(`signals.comment_edited`: moderation sends it back through the checks, which are told it is an
edit). Each earlier text is kept for the moderators (`CommentRevision`).

A deletion erases the text and its earlier versions; what decides a comment's fate takes it off the
page and records that its author deleted it (`signals.comment_deleted_by_author`). Replies to it then
read "in reply to a comment deleted by its author".
"""

import contextlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import gate, posting, signals
from .markup import render_comment
from .models import Comment, CommentRevision

# Not a held comment: a moderator may be reading it (or readers' reports put it there), and must decide on the
# text they read.
EDITABLE = (Comment.Status.SUBMITTED, Comment.Status.PUBLISHED)
# The posting gate's checks of who may post and how fast; an edit needs no captcha or form timing again.
EDIT_CHECKS = (posting.check_article_open, posting.check_anonymous_allowed, gate.check_registered)


class AuthorActionRefused(Exception):
    """Not done; the message says why, for the reader. `http_status`: 403 not theirs, 409 no longer allowed."""

    def __init__(self, message, http_status=409):
        super().__init__(message)
        self.http_status = http_status


def _signed_in(user):
    return user is not None and user.is_authenticated


def is_author(comment, *, user=None, own_ids=()):
    if comment.user_id is not None:
        return _signed_in(user) and comment.user_id == user.pk
    return comment.pk in own_ids


def edit_deadline(comment):
    return comment.created_at + timedelta(seconds=settings.COMMENTS_EDIT_WINDOW_SECONDS)


def why_not_editable(comment, *, now=None):
    """Why its author may no longer edit the comment, or None while they may."""
    if comment.deleted_by_author_at is not None:
        return "This comment was deleted."
    if comment.moderated_at is not None:
        return "A moderator has decided on this comment, so it can no longer be edited."
    if comment.status == Comment.Status.HELD:
        return "This comment is with the moderators, so it can no longer be edited."
    if comment.status not in EDITABLE:
        return "This comment is not on the page, so it can no longer be edited."
    if (now or timezone.now()) > edit_deadline(comment):
        minutes = max(1, settings.COMMENTS_EDIT_WINDOW_SECONDS // 60)
        return f"A comment can be edited for {minutes} minutes after it is posted; that time has passed."
    return None


def can_edit(comment, *, user=None, own_ids=(), now=None):
    return is_author(comment, user=user, own_ids=own_ids) and why_not_editable(comment, now=now) is None


@contextlib.contextmanager
def _gate_refusals(http_status):
    try:
        yield
    except gate.PostingRefused as refusal:
        raise AuthorActionRefused(" ".join(refusal.messages), http_status=http_status) from None


def _check_author(comment, user, own_ids, doing):
    if not is_author(comment, user=user, own_ids=own_ids):
        raise AuthorActionRefused(f"Only its author can {doing} a comment.", http_status=403)


def edit(comment, body, *, user=None, ip=None, user_agent="", own_ids=()):
    """Give the comment its author's new text (already cleaned, as the form's `clean_comment_body` does).

    Raises AuthorActionRefused (403 also when the gate says no: a ban, the article closed; 429 too fast).
    Returns the comment, saved.
    """
    _check_author(comment, user, own_ids, "edit")
    attempt = gate.Attempt(
        article=comment.article,
        data={"body": body, "author_email": comment.author_email},  # an e-mail ban applies to edits too
        user=user,
        ip=ip,
        user_agent=(user_agent or "")[:300],  # as posting keeps it
        session=None,
    )
    with _gate_refusals(403):
        for check in EDIT_CHECKS:
            check(attempt)
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        problem = why_not_editable(current)
        if problem:
            raise AuthorActionRefused(problem)
        if current.body == body:
            return current
        with _gate_refusals(429):
            posting.check_rate_limits(attempt)  # counted only for an edit that is made
        now = timezone.now()
        CommentRevision.objects.create(
            comment=current, body=current.body, written_at=current.edited_at or current.created_at, replaced_at=now
        )
        previous_status = current.status
        current.body, current.body_html, current.edited_at = body, render_comment(body), now
        current.save(update_fields=["body", "body_html", "edited_at"])
        signals.comment_edited.send(sender=Comment, comment=current, previous_status=previous_status)
    current.refresh_from_db()
    return current


def delete(comment, *, user=None, own_ids=()):
    """Delete the comment for its author: its text and earlier texts are gone. Raises AuthorActionRefused."""
    _check_author(comment, user, own_ids, "delete")
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.deleted_by_author_at is not None:
            raise AuthorActionRefused("This comment was already deleted.")
        previous_status = current.status
        current.revisions.all().delete()
        current.body = current.body_html = ""
        current.deleted_by_author_at = timezone.now()
        current.picked_at = None
        current.save(update_fields=["body", "body_html", "deleted_by_author_at", "picked_at"])
        signals.comment_deleted_by_author.send(sender=Comment, comment=current, previous_status=previous_status)
    current.refresh_from_db()
    return current
