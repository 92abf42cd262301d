"""Erasing one commenter's personal data on their request (`manage.py erase_commenter`, the console's action).

A commenter is an account, an e-mail address typed with comments, or both (plus, from the console,
a comment that has neither). Each of their comments keeps its place in its thread, its article
and its status, under the name "former reader"; its e-mail address, IP address and user agent
are removed, the link to the account cut and the opt-in to e-mails cleared. Replies that quoted
them ("[quote=Name]") quote "former reader" instead.

With `PRIVACY_ERASE_BODIES` the texts go too: a published comment reads "comment removed at its
author's request" (its HTML rendered again), one still waiting for a check or a moderator is
removed through the decision service, replies' quotes of it are emptied the same way, its
training example is deleted (the classifier is refitted without it), and the texts of its appeals and
the earlier texts its author replaced by editing it are removed.

An account is closed: its user name becomes `former-reader-<id>`, its e-mail address and names
are blanked, its password made unusable, its verified address and API token deleted; its votes and
reports keep counting, under keys that name nobody. Bans stay as they are: a ban keeps the
address or network it bans, by definition (docs/privacy.md).

The erasure is audited by an `Erasure` row that says how much was erased, never what. The page,
the feeds and the API show the change at once: the articles' cache versions are bumped after commit.
"""

import re

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from comments import cache as comment_cache
from comments.markup import render_comment
from comments.models import Comment, CommentRevision, Recommendation, Report, VerifiedEmail
from newsite.models import ArticleRating

from . import services
from .enqueue import safely
from .models import Appeal, Erasure, TrainingExample
from .retention import expired_key

Status = Comment.Status
ERASED_NAME = "former reader"
REMOVED_TEXT = "comment removed at its author's request"
REMOVED_MARKUP = f"[i]{REMOVED_TEXT}[/i]"
ERASE_ACTION = "erase"
WAITING = {Status.SUBMITTED, Status.HELD}
ERASED_APPEAL = "(removed at its author's request)"


class ErasureRefused(Exception):
    """Not erased: the message says why."""


def erase(*, user=None, email="", comment_ids=(), actor=None, via=Erasure.Via.COMMAND, erase_bodies=None):
    """Erase the personal data of one commenter's comments (and account); returns the `Erasure` written."""
    if erase_bodies is None:
        erase_bodies = settings.PRIVACY_ERASE_BODIES
    if user is not None and (user.is_staff or user.is_superuser):
        raise ErasureRefused(f"{user.get_username()} is a staff account: close it in the admin's user management.")
    if user is None and not email and not comment_ids:
        raise ErasureRefused("Name the commenter: an e-mail address, an account or comments.")
    with transaction.atomic():
        rows = list(
            Comment.objects.by_commenter(user=user, email=email, ids=comment_ids)
            .select_for_update(of=("self",))
            .values_list("pk", "status", "author_name", "article_id", "article__section_id")
        )
        ids = [pk for pk, *_ in rows]
        if erase_bodies:
            waiting = [pk for pk, status, *_ in rows if status in WAITING]
            services.decide_many(
                waiting,
                Status.REMOVED,
                action=ERASE_ACTION,
                actor=actor,
                reasons=["removed at its author's request"],
                expected_from=WAITING,  # what they are in now: the rows are locked
            )
        changes = {
            "author_name": ERASED_NAME,
            "author_email": "",
            "ip_address": None,
            "user_agent": "",
            "user": None,
            "notify_on_reply": False,
            "email_verified_at": None,
        }
        if erase_bodies:
            changes.update(body="", body_html=render_comment(REMOVED_MARKUP))
        Comment.objects.filter(pk__in=ids).update(**changes)
        replies = _requote_replies({pk: name for pk, _, name, *_ in rows}, erase_bodies)
        forgotten = erase_bodies and TrainingExample.objects.filter(comment_id__in=ids).delete()[0]
        if erase_bodies:  # what they wrote to the moderators goes with what they wrote on the page
            Appeal.objects.filter(comment_id__in=ids).update(text=ERASED_APPEAL)
            CommentRevision.objects.filter(comment_id__in=ids).delete()  # and the texts its edits replaced
        erasure = Erasure.objects.create(
            actor=actor,
            via=via,
            comments=len(ids),
            bodies_removed=erase_bodies,
            replies_edited=replies,
            account_closed=user is not None and close_account(user),
        )
        touched = {(article_id, section_id) for *_, article_id, section_id in rows}
        transaction.on_commit(lambda: _after_commit(touched, forgotten))
    return erasure


def close_account(user):
    """Blank the account's personal data and lock it; its votes and reports stay counted, naming nobody."""
    user.username = f"former-reader-{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    VerifiedEmail.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    Report.objects.filter(user=user).update(user=None, reporter_key=expired_key())
    ArticleRating.objects.filter(user=user).update(user=None, voter_key=expired_key())
    Recommendation.objects.filter(user=user).update(user=None, recommender_key=expired_key())
    return True


def requote(body, name, *, remove_text, as_name=ERASED_NAME, removed_markup=REMOVED_MARKUP):
    """`body` with its quotes of `name` ("[quote=Name]…[/quote]", as the reply link writes them) made anonymous
    (quoting `as_name`), and their text replaced by `removed_markup` when `remove_text`."""
    quoted_as = re.escape(re.sub(r"[\[\]]", "", name).strip())
    if not quoted_as:
        return body
    pattern = re.compile(rf"\[quote={quoted_as}\](.*?)\[/quote\]", re.IGNORECASE | re.DOTALL)
    return pattern.sub(
        lambda match: f"[quote={as_name}]{removed_markup if remove_text else match.group(1)}[/quote]", body
    )


DELETED_QUOTE = "[i]comment deleted by its author[/i]"


def empty_quotes_of_deleted(comment_id, author_name):
    """Its author deleted a comment: the replies quoting it quote nothing of it any more (returns how many)."""
    kept_name = re.sub(r"[\[\]]", "", author_name).strip()
    return _requote_replies({comment_id: author_name}, True, as_name=kept_name, removed_markup=DELETED_QUOTE)


def _requote_replies(names, remove_text, **quoting):
    """Rewrite the replies (by others) that quote an erased comment; returns how many changed."""
    edited = 0
    replies = Comment.objects.filter(parent_id__in=names).exclude(pk__in=names).only("pk", "body", "parent_id")
    for reply in replies:
        body = requote(reply.body, names[reply.parent_id], remove_text=remove_text, **quoting)
        if body != reply.body:
            Comment.objects.filter(pk=reply.pk).update(body=body, body_html=render_comment(body))
            TrainingExample.objects.filter(comment_id=reply.pk).update(body=body)
            edited += 1
    return edited


def _after_commit(touched, forgotten):
    for article_id, section_id in touched:
        comment_cache.bump_article(article_id, section_id)
    if forgotten:
        from .tasks import refit_classifier

        safely(refit_classifier, True, what="refit after an erasure")
