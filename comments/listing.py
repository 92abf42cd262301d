"""The published comments of an article, a page at a time, rendered once per cache version.

The list fragment depends only on the article, the page and the order, so it is cached under
the article's comment version (bumped by every status change). What differs per reader (their
comments awaiting moderation, the form) is rendered outside it.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery
from django.template.loader import render_to_string

from . import comment_cards
from .cache import article_version
from .models import Comment

OLDEST, NEWEST = "oldest", "newest"
PAGE_LINKS_AROUND = 2  # page links shown either side of the current page


@dataclass
class CommentPage:
    comments: list
    number: int
    num_pages: int
    total: int
    order: str
    per_page: int
    path: str = ""  # the article page's path, which every link of the list starts from

    def url(self, number, order=None):
        return page_url(self.path, number, order or self.order)

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
    def first(self):
        return (self.number - 1) * self.per_page + 1 if self.comments else 0

    @property
    def last(self):
        return (self.number - 1) * self.per_page + len(self.comments)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    def page_links(self):
        """(page number, its URL) to link to, with None where a run of pages is left out."""
        wanted = {1, self.num_pages, *range(self.number - PAGE_LINKS_AROUND, self.number + PAGE_LINKS_AROUND + 1)}
        links, previous = [], 0
        for number in sorted(n for n in wanted if 1 <= n <= self.num_pages):
            if number > previous + 1:
                links.append(None)
            links.append((number, self.url(number)))
            previous = number
        return links


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
    return max(1, math.ceil(article.comment_count / settings.COMMENTS_PER_PAGE))


def comment_page(article, number, order):
    """One page of published comments; the total comes from the article's denormalized count."""
    per_page = settings.COMMENTS_PER_PAGE
    total = article.comment_count
    num_pages = page_count(article)
    number = min(number, num_pages)
    offset = (number - 1) * per_page
    ordering = "-id" if order == NEWEST else "id"
    comments = Comment.objects.for_article_page(article).order_by(ordering)
    if offset:
        # Keyset: the page starts at the id found by walking only the (article, status, id) index, so a
        # deep page never reads the rows it skips (a plain OFFSET joined and read every one of them).
        first_id = Comment.objects.published().filter(article=article).order_by(ordering).values("id")
        first_id = Subquery(first_id[offset : offset + 1])
        comments = comments.filter(id__lte=first_id) if order == NEWEST else comments.filter(id__gte=first_id)
    path = article.get_absolute_url()
    return CommentPage(list(comments[:per_page]), number, num_pages, total, order, per_page, path)


def rendered_comment_list(article, number, order):
    """The list fragment's HTML, from the cache when this version of the page was rendered before."""
    number = min(number, page_count(article))
    # The count is in the key because the total shown comes from it: an article loaded just before a
    # decision must not leave its old total in the fragment stored under the new version.
    version = article_version(article.pk)
    key = f"comments:list:{article.pk}:{version}:{article.comment_count}:{order}:{number}:{settings.COMMENTS_PER_PAGE}"
    html = cache.get(key)
    if html is None:
        page = comment_page(article, number, order)
        cards = comment_cards.render_cards(page)
        html = render_to_string("comments/_list.html", {"article": article, "page": page, "cards": cards})
        cache.set(key, html)
    return html
