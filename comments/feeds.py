"""RSS 2.0 and Atom feeds of published comments: per article, per section and site-wide.

Each feed body is built once per cache version (`comments.cache`): a status change on an
article bumps that article's, its section's and the site's version, so the next poll
rebuilds the feed, and every other poll is served from Redis. Feed readers get an ETag and
Last-Modified and a 304 when nothing changed.
"""

import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date

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


class CachedFeed(Feed):
    """A feed answered from the cache under comments versions, with conditional GET.

    The built feed is stored under a key made of the URL alone, with the versions it was built
    under (its stamp) and its ETag. A poll fetches the entry and the current versions in one
    Redis round trip and, when the stamp still matches, answers from it: a 304 or the stored
    body, with no SQL and no rendering. The versions' keys need the object's id, which a
    process learns the first time it builds the feed (`_known_ids`, only a hint: a stale id
    finds a stamp that no longer matches, and the feed is built again from the database).

    Subclasses say which version keys their body depends on (`version_keys`) and how to read
    them afresh (`current_versions`); everything else is Django's Feed.
    """

    _known_ids = {}  # (feed class, URL arguments) -> the object's id
    KNOWN_IDS_MAX = 10_000

    def version_keys(self, obj_id):
        raise NotImplementedError

    def current_versions(self, obj):
        raise NotImplementedError

    def object_id(self, obj):
        return obj.pk if obj is not None else None

    def entry_key(self, request, args):
        # Links in the body are absolute, so one body per scheme and host (None: a host we store nothing for).
        origin = versions.cacheable_origin(request)
        if origin is None:
            return None
        return f"comments:feed:{type(self).__name__}:{':'.join(map(str, args))}:{origin}"

    def render(self, request, obj):
        """Build the feed: (body, content type, Last-Modified timestamp)."""
        feedgen = self.get_feed(obj, request)
        body = feedgen.writeString("utf-8").encode("utf-8")
        return body, feedgen.content_type, int(feedgen.latest_post_date().timestamp())

    def cached(self, request, key, args):
        if key is None:
            return None
        hint = self._known_ids.get((type(self), args), _UNKNOWN)
        if hint is _UNKNOWN:
            return None
        version_keys = self.version_keys(hint)
        found = cache.get_many([key, *version_keys])
        entry = found.get(key)
        stamp = tuple(found.get(name) for name in version_keys)
        if entry is None or None in stamp or entry[0] != stamp:
            return None
        return entry

    def build(self, request, key, args, kwargs):
        try:
            obj = self.get_object(request, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        obj_id = self.object_id(obj)
        if len(self._known_ids) >= self.KNOWN_IDS_MAX:
            self._known_ids.clear()
        self._known_ids[(type(self), args)] = obj_id
        stamp = tuple(self.current_versions(obj))  # read before building: a change meanwhile leaves it stale
        body, content_type, last_modified = self.render(request, obj)
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        entry = (stamp, body, content_type, last_modified, etag)
        if key is not None:
            cache.set(key, entry, settings.COMMENTS_FEED_CACHE_SECONDS)
        return entry

    def __call__(self, request, **kwargs):
        args = tuple(kwargs.values())
        key = self.entry_key(request, args)
        entry = self.cached(request, key, args) or self.build(request, key, args, kwargs)
        _, body, content_type, last_modified, etag = entry
        # A repeat poll is answered before a body response is made.
        response = HttpResponse(content_type=content_type)
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.COMMENTS_FEED_MAX_AGE)
        conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
        if conditional is response:
            response.content = body
        return conditional


_UNKNOWN = object()


class LatestCommentsFeed(CachedFeed):
    """The site's latest published comments."""

    description_template = None
    item_guid_is_permalink = False

    def version_keys(self, obj_id):
        return [versions.SITE_KEY]

    def current_versions(self, obj):
        return [versions.site_version()]

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

    def version_keys(self, obj_id):
        # The article's own edits (its headline is in every title) bump its page version (newsite.page_versions).
        return [versions.article_version_key(obj_id), page_versions.article_key(obj_id), page_versions.SITE_KEY]

    def current_versions(self, obj):
        return [
            versions.article_version(obj.pk),
            page_versions.read(page_versions.article_key(obj.pk)),
            page_versions.read(page_versions.SITE_KEY),
        ]

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

    def version_keys(self, obj_id):
        return [versions.section_version_key(obj_id), page_versions.SITE_KEY]

    def current_versions(self, obj):
        return [versions.section_version(obj.pk), page_versions.read(page_versions.SITE_KEY)]

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
