"""The statement of reasons page: a comment's author reads why it is not published, and appeals the decision.

Only the author reaches it, as only the author sees their comment awaiting moderation: the browser that posted it
(the signed cookie or the session `comments.awaiting` reads), the account that posted it, or the signed link mailed
to the comment's proven address. Anyone else is answered 404, as for a comment that does not exist, so the page
says nothing about whose comments exist. Never cached: it is personal.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from comments import awaiting
from comments.models import Comment
from core.clients import client_key
from core.limits import RETRY_AFTER_SECONDS

from . import appeals
from .statements import EXPLAINED, statement_for

LINK_SALT = "moderation.statement_page.link"


def link_path(comment):
    """The page's address in an e-mail: signed, so it opens this comment's statement and no other."""
    return reverse("moderation:statement-by-link", args=[signing.Signer(salt=LINK_SALT).sign(str(comment.pk))])


def explanation_link(comment):
    """The page's address for the author's own browser (`comments.explanations`), for a comment it explains."""
    return reverse("moderation:statement", args=[comment.pk]) if comment.status in EXPLAINED else None


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should a moderator look at it again?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.MODERATION_APPEAL_MAX_LENGTH,
        error_messages={"required": "Please say why the decision should change."},
    )


def _posted_here(request, comment):
    if request.user.is_authenticated and comment.user_id == request.user.pk:
        return True
    return comment.pk in awaiting.ids(request)


def _reader_key(request):
    return f"user:{request.user.pk}" if request.user.is_authenticated else f"client:{client_key(request)}"


def _comment(pk):
    return Comment.objects.select_related("article__section").filter(pk=pk).first()


@never_cache
@require_http_methods(["GET", "POST"])
def statement(request, pk):
    comment = _comment(pk)
    if comment is None or not _posted_here(request, comment):
        raise Http404("No comment of yours has this number.")
    return _statement_page(request, comment, reverse("moderation:statement", args=[pk]))


@never_cache
@require_http_methods(["GET", "POST"])
def statement_by_link(request, token):
    try:
        pk = signing.Signer(salt=LINK_SALT).unsign(token)
    except signing.BadSignature:
        raise Http404("This link is not valid.") from None
    comment = _comment(int(pk)) if pk.isdigit() else None
    if comment is None:
        raise Http404("This comment no longer exists.")
    return _statement_page(request, comment, request.path)


def _statement_page(request, comment, here):
    explained = statement_for(comment)
    form = AppealForm(request.POST if request.method == "POST" else None)
    status, retry = 200, False
    if request.method == "POST":
        if not explained.appealable:
            form.add_error(None, "This comment has no decision you can appeal.")
        elif form.is_valid():
            try:
                appeals.file_appeal(comment, form.cleaned_data["text"], reader_key=_reader_key(request))
            except appeals.AppealRefused as refused:
                form.add_error(None, str(refused))
                retry = isinstance(refused, appeals.AppealUnavailable)
            else:
                messages.success(request, "Thank you: your appeal is with the moderators. The answer will be here.")
                return redirect(here)
        status = 503 if retry else 400
    context = {"statement": explained, "comment": comment, "article": comment.article, "form": form, "here": here}
    response = render(request, "moderation/statement.html", context, status=status)
    if retry:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
