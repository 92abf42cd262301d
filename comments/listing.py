"""The published comments of an article, a page at a time, rendered once per cache version.

The list fragment depends only on the article, the page and the order, so it is cached under
the article's comment version (bumped by every status change). What differs per reader (their
comments awaiting moderation, the form) is rendered outside it.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Subquery
from django.template.loader import render_to_string
from django.utils.functional import cached_property

from . import comment_cards
from .cache import article_version
from .models import Comment

OLDEST, NEWEST = "oldest", "newest"
PAGE_LINKS_AROUND = 2  # page links shown either side of the current page
PAGE_LINKS_AT_ENDS = 1  # and at either end of the list


class CommentPaginator(Paginator):
    """An article's published comments, a page at a time, in either order.

    Counted by the article's denormalized `comment_count`, never a COUNT query, and each page
    found from its first id (`page`), never an OFFSET.
    """

    def __init__(self, article, order=OLDEST):
        self.article, self.order = article, order
        self.ordering = "-id" if order == NEWEST else "id"
        # No list for Paginator to count or slice: `page` reads one page of comments, and counting pages reads none.
        super().__init__((), settings.COMMENTS_PER_PAGE)

    @cached_property
    def count(self):
        return self.article.comment_count

    @cached_property
    def path(self):
        """The article page's path, which every link of the list starts from."""
        return self.article.get_absolute_url()

    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        comments = Comment.objects.for_article_page(self.article).order_by(self.ordering)
        if offset:
            # Keyset: the page starts at the id found by walking only the (article, status, id) index, so a
            # deep page never reads the rows it skips (a plain OFFSET joined and read every one of them).
            first_id = Comment.objects.published().filter(article=self.article).order_by(self.ordering).values("id")
            first_id = Subquery(first_id[offset : offset + 1])
            comments = comments.filter(id__lte=first_id) if self.order == NEWEST else comments.filter(id__gte=first_id)
        return self._get_page(list(comments[: self.per_page]), number, self)

    def _get_page(self, *args, **kwargs):
        return CommentPage(*args, **kwargs)


class CommentPage(Page):
    """One page of the list, with the links it shows to other pages and to the other order."""

    @property
    def comments(self):
        return self.object_list

    @property
    def order(self):
        return self.paginator.order

    @property
    def first(self):
        """The position of the first comment shown ("displaying: first–last"), 0 when none is."""
        return (self.number - 1) * self.paginator.per_page + 1 if self.comments else 0

    @property
    def last(self):
        # From the comments shown, not the article's count, which a decision may have moved since they were read.
        return (self.number - 1) * self.paginator.per_page + len(self.comments)

    def url(self, number, order=None):
        return page_url(self.paginator.path, number, order or self.order)

    @property
    def previous_url(self):
        return self.url(self.number - 1)

    @property
    def next_url(self):
        return self.url(self.number + 1)

    @property
    def oldest_url(self):
        return self.url(self.number, OLDEST)

    @property
    def newest_url(self):
        return self.url(self.number, NEWEST)

    def page_links(self):
        """(page number, its URL) to link to, with None where a run of pages is left out."""
        numbers = self.paginator.get_elided_page_range(
            self.number, on_each_side=PAGE_LINKS_AROUND, on_ends=PAGE_LINKS_AT_ENDS
        )
        return [(number, self.url(number)) if isinstance(number, int) else None for number in numbers]


def read_order(value):
    return NEWEST if value == NEWEST else OLDEST


def read_page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def canonical_query(number, order):
    """The one spelling of a comment page's query: `order=newest` only when newest, `page=N` only after the first.

    Every link the site writes to a comment page uses it, and the article view sends any other
    spelling here (`comments.article_page`), so a page has one URL and one whole-page cache entry.
    """
    parts = [f"order={NEWEST}"] if order == NEWEST else []
    if number > 1:
        parts.append(f"page={number}")
    return "&".join(parts)


def page_url(path, number, order):
    query = canonical_query(number, order)
    return f"{path}?{query}" if query else path


def page_count(article):
    return CommentPaginator(article).num_pages


def comment_page(article, number, order):
    """One page of published comments (the last one for a number past it)."""
    return CommentPaginator(article, order).get_page(number)


def rendered_comment_list(article, number, order):
    """The list fragment's HTML, from the cache when this version of the page was rendered before."""
    paginator = CommentPaginator(article, order)
    number = min(number, paginator.num_pages)
    # The count is in the key because the total shown comes from it: an article loaded just before a
    # decision must not leave its old total in the fragment stored under the new version.
    version = article_version(article.pk)
    key = f"comments:list:{article.pk}:{version}:{article.comment_count}:{order}:{number}:{paginator.per_page}"
    html = cache.get(key)
    if html is None:
        page = paginator.page(number)
        cards = comment_cards.render_cards(page)
        html = render_to_string("comments/_list.html", {"article": article, "page": page, "cards": cards})
        cache.set(key, html)
    return html
