"""The newsroom's pages: home, section, tag and article, and the "Rate this article" form."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from core.limits import RETRY_AFTER_SECONDS

from . import ratings, voters
from .models import Article, Section, Tag

HOME_LATEST_COUNT = 6
HOME_ARTICLES_PER_SECTION = 5
HOME_WINDOW = 60


def home(request):
    """The front page: the lead story, the latest stories, then each section's headlines."""
    recent = list(Article.objects.published().select_related("section")[:HOME_WINDOW])
    by_section = [
        (section, [a for a in recent if a.section_id == section.pk][:HOME_ARTICLES_PER_SECTION])
        for section in Section.objects.all()
    ]
    return render(
        request,
        "newsite/home.html",
        {
            "lead": recent[0] if recent else None,
            "latest": recent[1 : HOME_LATEST_COUNT + 1],
            "by_section": [(section, articles) for section, articles in by_section if articles],
        },
    )


class SectionView(ListView):
    template_name = "newsite/section.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["section"])
        return Article.objects.published().filter(section=self.section).select_related("section")

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ListView):
    template_name = "newsite/tag.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["tag"])
        return Article.objects.published().filter(tags=self.tag).select_related("section")

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleView(DetailView):
    """The article page; the rating widget is filled in here, the comment section by the comments
    app's page built on this one (`comments.article_page`)."""

    template_name = "newsite/article.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Article.objects.published().select_related("section").prefetch_related("tags"),
            section__slug=self.kwargs["section"],
            slug=self.kwargs["slug"],
        )


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def rate_view(request, slug):
    """The "Rate this article" form: JSON for the page's script, Post/Redirect/Get without it."""
    article = get_object_or_404(Article.objects.published().select_related("section"), slug=slug)
    back = f"{article.get_absolute_url()}#rating"
    as_json = _wants_json(request)

    try:
        limited = ratings.rating_is_limited(request)
    except ratings.RatingUnavailable as unavailable:
        return _unavailable(request, article, str(unavailable), as_json)
    if limited:
        message = "You are rating too quickly. Please wait a minute and try again."
        if as_json:
            return JsonResponse({"detail": message}, status=429)
        messages.error(request, message)
        return redirect(back)

    try:
        stars = ratings.clean_value(request.POST.get("value"))
    except ratings.InvalidRating as error:
        if as_json:
            return JsonResponse({"value": [str(error)]}, status=400)
        messages.error(request, str(error))
        return redirect(back)

    score, count = ratings.rate_as_reader(request, article, stars)
    if as_json:
        response = JsonResponse({"score": score, "count": count, "value": stars})
    else:
        messages.success(request, f"Thank you: your rating of {stars} out of {ratings.MAX_STARS} is saved.")
        response = redirect(back)
    return voters.remember_voter(request, response)


def _unavailable(request, article, message, as_json):
    """503 with the reason, as JSON for the page's script or as a page with the way back."""
    if as_json:
        response = JsonResponse({"detail": message}, status=503)
    else:
        context = {"title": "Rating not saved", "message": message, "back": f"{article.get_absolute_url()}#rating"}
        response = TemplateResponse(request, "newsite/unavailable.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
