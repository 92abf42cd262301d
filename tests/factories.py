"""Small builders for test data; each fills in only what a test does not care about."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from comments.models import Comment, VerifiedEmail
from newsite.models import Article, Section

_sequence = itertools.count(1)


def make_section(**fields):
    n = next(_sequence)
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_article(**fields):
    n = next(_sequence)
    if "section" not in fields:
        fields["section"] = make_section()
    fields.setdefault("headline", f"Headline number {n}")
    fields.setdefault("slug", f"headline-{n}")
    fields.setdefault("standfirst", "A short summary of the story.")
    fields.setdefault("byline", "A. Reporter")
    fields.setdefault("body", "First paragraph.\n\nSecond paragraph.")
    return Article.objects.create(**fields)


def make_comment(article=None, **fields):
    """A comment saved directly (no moderation), published unless told otherwise."""
    n = next(_sequence)
    article = article or make_article()
    fields.setdefault("author_name", f"Reader {n}")
    fields.setdefault("author_email", f"reader{n}@example.org")
    fields.setdefault("body", f"Comment number {n}.")
    fields.setdefault("body_html", f"<p>Comment number {n}.</p>")
    fields.setdefault("status", Comment.Status.PUBLISHED)
    if fields["status"] == Comment.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    comment = Comment.objects.create(article=article, **fields)
    if comment.status == Comment.Status.PUBLISHED:
        Article.objects.filter(pk=article.pk).update(
            comment_count=Comment.objects.published().filter(article=article).count()
        )
    return comment


def make_user(username=None, password="a-long-test-password", *, verified=False, joined_days_ago=None, **fields):
    """An account; `verified` gives it a confirmed e-mail address (made up when none is given)."""
    username = username or f"user{next(_sequence)}"
    if verified:
        fields.setdefault("email", username if "@" in username else f"{username}@example.org")
    if joined_days_ago is not None:
        fields["date_joined"] = timezone.now() - timedelta(days=joined_days_ago)
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    if verified:
        VerifiedEmail.objects.create(user=user, email=user.email)
    return user


def long_but_valid_address(length):
    """A syntactically valid address of exactly `length` characters (labels of at most 63)."""
    local = "reader." + "l" * 50
    domain_length = length - len(local) - 1 - len(".org")
    labels = []
    while domain_length > 0:
        size = min(63, domain_length)
        if domain_length - size == 1:  # a label of 0 would be left after the dot
            size -= 1
        labels.append("d" * size)
        domain_length -= size + 1
    address = f"{local}@{'.'.join(labels)}.org"
    assert len(address) == length, len(address)
    return address
