"""The newsroom's pages: home, section, tag and article."""

from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from . import page_cache
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
    """The article page; the comment section and rating widget are filled by the comments app.

    Readers with nothing personal on the page get it from the whole-page cache (`page_cache`).
    """

    template_name = "newsite/article.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        if not page_cache.is_impersonal(request):
            return super().get(request, *args, **kwargs)
        section_slug, slug = self.kwargs["section"], self.kwargs["slug"]
        cached = page_cache.lookup(request, section_slug, slug)
        if cached is not None:
            return cached
        self.object = article = self.get_object()
        page_cache.remember(section_slug, slug, article.pk)
        if page_cache.is_voter(request):  # the stored page must not hold this reader's own stars
            return self.render_to_response(self.get_context_data(object=article))
        stamp = page_cache.current_stamp(article)
        context = self.get_context_data(object=article, **page_cache.PLACEHOLDERS)
        page = self.render_to_response(context).render()
        return page_cache.store_and_respond(request, article, stamp, page.content)

    def get_object(self, queryset=None):
        return get_object_or_404(
            Article.objects.published().select_related("section").prefetch_related("tags"),
            section__slug=self.kwargs["section"],
            slug=self.kwargs["slug"],
        )
