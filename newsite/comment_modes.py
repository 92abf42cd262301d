"""Changing articles' comment modes, and remembering who did: a person by hand, or the moderators' schedule.

Every change is kept as a CommentModeChange. A mode a person sets records their name and the time, and ends any
switch the schedule made (the schedule then has nothing to give back). A switch by the schedule records the mode it
found, to give back at the next shift, and when that shift begins, for the page to say.

Each function changes rows with one conditional UPDATE under a row lock and returns the (article id, section id)
pairs it changed, for the caller to refresh what is cached about them.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Article, CommentModeChange

Mode = Article.CommentMode
NOT_SCHEDULED = {"mode_before_schedule": "", "scheduled_mode_until": None}


def set_by_hand(articles, mode, *, actor, reason=""):
    """Give `articles` (a queryset) the `mode` a person chose, including those the schedule had switched to it."""
    now = timezone.now()
    chosen = list(articles.values_list("pk", flat=True))  # the admin's list may be annotated: lock plain rows
    with transaction.atomic():
        rows = list(
            Article.objects.select_for_update()
            .filter(pk__in=chosen)
            .exclude(comment_mode=mode, mode_before_schedule="")
            .values_list("pk", "section_id", "comment_mode")
        )
        Article.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
            comment_mode=mode, comment_mode_set_by=actor, comment_mode_set_at=now, **NOT_SCHEDULED
        )
        _audit(rows, mode, actor=actor, reason=reason, at=now)
    return [(pk, section_id) for pk, section_id, _ in rows]


def chosen_in_form(article, from_mode, *, actor):
    """Record that a person changed the mode of an article just saved from a form (it was `from_mode`)."""
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(comment_mode_set_by=actor, comment_mode_set_at=now, **NOT_SCHEDULED)
    _audit([(article.pk, article.section_id, from_mode)], article.comment_mode, actor=actor, reason="", at=now)


def switch_by_schedule(articles, mode, *, until, reason):
    """Switch those of `articles` that are open (and not switched already) to `mode` until the next shift, `until`."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            articles.select_for_update()
            .filter(comment_mode=Mode.OPEN, mode_before_schedule="")
            .values_list("pk", "section_id", "comment_mode")
        )
        Article.objects.filter(pk__in=[pk for pk, _, _ in rows]).update(
            comment_mode=mode, mode_before_schedule=F("comment_mode"), scheduled_mode_until=until
        )
        _audit(rows, mode, actor=None, reason=reason, at=now)
    return [(pk, section_id) for pk, section_id, _ in rows]


def give_back_from_schedule(articles, *, reason):
    """Return the `articles` the schedule switched to the mode it found them in."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            articles.select_for_update()
            .exclude(mode_before_schedule="")
            .values_list("pk", "section_id", "comment_mode", "mode_before_schedule")
        )
        Article.objects.filter(pk__in=[row[0] for row in rows]).update(
            comment_mode=F("mode_before_schedule"), **NOT_SCHEDULED
        )
        CommentModeChange.objects.bulk_create(
            CommentModeChange(article_id=pk, from_mode=current, to_mode=before, reason=reason, created_at=now)
            for pk, _, current, before in rows
        )
    return [(pk, section_id) for pk, section_id, _, _ in rows]


def _audit(rows, to_mode, *, actor, reason, at):
    CommentModeChange.objects.bulk_create(
        CommentModeChange(article_id=pk, actor=actor, from_mode=mode, to_mode=to_mode, reason=reason, created_at=at)
        for pk, _, mode in rows
    )
