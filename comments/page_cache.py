"""The article page cached whole, for readers with nothing personal on it; per-reader parts filled in per response.

A reader without a session, a messages or an awaiting-comments cookie is anonymous, has no messages
and no comments awaiting moderation, so the page they get depends only on the URL and on what the versions
below describe. That page is stored rendered, with placeholders where each response needs its
own value (the masked CSRF token, the comment form's signed timestamp, a captcha key), and
served with one Redis round trip (`get_many`: the page and its versions) and no SQL.

A reader whose only personal part is their own vote (a voter cookie) gets the stored page with the
rating widget rendered for them in place (one query, for their vote).

A stored page is used only while its stamp matches the versions read with it:
- the article's comment version (`comments.cache`, bumped by every status change),
- the article's page version and the site's (`newsite.page_versions`: edits, tags, ratings, sections),
- the page size setting,
and until it expires (`ARTICLE_PAGE_CACHE_SECONDS`, or earlier when the article's comments close).
Signed-in readers and anyone with a session or a message get the page rendered for them, as before.
"""

import hashlib
import re
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.cache import patch_vary_headers

from newsite import page_versions, ratings
from newsite.models import Article

from . import awaiting, captchas, posting
from . import cache as comment_versions

# Context names the templates read (csrf_token by Django's tag; the other two by comments' form tag),
# set to these strings when the page is rendered for the cache. Letters only: nothing escapes them.
PLACEHOLDERS = {
    "csrf_token": "pagecachecsrftokenplaceholder",
    "comment_form_token": "pagecacheformtokenplaceholder",
    "captcha_key": "pagecachecaptchakeyplaceholder",
    # Around the rating widget (article.html), which shows a voter their own stars.
    "rating_start": "pagecacheratingstartplaceholder",
    "rating_end": "pagecacheratingendplaceholder",
}
RATING_TEMPLATE = "newsite/_rating.html"
FILLS = {
    # get_token also sets the CSRF cookie on this response, as rendering the tag would.
    "csrf_token": lambda request, article_id: get_token(request),
    "comment_form_token": lambda request, article_id: posting.form_token_for(article_id),
    "captcha_key": lambda request, article_id: captchas.issue_key(),
    "rating_start": lambda request, article_id: "",
    "rating_end": lambda request, article_id: "",
}
_PLACEHOLDER_NAMES = {value.encode(): name for name, value in PLACEHOLDERS.items()}
_SPLIT = re.compile(b"(" + b"|".join(re.escape(value) for value in _PLACEHOLDER_NAMES) + b")")
CACHEABLE_PARAMETERS = frozenset({"page", "order"})  # ?reply_to= and others get a page of their own

# (section slug, article slug) -> article id, learnt when a page is rendered, so that a cached page
# and its versions come in one round trip. Only a hint: a stale id finds no matching stamp (deleting
# or re-saving an article bumps its version), and the page is rendered again from the database.
_known_articles = {}
KNOWN_ARTICLES_MAX = 10_000


def is_impersonal(request):
    """Nothing on this reader's page is theirs alone, but perhaps their vote (`is_voter`)."""
    if not settings.ARTICLE_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if comment_versions.cacheable_origin(request) is None:  # a Host the site does not store pages for
        return False
    cookies = request.COOKIES  # an emptied cookie (a deleted one some clients keep sending) counts as none
    personal = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, awaiting.COOKIE)
    if any(cookies.get(name) for name in personal):
        return False
    return CACHEABLE_PARAMETERS.issuperset(request.GET)


def is_voter(request):
    return bool(request.COOKIES.get(ratings.VOTER_COOKIE))


def remember(section_slug, slug, article_id):
    if len(_known_articles) >= KNOWN_ARTICLES_MAX:
        _known_articles.clear()
    _known_articles[(section_slug, slug)] = article_id


def _entry_key(request):
    # The page holds its absolute URL (share links) and full path (log-in link), so the key holds them too.
    url = f"{comment_versions.cacheable_origin(request)}{request.get_full_path()}"
    return f"newsite:page:{hashlib.sha256(url.encode()).hexdigest()}"


def _version_keys(article_id):
    return [
        comment_versions.article_version_key(article_id),
        page_versions.article_key(article_id),
        page_versions.SITE_KEY,
    ]


def _stamp(article_id, versions):
    return (article_id, *versions, settings.COMMENTS_PER_PAGE)


def lookup(request, section_slug, slug):
    """(the stored page as a response for this reader or None, the stamp read for it or None).

    On a miss the stamp still matters: it was read before the article and its comments are, so a
    decision that lands while the page is rendered leaves what is stored stale (see `current_stamp`).
    """
    article_id = _known_articles.get((section_slug, slug))
    if article_id is None:
        return None, None
    key, version_keys = _entry_key(request), _version_keys(article_id)
    found = cache.get_many([key, *version_keys])
    entry = found.get(key)
    versions = [found.get(name) for name in version_keys]
    if None in versions:
        return None, None
    current = _stamp(article_id, versions)
    if entry is None:
        return None, current
    stamp, valid_until, parts, rated = entry
    if stamp != current or valid_until <= time.time():
        return None, current
    return _respond(request, parts, rated), current


def current_stamp(article, read_before=None):
    """The versions the page about to be rendered is stored under.

    Best read before the article itself (`lookup` does, when it knows the article's id): a decision
    that commits between loading the article and reading the versions would otherwise store a page
    with the old count under the new versions ("Comments (8)" above "total: 7"), and serve it.
    """
    if read_before is not None and read_before[0] == article.pk:
        return read_before
    keys = _version_keys(article.pk)
    found = cache.get_many(keys)
    if any(found.get(key) is None for key in keys):  # first view since Redis was emptied: start the versions
        found = {
            keys[0]: comment_versions.article_version(article.pk),
            **{key: page_versions.read(key) for key in keys[1:]},
        }
    return _stamp(article.pk, [found.get(key) for key in keys])


def store_and_respond(request, article, stamp, content):
    """Keep the page rendered with placeholders, and answer this reader with theirs filled in."""
    seconds = settings.ARTICLE_PAGE_CACHE_SECONDS
    valid_until = time.time() + seconds
    if article.comments_close_at is not None and article.comments_open:
        valid_until = min(valid_until, article.comments_close_at.timestamp())  # then the form must go
    pieces = _SPLIT.split(content)
    parts = tuple(_PLACEHOLDER_NAMES[piece] if n % 2 else piece for n, piece in enumerate(pieces))
    # What the rating widget needs to be rendered again for a voter, without the article's query.
    rated = (article.pk, article.slug, article.rating_count, article.rating_total)
    if None not in stamp:
        cache.set(_entry_key(request), (stamp, valid_until, parts, rated), seconds)
    return _respond(request, parts, rated)


def _rating_for_voter(request, rated, csrf_token):
    article_id, slug, rating_count, rating_total = rated
    article = Article(pk=article_id, slug=slug, rating_count=rating_count, rating_total=rating_total)
    context = {"article": article, "request": request, "csrf_token": csrf_token}
    return get_template(RATING_TEMPLATE).render(context).encode()


def _respond(request, parts, rated):
    article_id, voter = rated[0], is_voter(request)
    filled, chunks, skipping = {}, [], False
    for n, part in enumerate(parts):
        if n % 2:
            if part not in filled:
                filled[part] = FILLS[part](request, article_id).encode()
            if voter and part == "rating_start":
                csrf_token = filled.setdefault("csrf_token", FILLS["csrf_token"](request, article_id).encode())
                chunks.append(_rating_for_voter(request, rated, csrf_token.decode()))
                skipping = True
            elif part == "rating_end":
                skipping = False
            elif not skipping:
                chunks.append(filled[part])
        elif not skipping:
            chunks.append(part)
    response = HttpResponse(b"".join(chunks))
    patch_vary_headers(response, ["Cookie"])  # as the page rendered for a signed-in reader says
    return response
