"""Writing a reader's posts onto our articles: all of a file or none of it.

The whole file is written in one transaction, in chunks, and every problem is collected on the way;
a problem (a post without an id or a zone on its date, an unknown status, an id twice in the file,
an article we do not have) rolls everything back, and so does a dry run, after it has counted what
would have been written. Memory holds one chunk, the site's article slugs and the problem lines
(the first MAX_LISTED of them): the file is never held whole.

A post already imported from the same source (its id is in ImportedComment) is skipped, so importing
a file twice adds nothing; one listed twice in the file in this run is a problem. Parents are linked
once every post is in, as a reply may come before its parent in the file.

Nothing is sent anywhere: rows are bulk-written (no save signals), so neither the moderation checks
nor the notifications hear of them, unless `moderate` asks for published and held posts to arrive
as submitted and be announced like a reader's post (`posting.announce_submitted`), after the commit.
"""

import ipaddress
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from newsite.models import Article

from .. import cache, posting
from ..markup import render_comment
from ..models import EMAIL_MAX_LENGTH, Comment, ImportedComment, normalize_email
from .records import STATUSES, ImportedPost, Problem

CHUNK_SIZE = 500
MAX_LISTED = 100  # problem and note lines kept for the report; the rest are counted
EXTERNAL_ID_MAX_LENGTH = ImportedComment._meta.get_field("external_id").max_length
AUTHOR_NAME_MAX_LENGTH = Comment._meta.get_field("author_name").max_length
USER_AGENT_MAX_LENGTH = Comment._meta.get_field("user_agent").max_length
UNNAMED_AUTHOR = "Anonymous"
MODERATED_ON_ARRIVAL = {Comment.Status.PUBLISHED, Comment.Status.HELD}


@dataclass
class Lines:
    """Report lines, the first MAX_LISTED kept and all of them counted."""

    listed: list = field(default_factory=list)
    count: int = 0

    def add(self, line):
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(str(line))

    def __bool__(self):
        return self.count > 0


@dataclass
class Outcome:
    source: str
    dry_run: bool = False
    read: int = 0
    imported: int = 0
    already_imported: int = 0
    skipped_unmatched: int = 0
    by_status: Counter = field(default_factory=Counter)
    unmatched_urls: Counter = field(default_factory=Counter)
    problems: Lines = field(default_factory=Lines)
    notes: Lines = field(default_factory=Lines)  # written anyway: a parent that is not in the file
    articles: set = field(default_factory=set)  # (article id, section id) of each article written to

    @property
    def committed(self):
        return not self.dry_run and not self.problems


class _RollBack(Exception):
    pass


class ArticleIndex:
    """Our articles by the last segment of their address: a thread's old page finds its article by the
    slug, whether the old site used our paths (/section/slug/) or dated ones (/2024/05/slug/)."""

    def __init__(self):
        self.by_slug = {
            slug: (pk, section) for pk, slug, section in Article.objects.values_list("pk", "slug", "section")
        }

    def find(self, url):
        segments = [part for part in unquote(urlsplit(url).path).split("/") if part]
        return self.by_slug.get(segments[-1]) if segments else None


def import_posts(posts, *, source, dry_run=False, moderate=False, skip_unmatched=False, chunk_size=CHUNK_SIZE):
    """Write `posts` (ImportedPost or Problem, as a reader yields them); returns the Outcome.

    Nothing is written unless the whole file had no problem and this is not a dry run.
    """
    outcome = Outcome(source=source, dry_run=dry_run)
    run_at = timezone.now()  # every row of this run carries it: an id met twice in the run is a duplicate
    index = ArticleIndex()
    try:
        with transaction.atomic():
            for chunk in _chunks(_checked(posts, index, outcome, skip_unmatched), chunk_size):
                _write(chunk, source=source, run_at=run_at, moderate=moderate, outcome=outcome)
            _link_parents(source, run_at, outcome)
            _recount(outcome.articles)
            if not outcome.committed:
                raise _RollBack
    except _RollBack:
        return outcome
    transaction.on_commit(lambda: _after_commit(source, run_at, outcome.articles, moderate))
    return outcome


def _checked(posts, index, outcome, skip_unmatched):
    """The posts that can be written, each with its article; the others become problem lines."""
    for post in posts:
        if isinstance(post, Problem):
            outcome.problems.add(post)
            continue
        outcome.read += 1
        problem = _problem_of(post)
        if problem:
            outcome.problems.add(Problem(_where(post), problem))
            continue
        article = index.find(post.thread_url)
        if article is None:
            outcome.unmatched_urls[post.thread_url] += 1
            if skip_unmatched:
                outcome.skipped_unmatched += 1
            else:
                outcome.problems.add(Problem(_where(post), f"no article of ours at {post.thread_url}"))
            continue
        yield post, article


def _where(post):
    name = f"post {post.external_id}" if post.external_id else "a post without an id"
    return f"line {post.line}, {name}" if post.line else name


def _problem_of(post):
    if not post.external_id:
        return "it has no id, so a second import could not know it"
    if len(post.external_id) > EXTERNAL_ID_MAX_LENGTH:
        return f"its id is longer than {EXTERNAL_ID_MAX_LENGTH} characters"
    if post.created_at is None:
        if post.raw_date:
            return f"its date {post.raw_date!r} has no time zone (or is not a date); it is not guessed"
        return "it has no date"
    if post.status not in STATUSES:
        return f"unknown status {post.status!r}"
    if not post.body.strip() and post.status != Comment.Status.REMOVED:
        return "it has no text"
    return None


def _chunks(items, size):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def _write(chunk, *, source, run_at, moderate, outcome):
    ids = [post.external_id for post, _ in chunk]
    earlier = dict(
        ImportedComment.objects.filter(source=source, external_id__in=ids).values_list("external_id", "imported_at")
    )
    fresh, seen = [], set()
    for post, article in chunk:
        if post.external_id in seen or earlier.get(post.external_id) == run_at:
            outcome.problems.add(Problem(_where(post), "the same id is in the file more than once"))
            continue
        seen.add(post.external_id)
        if post.external_id in earlier:
            outcome.already_imported += 1
            continue
        fresh.append((post, article))
    comments = [_comment(post, article, moderate) for post, article in fresh]
    Comment.objects.bulk_create(comments)
    # created_at is auto_now_add, which bulk_create fills with now: the post's own date goes in after.
    for comment, (post, _) in zip(comments, fresh, strict=True):
        comment.created_at = post.created_at
    Comment.objects.bulk_update(comments, ["created_at"])
    ImportedComment.objects.bulk_create(
        ImportedComment(
            comment=comment,
            source=source,
            external_id=post.external_id,
            parent_external_id=post.parent_external_id[:EXTERNAL_ID_MAX_LENGTH],
            imported_at=run_at,
        )
        for comment, (post, _) in zip(comments, fresh, strict=True)
    )
    for comment, (_, article) in zip(comments, fresh, strict=True):
        outcome.by_status[comment.status] += 1
        outcome.articles.add(article)
    outcome.imported += len(comments)


def _comment(post: ImportedPost, article, moderate):
    status = post.status
    if moderate and status in MODERATED_ON_ARRIVAL:
        status = Comment.Status.SUBMITTED
    published = status == Comment.Status.PUBLISHED
    return Comment(
        article_id=article[0],
        author_name=(post.author_name.strip() or UNNAMED_AUTHOR)[:AUTHOR_NAME_MAX_LENGTH],
        # Kept to recognise the author; never trusted: an imported address is not a verified one.
        author_email=_email(post.author_email),
        body=post.body,
        body_html=render_comment(post.body),
        status=status,
        published_at=(post.published_at or post.created_at) if published else None,
        ip_address=_ip(post.ip_address),
        user_agent=post.user_agent[:USER_AGENT_MAX_LENGTH],
    )


def _email(address):
    address = normalize_email(address)
    return address if "@" in address and len(address) <= EMAIL_MAX_LENGTH else ""


def _ip(address):
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def _link_parents(source, run_at, outcome):
    """Each reply of this run to its parent, found by the parent's id in the file (or in an earlier import)."""
    last = 0
    while True:
        children = list(
            ImportedComment.objects.filter(source=source, imported_at=run_at, pk__gt=last)
            .exclude(parent_external_id="")
            .order_by("pk")
            .values_list("pk", "comment_id", "comment__article_id", "external_id", "parent_external_id")[:CHUNK_SIZE]
        )
        if not children:
            return
        last = children[-1][0]
        parents = {
            external_id: (comment_id, article_id)
            for external_id, comment_id, article_id in ImportedComment.objects.filter(
                source=source, external_id__in={child[4] for child in children}
            ).values_list("external_id", "comment_id", "comment__article_id")
        }
        linked = []
        for _, comment_id, article_id, external_id, parent_id in children:
            parent = parents.get(parent_id)
            if parent is None:
                outcome.notes.add(f"post {external_id}: its parent {parent_id} is not in the file; it stands alone")
            elif parent[1] != article_id:
                outcome.notes.add(f"post {external_id}: its parent {parent_id} is on another article; it stands alone")
            else:
                linked.append(Comment(pk=comment_id, parent_id=parent[0]))
        Comment.objects.bulk_update(linked, ["parent"])


def _recount(articles):
    counts = dict(
        Comment.objects.published()
        .filter(article_id__in=[pk for pk, _ in articles])
        .values_list("article_id")
        .annotate(published=Count("pk"))
        .values_list("article_id", "published")
    )
    for pk, _ in articles:
        Article.objects.filter(pk=pk).update(comment_count=counts.get(pk, 0))


def _after_commit(source, run_at, articles, moderate):
    for pk, section in articles:
        cache.bump_article(pk, section)
    if not moderate:
        return
    waiting = Comment.objects.filter(
        imported_from__source=source, imported_from__imported_at=run_at, status=Comment.Status.SUBMITTED
    )
    for comment in waiting.iterator(chunk_size=CHUNK_SIZE):
        posting.announce_submitted(comment)
