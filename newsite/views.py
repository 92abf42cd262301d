"""The newsroom's pages: home, section, tag and article."""

from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

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
