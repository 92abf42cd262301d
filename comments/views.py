"""Public comment views: permalinks, posting (with its live preview), reports and sign-up."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from newsite.clients import client_ip, client_key
from newsite.limits import RETRY_AFTER_SECONDS
from newsite.models import Article
from newsite.views import ArticleView

from . import awaiting, posting, reports, text
from .forms import CommentForm, ReportForm, SignUpForm
from .markup import render_comment
from .models import Comment

TYPED_FIELDS = ("author_name", "author_email", "body", "notify_on_reply", "parent")


def comment_page_url(comment):
    """Where a published comment stands: its article, on the right page (oldest first), at its anchor."""
    earlier = Comment.objects.published().filter(article_id=comment.article_id, id__lt=comment.pk).count()
    page = earlier // settings.COMMENTS_PER_PAGE + 1
    return f"{comment.article.get_absolute_url()}?page={page}#comment-{comment.pk}"


def permalink(request, pk):
    """Redirect to the page of the article on which the comment stands."""
    comment = get_object_or_404(Comment.objects.published().select_related("article__section"), pk=pk)
    return redirect(comment_page_url(comment))


def _published_article(article_id):
    return get_object_or_404(Article.objects.published().select_related("section"), pk=article_id)


def render_article_with_form(request, article, form, status=200):
    """The article page again, with the reader's form (their text and our errors) in place."""
    view = ArticleView()
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
    """Post/Redirect/Get: the reader lands on their comment, or sees the form again with what they typed."""
    article = _published_article(article_id)
    form = CommentForm(request.POST, article=article, user=request.user)
    if "new_code" in request.POST:  # the "New code" button without JavaScript: same text, fresh captcha
        typed = {name: value for name, value in request.POST.dict().items() if name in TYPED_FIELDS}
        unchecked = CommentForm(initial=typed, article=article, user=request.user)
        return render_article_with_form(request, article, unchecked)
    if form.is_valid():
        try:
            comment = posting.post_comment(
                article,
                form.posting_data(),
                user=request.user,
                ip=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
            )
        except posting.PostingRefused as refusal:
            form.add_refusal(refusal)
        else:
            response = redirect(_landing(request, comment))
            if not comment.is_public:
                awaiting.remember(request, response, comment.pk)
            return response
    return render_article_with_form(request, article, _with_fresh_token(form), status=400)


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
    if posting.rate_limited("comments.preview.client", client_key(request), rate):
        error = f"Preview paused: at most {posting.describe_rate(rate)}. Your text is kept; post when ready."
        return JsonResponse({"html": "", "error": error}, status=429)
    body = request.POST.get("body", "")[: settings.COMMENTS_MAX_LENGTH]
    return JsonResponse({"html": render_comment(body) if text.refusal(body) is None else ""})


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


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else settings.LOGIN_REDIRECT_URL


def signup(request):
    """Create a reader account (display name, e-mail, password) and log straight in."""
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.first_name}: you are signed in.")
        return redirect(_safe_next(request))
    status = 400 if form.errors else 200
    return render(request, "registration/signup.html", {"form": form, "next": _safe_next(request)}, status=status)
