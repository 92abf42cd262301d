"""The article page as readers get it: the news app's article view with the comment section
(`CommentedArticleView`), served whole from the page cache (`comments.page_cache`) when nothing on
it is personal to the reader.

A comment page has one URL (`listing.canonical_query`): any other spelling of its `page` and
`order` (`?page=01`, `?page=1`, `?order=x`, a repeated parameter) is sent there with a 301, and
a page number past the last page with a 302 to the last one (more comments may give it a page
later). So a stored page is always rendered from its own URL (its share links, log-in and form
`next` carry it), and the cache holds at most one entry per page and order, whatever readers type.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.encoding import escape_uri_path

from newsite.views import ArticleView

from . import listing, page_cache

ARTICLE_PAGE_TEMPLATE = "comments/pages/article.html"  # the article, its comment section, its feeds
SECTION_PAGE_TEMPLATE = "comments/pages/section.html"  # the section's stories, its comments feed


def _requested_page(request):
    return listing.read_page_number(request.GET.get("page")), listing.read_order(request.GET.get("order"))


def canonical_redirect(request):
    """A 301 to the canonical spelling of this comment page's URL, or None when it is spelt so.

    Only URLs whose query is nothing but `page` and `order`: others (`?reply_to=`) are never
    stored whole, and are answered as they are.
    """
    if not page_cache.CACHEABLE_PARAMETERS.issuperset(request.GET):
        return None
    canonical = listing.canonical_query(*_requested_page(request))
    if request.META.get("QUERY_STRING", "") == canonical:
        return None
    return HttpResponsePermanentRedirect(listing.page_url(escape_uri_path(request.path), *_requested_page(request)))


def beyond_last_page(request, article):
    """A 302 to the last comment page when a canonical URL asks for a page after it, else None."""
    if not page_cache.CACHEABLE_PARAMETERS.issuperset(request.GET):
        return None
    number, order = _requested_page(request)
    last = listing.page_count(article)
    if number <= last:
        return None
    return HttpResponseRedirect(listing.page_url(escape_uri_path(request.path), last, order))


class CommentedArticleView(ArticleView):
    template_name = ARTICLE_PAGE_TEMPLATE


class CachedArticleView(CommentedArticleView):
    def get(self, request, *args, **kwargs):
        redirect = canonical_redirect(request)
        if redirect is not None:
            return redirect
        impersonal = page_cache.is_impersonal(request)
        known_as = (self.kwargs["section"], self.kwargs["slug"])
        stamp_before = None
        if impersonal:
            stored, stamp_before = page_cache.PAGES.lookup(request, known_as)
            if stored is not None:
                return page_cache.respond(request, stored)
        self.object = article = self.get_object()
        redirect = beyond_last_page(request, article)
        if redirect is not None:
            return redirect
        if impersonal:
            page_cache.PAGES.remember(known_as, article.pk)
        if not impersonal or page_cache.PARTS.concern(request):  # a voter's stored page must not hold their stars
            return self.render_to_response(self.get_context_data(object=article))
        stamp = page_cache.PAGES.stamp(article.pk, read_before=stamp_before)
        context = self.get_context_data(object=article, **page_cache.PARTS.placeholders)
        page = self.render_to_response(context).render()
        return page_cache.store_and_respond(request, article, stamp, page.content)
