"""RSS 2.0 and Atom feeds of published comments: per article, per section and site-wide.

Each feed body is built once per cache version (`comments.cache`): a status change on an
article bumps that article's, its section's and the site's version, so the next poll
rebuilds the feed, and every other poll is served from Redis. Feed readers get an ETag and
Last-Modified and a 304 when nothing changed.
"""

import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date

from core.response_cache import ResponseCache
from newsite import page_versions
from newsite.models import Article, Section

from . import cache as versions
from .models import Comment

# Columns a feed entry never needs; the e-mail address and IP must never reach a feed anyway.
UNUSED_IN_FEEDS = ("body", "author_email", "ip_address", "user_agent")


class CommentsAtomFeed(Atom1Feed):
    """Atom with the comment's HTML as the entry's <content>, where Django would put a <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("content", item["description"], {"type": "html"})


class FeedResponses(ResponseCache):
    """One feed's stored responses, under the versions the feed says its body depends on."""

    def __init__(self, feed):
        super().__init__()
        self.feed = feed
        self.key_prefix = f"comments:feed:{type(feed).__name__}"

    def depends_on(self, obj_id):
        return self.feed.depends_on(obj_id)


class CachedFeed(Feed):
    """A feed answered from the cache (`core.response_cache`), with conditional GET.

    A poll whose feed is stored and current is answered from Redis alone: a 304 or the stored
    body, with no SQL and no rendering. Subclasses say which version keys their body depends
    on (`depends_on`, given the feed object's id); everything else is Django's Feed.
    """

    def __init__(self):
        self.responses = FeedResponses(self)

    def depends_on(self, obj_id):
        raise NotImplementedError

    def object_id(self, obj):
        return obj.pk if obj is not None else None

    def render(self, request, obj):
        """Build the feed: (body, content type, Last-Modified timestamp)."""
        feedgen = self.get_feed(obj, request)
        body = feedgen.writeString("utf-8").encode("utf-8")
        return body, feedgen.content_type, int(feedgen.latest_post_date().timestamp())

    def build(self, request, args, kwargs, stamp_before):
        try:
            obj = self.get_object(request, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        obj_id = self.object_id(obj)
        self.responses.remember(args, obj_id)
        stamp = self.responses.stamp(obj_id, read_before=stamp_before)
        body, content_type, last_modified = self.render(request, obj)
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        stored = (body, content_type, last_modified, etag)
        self.responses.store(request, stamp, stored, settings.COMMENTS_FEED_CACHE_SECONDS)
        return stored

    def __call__(self, request, **kwargs):
        args = tuple(kwargs.values())
        stored, stamp = self.responses.lookup(request, args)
        if stored is None:
            stored = self.build(request, args, kwargs, stamp)
        body, content_type, last_modified, etag = stored
        # A repeat poll is answered before a body response is made.
        response = HttpResponse(content_type=content_type)
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.COMMENTS_FEED_MAX_AGE)
        conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        if conditional is response:
            response.content = body
        return conditional


class LatestCommentsFeed(CachedFeed):
    """The site's latest published comments."""

    description_template = None
    item_guid_is_permalink = False

    def depends_on(self, obj_id):
        return [versions.SITE_KEY]

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest comments"

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return f"The latest comments published on {settings.SITE_NAME}."

    def base_queryset(self):
        return (
            Comment.objects.published()
            .filter(article__published_at__lte=timezone.now())
            .select_related("article", "article__section")
            .defer(*UNUSED_IN_FEEDS)
        )

    def latest(self, queryset):
        return queryset.order_by("-published_at", "-id")[: settings.COMMENTS_FEED_ITEMS]

    def items(self, obj=None):
        return self.latest(self.base_queryset())

    def item_title(self, item):
        return f"{item.author_name} on {item.article.headline}"

    def item_description(self, item):
        # Rendered and sanitized once, at save (comments.markup); never the raw body.
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # Independent of the host that served the feed, so a reader never sees an entry twice.
        return f"{settings.SITE_URL.rstrip('/')}/comments/{item.pk}/"

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.published_at or item.created_at

    def item_author_name(self, item):
        return item.author_name

    # No item_author_email: Django would publish the address next to the name.


class LatestCommentsAtomFeed(LatestCommentsFeed):
    feed_type = CommentsAtomFeed
    subtitle = LatestCommentsFeed.description


class ArticleCommentsFeed(LatestCommentsFeed):
    """One article's published comments, newest first (closed and pre-moderated articles too)."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published().select_related("section"), slug=slug)

    def depends_on(self, obj_id):
        # The article's own edits (its headline is in every title) bump its page version (newsite.page_versions).
        return [versions.article_version_key(obj_id), *page_versions.article_page_keys(obj_id)]

    def title(self, obj=None):
        return f"Comments on {obj.headline}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return f"Readers' comments on “{obj.headline}”."

    def items(self, obj=None):
        return self.latest(self.base_queryset().filter(article=obj))


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = CommentsAtomFeed
    subtitle = ArticleCommentsFeed.description


class SectionCommentsFeed(LatestCommentsFeed):
    """The latest published comments on one section's articles."""

    def get_object(self, request, section):
        return get_object_or_404(Section, slug=section)

    def depends_on(self, obj_id):
        return [versions.section_version_key(obj_id), page_versions.SITE_KEY]

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest comments in {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return f"The latest comments on {obj.name} articles."

    def items(self, obj=None):
        return self.latest(self.base_queryset().filter(article__section=obj))


class SectionCommentsAtomFeed(SectionCommentsFeed):
    feed_type = CommentsAtomFeed
    subtitle = SectionCommentsFeed.description
