"""RSS 2.0 and Atom feeds of published comments: per article, per section and site-wide."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from newsite.models import Article, Section

from .models import Comment

FEED_ITEMS = 50


class LatestCommentsFeed(Feed):
    """The site's latest published comments."""

    description_template = None

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest comments"

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return f"The latest comments published on {settings.SITE_NAME}."

    def base_queryset(self):
        return Comment.objects.published().select_related("article", "article__section")

    def items(self, obj=None):
        return self.base_queryset().order_by("-published_at", "-id")[:FEED_ITEMS]

    def item_title(self, item):
        return f"{item.author_name} on {item.article.headline}"

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"{settings.SITE_URL.rstrip('/')}/comments/{item.pk}/"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.published_at or item.created_at

    def item_author_name(self, item):
        return item.author_name


class LatestCommentsAtomFeed(LatestCommentsFeed):
    feed_type = Atom1Feed
    subtitle = LatestCommentsFeed.description


class ArticleCommentsFeed(LatestCommentsFeed):
    """One article's published comments, newest first."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published().select_related("section"), slug=slug)

    def title(self, obj=None):
        return f"Comments on {obj.headline}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return f"Readers' comments on “{obj.headline}”."

    def items(self, obj=None):
        return self.base_queryset().filter(article=obj).order_by("-published_at", "-id")[:FEED_ITEMS]


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed
    subtitle = ArticleCommentsFeed.description


class SectionCommentsFeed(LatestCommentsFeed):
    """The latest published comments on one section's articles."""

    def get_object(self, request, section):
        return get_object_or_404(Section, slug=section)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest comments in {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return f"The latest comments on {obj.name} articles."

    def items(self, obj=None):
        return self.base_queryset().filter(article__section=obj).order_by("-published_at", "-id")[:FEED_ITEMS]


class SectionCommentsAtomFeed(SectionCommentsFeed):
    feed_type = Atom1Feed
    subtitle = SectionCommentsFeed.description
