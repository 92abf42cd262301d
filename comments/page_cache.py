"""The article page cached whole, for readers with nothing personal on it; per-reader parts filled in per response.

A reader without a session, a messages or an awaiting-comments cookie is anonymous, has no messages
and no comments awaiting moderation, so the page they get depends only on the URL and on what
`ArticlePages.depends_on` names. That page is stored rendered (`core.response_cache`), with
placeholders where each response needs its own value (`PARTS`: the masked CSRF token, the comment
form's signed timestamp, a captcha key), and served with one Redis round trip (the page and its
versions) and no SQL.

A reader whose only personal part is their own vote (the news app's voter cookie) gets the stored
page with the rating widget rendered for them in place (`newsite.rating_widget`: one query, for their vote).

A stored page is used only while its stamp matches:
- the article's comment version (`comments.cache`, bumped by every status change),
- the news app's versions of the article and the site (`newsite.page_versions`: edits, tags, ratings, sections),
- the page size setting,
and until it expires (`ARTICLE_PAGE_CACHE_SECONDS`, or earlier when the article's comments close).
Signed-in readers and anyone with a session or a message get the page rendered for them, as before.
"""

import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from core.page_parts import CSRF_TOKEN, Fill, PageParts
from core.response_cache import ResponseCache, cacheable_origin
from newsite import page_versions
from newsite.rating_widget import RATING

from . import awaiting, captchas, posting
from . import cache as comment_versions

CACHEABLE_PARAMETERS = frozenset({"page", "order"})  # ?reply_to= and others get a page of their own
# Context names the templates print per reader: csrf_token by Django's tag, the other two by comments' form tag.
PARTS = PageParts(
    fills=[
        CSRF_TOKEN,
        Fill("comment_form_token", lambda request, article_id: posting.form_token_for(article_id)),
        Fill("captcha_key", lambda request, article_id: captchas.issue_key()),
    ],
    regions=[RATING],
)


class ArticlePages(ResponseCache):
    key_prefix = "newsite:page"

    def depends_on(self, article_id):
        return [comment_versions.article_version_key(article_id), *page_versions.article_page_keys(article_id)]

    def built_with(self):
        return (settings.COMMENTS_PER_PAGE,)

    def url_key(self, request):
        # The page holds its full path (log-in link), whose query has one spelling (`comments.article_page`).
        return request.get_full_path()


PAGES = ArticlePages()


def is_impersonal(request):
    """Nothing on this reader's page is theirs alone, but perhaps a part `PARTS` renders for them."""
    if not settings.ARTICLE_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if cacheable_origin(request) is None:  # a Host the site does not store pages for
        return False
    cookies = request.COOKIES  # an emptied cookie (a deleted one some clients keep sending) counts as none
    personal = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, awaiting.COOKIE)
    if any(cookies.get(name) for name in personal):
        return False
    return CACHEABLE_PARAMETERS.issuperset(request.GET)


def store_and_respond(request, article, stamp, content):
    """Keep the page rendered with placeholders, and answer this reader with theirs filled in."""
    seconds = settings.ARTICLE_PAGE_CACHE_SECONDS
    if article.comments_close_at is not None and article.comments_open:
        seconds = min(seconds, article.comments_close_at.timestamp() - time.time())  # then the form must go
    stored = (article.pk, PARTS.split(content, article))
    PAGES.store(request, stamp, stored, seconds)
    return respond(request, stored)


def respond(request, stored):
    """The stored page (`store_and_respond`) with this reader's parts in place."""
    article_id, parts = stored
    response = HttpResponse(PARTS.join(request, parts, article_id))
    patch_vary_headers(response, ["Cookie"])  # as the page rendered for a signed-in reader says
    return response
