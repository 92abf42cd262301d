"""Public comment views: permalinks, posting (with its live preview), reports and sign-up."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import condition, require_POST

from core.clients import client_ip, client_key
from core.limits import RETRY_AFTER_SECONDS, describe_rate, rate_limited
from newsite.models import Article

from . import accounts, addresses, authors, awaiting, captchas, listing, posting, recommendations, reports, text
from .article_page import CommentedArticleView
from .cache import article_version
from .forms import CommentForm, EditForm, ReportForm, SignUpForm
from .markup import PREVIEW_ALLOWLIST, render_comment
from .models import Comment

logger = logging.getLogger(__name__)
TYPED_FIELDS = ("author_name", "author_email", "body", "notify_on_reply", "confirm_email", "parent")


def comment_page_url(comment):
    """Where a published comment stands: its article, on the right page (oldest first), at its anchor."""
    earlier = Comment.objects.published().filter(article_id=comment.article_id, id__lt=comment.pk).count()
    page = earlier // settings.COMMENTS_PER_PAGE + 1
    return f"{listing.page_url(comment.article.get_absolute_url(), page, listing.OLDEST)}#comment-{comment.pk}"


def permalink(request, pk):
    """Redirect to the page of the article on which the comment stands."""
    comment = get_object_or_404(Comment.objects.published().select_related("article__section"), pk=pk)
    return redirect(comment_page_url(comment))


def _published_article(article_id):
    return get_object_or_404(Article.objects.published().select_related("section"), pk=article_id)


def render_article_with_form(request, article, form, status=200):
    """The article page again, with the reader's form (their text and our errors) in place."""
    view = CommentedArticleView()
    view.setup(request, section=article.section.slug, slug=article.slug)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object, comment_form=form)
    return TemplateResponse(request, view.get_template_names(), context, status=status)


def _with_fresh_token(form):
    """A re-shown form gets a new timestamp, so that "open too long" cannot repeat forever."""
    form.data = form.data.copy()
    form.data["form_token"] = posting.form_token(form.article)
    return form


@require_POST
def post(request, article_id):
    """Post/Redirect/Get: the reader lands on their comment, or sees the form again with what they typed.

    While the database cannot be used (`posting.DATABASE_UNAVAILABLE`), the reader gets a 503 with their
    text in the form: the article page when it can still be read, else a page of its own that needs none.
    """
    try:
        response = _post(request, article_id)
        if isinstance(response, TemplateResponse):
            response.render()  # here, where a database failure is still caught
        return response
    except posting.DATABASE_UNAVAILABLE as error:
        logger.warning("posting on article %s: the database is unavailable: %s", article_id, error)
        _drop_broken_connections()
        return _try_again_page(request, article_id)


def _post(request, article_id):
    article = _published_article(article_id)
    form = CommentForm(request.POST, article=article, user=request.user)
    if "new_code" in request.POST:  # the "New code" button without JavaScript: same text, fresh captcha
        typed = {name: value for name, value in request.POST.dict().items() if name in TYPED_FIELDS}
        unchecked = CommentForm(initial=typed, article=article, user=request.user)
        return render_article_with_form(request, article, unchecked)
    if form.is_valid():
        data = form.posting_data()
        data["address_proven"] = not request.user.is_authenticated and addresses.proven_in(
            request, data.get("author_email")
        )
        try:
            comment = posting.post_comment(
                article,
                data,
                user=request.user,
                ip=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
            )
        except posting.PostingRefused as refusal:
            form.add_refusal(refusal)
            if isinstance(refusal, posting.PostingUnavailable):
                _drop_broken_connections()
                return _unavailable(render_article_with_form(request, article, _with_fresh_token(form), status=503))
        else:
            response = redirect(_landing(request, comment))
            if not comment.is_public:
                awaiting.remember(request, response, comment.pk)
            return response
    return render_article_with_form(request, article, _with_fresh_token(form), status=400)


def _unavailable(response):
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _drop_broken_connections():
    """Close a connection the failure broke (PostgreSQL restarted), so that the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _try_again_page(request, article_id):
    """The reader's text in a form of its own, rendered without the database (nor the reader's account)."""
    typed = {name: value for name, value in request.POST.dict().items() if name in TYPED_FIELDS}
    stand_in = Article(pk=article_id)  # the form needs only the article's id
    form = CommentForm(initial=typed, article=stand_in, user=None)
    context = {
        "article": stand_in,
        "form": form,
        "message": posting.NOT_SAVED,
        "SITE_NAME": settings.SITE_NAME,
        "user": AnonymousUser(),
        "request": request,
        "csrf_token": get_token(request),
        "max_length": settings.COMMENTS_MAX_LENGTH,
    }
    return _unavailable(HttpResponse(render_to_string("comments/try_again.html", context), status=503))


def _landing(request, comment):
    if comment.is_public:
        messages.success(request, "Thank you: your comment is published.")
        return comment_page_url(comment)
    messages.info(request, "Thank you: your comment is awaiting moderation. Only you can see it until then.")
    return f"{comment.article.get_absolute_url()}#comment-{comment.pk}"


@require_POST
def preview(request):
    """The live preview: the body rendered exactly as it would be saved."""
    rate = settings.COMMENTS_PREVIEW_RATE_LIMIT
    if rate_limited("comments.preview.client", client_key(request), rate):
        error = f"Preview paused: at most {describe_rate(rate)}. Your text is kept; post when ready."
        return JsonResponse({"html": "", "error": error}, status=429)
    body = request.POST.get("body", "")[: settings.COMMENTS_MAX_LENGTH]
    html = render_comment(body) if text.refusal(body) is None else ""
    return JsonResponse({"html": html, "allowed": PREVIEW_ALLOWLIST})


def confirm_address(request, token):
    """The link mailed to an anonymous author: a page with a button, which proves the address for this browser."""
    comment = addresses.comment_from_link(token)
    if comment is None:
        return render(request, "comments/confirm_address.html", {"invalid": True}, status=400)
    if request.method != "POST":
        return render(request, "comments/confirm_address.html", {"comment": comment})
    addresses.confirm(comment)
    messages.success(
        request,
        "Thank you: your address is confirmed. You get the e-mails you asked for about that comment, and comments "
        "you post under it from this browser count as yours.",
    )
    response = redirect(f"{comment.article.get_absolute_url()}#post-comment")
    addresses.remember_proof(response, comment.author_email)
    return response


def report(request, pk):
    """Report a published comment to the moderators (a page of its own, so it works without JavaScript)."""
    comment = get_object_or_404(Comment.objects.published().select_related("article__section"), pk=pk)
    form = ReportForm(request.POST or None)
    unavailable = False
    if request.method == "POST" and form.is_valid():
        try:
            reports.file_report(
                comment,
                user=request.user,
                reporter_key=reports.reporter_key(user=request.user, ip=client_ip(request)),
                former_keys=reports.former_reporter_keys(user=request.user, ip=client_ip(request)),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except reports.ReportRefused as refusal:
            form.add_error(None, str(refusal))
            unavailable = isinstance(refusal, reports.ReportUnavailable)  # Redis away: the form stays, to send later
        else:
            messages.success(request, "Thank you for your report: a moderator will look at this comment.")
            return redirect(f"{comment.article.get_absolute_url()}#comments")
    status = 503 if unavailable else 400 if form.errors else 200
    response = render(request, "comments/report.html", {"comment": comment, "form": form}, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _own_comment(request, pk):
    """The comment, if the reader is its author; anyone else gets a 404, as if there were none."""
    comment = get_object_or_404(Comment.objects.select_related("article__section"), pk=pk)
    own_ids = awaiting.ids(request)
    if not authors.is_author(comment, user=request.user, own_ids=own_ids):
        raise Http404("No comment of yours with this id.")
    return comment, own_ids


def _after_change(comment):
    if comment.is_public:
        return redirect(comment_page_url(comment))
    return redirect(f"{comment.article.get_absolute_url()}#comments")


def edit(request, pk):
    """Its author edits a comment within the window: the text kept in the form whatever goes wrong."""
    comment, own_ids = _own_comment(request, pk)
    form = EditForm(request.POST or None, initial={"body": comment.body})
    problem = authors.why_not_editable(comment)
    http_status = 409 if problem else 200
    if request.method == "POST" and form.is_valid() and not problem:
        try:
            comment = authors.edit(
                comment,
                form.cleaned_data["body"],
                user=request.user,
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                own_ids=own_ids,
            )
        except authors.AuthorActionRefused as refusal:
            problem, http_status = str(refusal), refusal.http_status
        else:
            messages.success(request, "Your comment is updated. It is checked again before it shows.")
            return _after_change(comment)
    if problem:
        form.add_error(None, problem)
    elif form.errors:
        http_status = 400
    context = {"comment": comment, "form": form, "deadline": None if problem else authors.edit_deadline(comment)}
    return render(request, "comments/edit.html", context, status=http_status)


def delete(request, pk):
    """Its author deletes a comment, at any time: a page to confirm, then the text is gone."""
    comment, own_ids = _own_comment(request, pk)
    if request.method == "POST":
        try:
            comment = authors.delete(comment, user=request.user, own_ids=own_ids)
        except authors.AuthorActionRefused as refusal:
            context = {"comment": comment, "refusal": str(refusal)}
            return render(request, "comments/delete.html", context, status=refusal.http_status)
        messages.success(request, "Your comment is deleted.")
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    return render(request, "comments/delete.html", {"comment": comment})


def _live_etag(request, article_id):
    return f"{article_id}-{article_version(article_id)}"


@condition(etag_func=_live_etag)
def live(request, article_id):
    """How many comments an article has: what an open page polls, with a conditional GET, to say that new ones came.

    The ETag is the article's comment version (one Redis read, bumped by every status change), so a poll
    while nothing changed is a 304 without a query; otherwise the answer is one indexed read.
    """
    count = Article.objects.published().filter(pk=article_id).values_list("comment_count", flat=True).first()
    if count is None:
        raise Http404("No such article.")
    response = JsonResponse({"count": count})
    response["Cache-Control"] = "no-cache"  # keep it, but ask each time: the ETag makes asking cheap
    return response


def recommend(request, pk):
    """Recommend a comment, or take the recommendation back: a page of its own without JavaScript, JSON with it."""
    comment = get_object_or_404(Comment.objects.select_related("article__section"), pk=pk)
    wants_json = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    reader = {"user": request.user, "ip": client_ip(request)}
    if request.method != "POST":
        if not comment.is_public:
            raise Http404("No such comment on the page.")
        context = {"comment": comment, "recommended": recommendations.has_recommended(comment, **reader)}
        return render(request, "comments/recommend.html", context)
    change = recommendations.withdraw if request.POST.get("action") == "withdraw" else recommendations.recommend
    try:
        count, changed = change(comment, own_ids=awaiting.ids(request), **reader)
    except recommendations.RecommendationRefused as refusal:
        http_status = refusal.http_status
        if wants_json:
            return JsonResponse({"detail": str(refusal)}, status=http_status)
        if not comment.is_public:
            raise Http404("No such comment on the page.") from None
        context = {"comment": comment, "refusal": str(refusal)}
        return render(request, "comments/recommend.html", context, status=http_status)
    recommended = change is recommendations.recommend
    if wants_json:
        return JsonResponse({"count": count, "recommended": recommended, "changed": changed})
    if recommended:
        thanks = "Thank you: your recommendation is counted." if changed else "You recommended it already."
        messages.success(request, thanks)
    else:
        messages.success(request, "Your recommendation is taken back.")
    return redirect(comment_page_url(comment))


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else settings.LOGIN_REDIRECT_URL


SIGNUP_TYPED_FIELDS = ("display_name", "email")


def signup(request):
    """Create a reader account, unverified until the link mailed to its address is followed.

    Whether or not the address has an account already, the reader is answered alike ("check your
    inbox"); sign-ups are rate-limited per client (`ACCOUNTS_SIGNUP_RATE_LIMIT`) and need the captcha.
    """
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    context = {"next": _safe_next(request)}
    if request.method != "POST" or "new_code" in request.POST:  # a fresh form, or the same one with a new code
        typed = {name: request.POST.get(name, "") for name in SIGNUP_TYPED_FIELDS}
        form = SignUpForm(initial=typed, captcha_key=captchas.issue_key())
        return render(request, "registration/signup.html", {**context, "form": form})
    form = SignUpForm(request.POST)
    if form.is_valid():
        rate = settings.ACCOUNTS_SIGNUP_RATE_LIMIT
        if rate_limited("accounts.signup.client", client_key(request), rate):
            form.add_error(
                None, f"Too many sign-ups from your address (at most {describe_rate(rate)}). Please try later."
            )
        else:
            form.save()
            return redirect(f"{reverse('signup-sent')}?{urlencode({'next': context['next']})}")
    return render(request, "registration/signup.html", {**context, "form": form}, status=400)


def signup_sent(request):
    """What every sign-up is answered, whether the address was new or had an account."""
    return render(request, "registration/signup_sent.html", {"next": _safe_next(request)})


def verify_email(request, uidb64, token):
    """The link in the mail: a page with a button (a mail scanner fetching the link confirms nothing)."""
    user = accounts.account_from_link(uidb64, token)
    if user is None:
        return render(request, "registration/verify_email.html", {"invalid": True}, status=400)
    if request.method == "POST":
        accounts.verify(user)
        if request.user.is_authenticated and request.user.pk == user.pk:
            messages.success(request, "Thank you: your e-mail address is confirmed.")
            return redirect(settings.LOGIN_REDIRECT_URL)
        messages.success(request, "Thank you: your e-mail address is confirmed. Please log in.")
        return redirect("login")
    return render(request, "registration/verify_email.html", {"account": user})


@require_POST
def send_verification(request):
    """A signed-in reader whose address is not confirmed asks for a new link."""
    if not request.user.is_authenticated:
        return redirect("login")
    if accounts.is_verified(request.user):
        messages.info(request, "Your e-mail address is confirmed already.")
    elif rate_limited("accounts.verify.user", str(request.user.pk), settings.ACCOUNTS_SIGNUP_RATE_LIMIT):
        messages.error(request, "A link was sent a moment ago. Please look in your inbox, or try again later.")
    else:
        accounts.send_verification(request.user)
        messages.success(request, "Check your inbox: we sent a link to confirm your address.")
    return redirect(_safe_next(request))
