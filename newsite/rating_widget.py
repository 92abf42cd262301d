"""The rating widget as a part of an article page stored whole: the same for every reader but a voter,
who gets it rendered for them with their own stars (one query, for their vote).

`article.html` prints the region's placeholders around the widget (`rating_start`, `rating_end`);
a page cache that stores the page lists `RATING` among its regions.
"""

from django.template.loader import get_template

from core.page_parts import Region

from .models import Article
from .ratings import VOTER_COOKIE

TEMPLATE = "newsite/_rating.html"


class RatingRegion(Region):
    name = "rating"

    def concerns(self, request):
        return bool(request.COOKIES.get(VOTER_COOKIE))

    def keep(self, article):
        return (article.pk, article.slug, article.rating_count, article.rating_total)

    def render(self, request, kept, value_of):
        article_id, slug, rating_count, rating_total = kept
        article = Article(pk=article_id, slug=slug, rating_count=rating_count, rating_total=rating_total)
        context = {"article": article, "request": request, "csrf_token": value_of("csrf_token")}
        return get_template(TEMPLATE).render(context)


RATING = RatingRegion()
