"""The signed unsubscribe link in notification e-mails: a confirmation page, then a POST that turns them off.

The POST is also the one-click unsubscribe of RFC 8058 (`List-Unsubscribe-Post`): a mail program sends it
without cookies or a CSRF token, so it is exempt from CSRF; the signed token in the URL is what authorises it.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from comments.models import Comment, normalize_email

from .notifications import comment_for_token


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    # GET only asks: mail scanners follow links, and must not unsubscribe anyone.
    comment = comment_for_token(token)
    if comment is None:
        raise Http404("This unsubscribe link is not valid.")
    done = False
    if request.method == "POST":
        same_author = Comment.objects.filter(pk=comment.pk)
        if comment.author_email:
            same_author = Comment.objects.filter(author_email=normalize_email(comment.author_email))
        same_author.filter(notify_on_reply=True).update(notify_on_reply=False)
        done = True
    return render(request, "moderation/unsubscribe.html", {"comment": comment, "done": done, "token": token})
