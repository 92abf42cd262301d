"""The published comments of an article, a page at a time, rendered once per cache version.

Four ways to read them: oldest first, newest first, most recommended (by the count, ties oldest
first: only recommendations are counted, never a vote against, so a Wilson lower bound would need
the number of readers who saw a comment and did not recommend it, which nobody knows; the count
is what readers see on the cards and can check), and the editors' picks (oldest first, one page).

The list fragment depends only on the article, the page and the order, so it is cached under
the article's comment version (bumped by every status change). What differs per reader (their
comments awaiting moderation, the form) is rendered outside it.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q, Subquery
from django.template.loader import render_to_string
from django.utils.functional import cached_property

from . import comment_cards
from .cache import article_version
from .models import Comment

OLDEST, NEWEST, RECOMMENDED, PICKS = "oldest", "newest", "recommended", "picks"
ORDERS = {OLDEST: "oldest first", NEWEST: "newest first", RECOMMENDED: "most recommended", PICKS: "editors' picks"}
ORDERINGS = {OLDEST: ("id",), NEWEST: ("-id",), RECOMMENDED: ("-recommendation_count", "id"), PICKS: ("id",)}
PAGE_LINKS_AROUND = 2  # page links shown either side of the current page
PAGE_LINKS_AT_ENDS = 1  # and at either end of the list


class CommentPaginator(Paginator):
    """An article's published comments, a page at a time, in one of the ORDERS.

    Counted by the article's denormalized `comment_count`, never a COUNT query, and each page
    found from its first row (`page`), never an OFFSET. The editors' picks are one page, the
    first COMMENTS_PER_PAGE of them, counted as they are read: a desk picks a handful.
    """

    def __init__(self, article, order=OLDEST):
        self.article, self.order = article, order
        self.ordering = ORDERINGS[order]
        # No list for Paginator to count or slice: `page` reads one page of comments, and counting pages reads none.
        super().__init__((), settings.COMMENTS_PER_PAGE)

    @cached_property
    def count(self):
        if self.order == PICKS:
            return len(self.picks)
        return self.article.comment_count

    @cached_property
    def picks(self):
        picked = Comment.objects.for_article_page(self.article).filter(picked_at__isnull=False)
        return list(picked.order_by(*self.ordering)[: self.per_page])

    @cached_property
    def path(self):
        """The article page's path, which every link of the list starts from."""
        return self.article.get_absolute_url()

    def page(self, number):
        number = self.validate_number(number)
        if self.order == PICKS:
            return self._get_page(self.picks, number, self)
        offset = (number - 1) * self.per_page
        comments = Comment.objects.for_article_page(self.article).order_by(*self.ordering)
        if offset:
            comments = comments.filter(self._from_row(offset))
        return self._get_page(list(comments[: self.per_page]), number, self)

    def _from_row(self, offset):
        """Keyset: the page starts at the row found by walking only an index ((article, status, id), or with
        the count before the id), so a deep page never reads the rows it skips (an OFFSET joined every one)."""
        rows = Comment.objects.published().filter(article=self.article).order_by(*self.ordering)
        first_id = Subquery(rows.values("id")[offset : offset + 1])
        if self.order == NEWEST:
            return Q(id__lte=first_id)
        if self.order == RECOMMENDED:
            first_count = Subquery(rows.values("recommendation_count")[offset : offset + 1])
            return Q(recommendation_count__lt=first_count) | Q(recommendation_count=first_count, id__gte=first_id)
        return Q(id__gte=first_id)

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

    @property
    def is_picks(self):
        return self.order == PICKS

    def order_links(self):
        """(order, its label, the URL of its first page) for each order; oldest and newest keep the page."""
        same_page = self.number if self.order in (OLDEST, NEWEST) else 1
        return [
            (order, label, self.url(same_page if order in (OLDEST, NEWEST) else 1, order))
            for order, label in ORDERS.items()
        ]

    def page_links(self):
        """(page number, its URL) to link to, with None where a run of pages is left out."""
        numbers = self.paginator.get_elided_page_range(
            self.number, on_each_side=PAGE_LINKS_AROUND, on_ends=PAGE_LINKS_AT_ENDS
        )
        return [(number, self.url(number)) if isinstance(number, int) else None for number in numbers]


def read_order(value):
    return value if value in ORDERS else OLDEST


def read_page_number(value):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def canonical_query(number, order):
    """The one spelling of a comment page's query: `order=…` only when not oldest, `page=N` only after the first.

    Every link the site writes to a comment page uses it, and the article view sends any other
    spelling here (`comments.article_page`), so a page has one URL and one whole-page cache entry.
    """
    parts = [f"order={order}"] if order != OLDEST else []
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
    # The picks are one page, counted as they are read: asking for their number of pages would read them here.
    number = 1 if order == PICKS else min(number, paginator.num_pages)
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
