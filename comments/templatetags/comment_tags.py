"""The article page's comment section: the cached list, the reader's own comments, the form.

{% load comment_tags %}
{% comment_list article %}        published comments, one cached page (?page=, ?order=newest)
{% awaiting_comments article %}   this reader's comments awaiting moderation, or not published (and why)
{% comment_form article %}        "Post your comment" (a bound form from the context if there is one)
{{ comment.created_at|iso_time }}, {{ comment.created_at|shown_time }}   a comment's time, as its card shows it
"""

import re

from django import template
from django.conf import settings
from django.db.models import Q
from django.utils.safestring import mark_safe

from .. import authors, awaiting, captchas, comment_cards, explanations, listing
from ..forms import CommentForm
from ..models import Comment

register = template.Library()
register.filter("iso_time", comment_cards.iso_time)
register.filter("shown_time", comment_cards.shown_time)
_QUOTE_BLOCK = re.compile(r"\[quote(?:=[^\]]*)?\].*?\[/quote\]\s*", re.IGNORECASE | re.DOTALL)


@register.simple_tag
def live_poll_seconds():
    """How often an open page asks whether new comments came (COMMENTS_LIVE_POLL_SECONDS); 0: never."""
    return settings.COMMENTS_LIVE_POLL_SECONDS


@register.simple_tag(takes_context=True)
def comment_list(context, article):
    request = context["request"]
    number = listing.read_page_number(request.GET.get("page"))
    order = listing.read_order(request.GET.get("order"))
    # Built only from our templates and each comment's sanitized body_html.
    return mark_safe(listing.rendered_comment_list(article, number, order))  # noqa: S308


OWN_SHOWN = 20  # a reader's latest comments on the story listed for them, with their Edit and Delete
AWAITING = (Comment.Status.SUBMITTED, Comment.Status.HELD)
DECLINED = (Comment.Status.REJECTED, Comment.Status.SPAM, Comment.Status.REMOVED)


@register.inclusion_tag("comments/_awaiting.html", takes_context=True)
def awaiting_comments(context, article):
    """The reader's own comments on this article: this browser's, and their account's; those not published with
    their status, the latest published ones with what their author may still do (edit, delete)."""
    request = context["request"]
    ids, user = awaiting.ids(request), request.user
    if not ids and not user.is_authenticated:
        return {"comments": [], "declined": [], "published": []}
    mine = Q(pk__in=ids) | (Q(user=user) if user.is_authenticated else Q(pk__in=[]))
    own = list(
        Comment.objects.filter(mine, article=article, deleted_by_author_at__isnull=True)
        .select_related("parent")
        .order_by("-id")[:OWN_SHOWN]
    )
    for comment in own:
        comment.explanation = explanations.link_for(comment) if comment.status != Comment.Status.SUBMITTED else None
        comment.editable = authors.can_edit(comment, user=user, own_ids=ids)
        comment.edit_deadline = authors.edit_deadline(comment)
        comment.deletable = authors.is_author(comment, user=user, own_ids=ids)
    own.reverse()
    return {
        "comments": [comment for comment in own if comment.status in AWAITING],
        "declined": [comment for comment in own if comment.status in DECLINED],
        "published": [comment for comment in own if comment.status == Comment.Status.PUBLISHED],
    }


def quote_of(parent):
    """The body of a reply that quotes its parent, without the quotes the parent itself quoted."""
    name = re.sub(r"[\[\]]", "", parent.author_name)
    quoted = parent.body
    while True:
        shorter = _QUOTE_BLOCK.sub("", quoted)
        if shorter == quoted:
            break
        quoted = shorter
    return f"[quote={name}]{quoted.strip()}[/quote]\n"


def _new_form(context, article):
    request = context["request"]
    initial = {}
    reply_to = request.GET.get("reply_to", "")
    if reply_to.isdigit():
        parent = Comment.objects.published().filter(pk=reply_to, article=article).first()
        if parent is not None:
            initial = {"parent": parent.pk, "body": quote_of(parent)}
    # A page cached whole carries placeholders here, filled in for each reader (comments.page_cache).
    return CommentForm(
        initial=initial,
        article=article,
        user=request.user,
        form_token=context.get("comment_form_token"),
        captcha_key=context.get("captcha_key") or captchas.issue_key(),
    )


@register.inclusion_tag("comments/_form.html", takes_context=True)
def comment_form(context, article):
    request = context["request"]
    user = request.user
    may_post = article.comments_open and (user.is_authenticated or settings.COMMENTS_ANONYMOUS_ALLOWED)
    # A refused form always comes back, even on a closed article: the reader keeps their text.
    form = context.get("comment_form")
    if form is None and may_post:
        form = _new_form(context, article)
    return {
        "article": article,
        "form": form,
        "closed": not article.comments_open,
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "max_length": settings.COMMENTS_MAX_LENGTH,
    }
