"""The article page as readers get it: newsite's article view, served whole from the page cache
(`comments.page_cache`) when nothing on it is personal to the reader."""

from newsite.views import ArticleView

from . import page_cache


class CachedArticleView(ArticleView):
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
