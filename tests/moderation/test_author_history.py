"""Author history, as the live checks see it: matched by account, else by e-mail address in any case;
trust only from a verified account, suspicion from a typed address too."""

import pytest
from django.db import connection

from comments.models import Comment
from moderation.checks.author import AuthorCheck
from moderation.checks.base import Submission
from moderation.context import LiveContext
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def test_addresses_are_stored_lower_cased():
    comment = make_comment(author_email="  Reader@Example.ORG ")

    assert Comment.objects.get(pk=comment.pk).author_email == "reader@example.org"


def test_history_is_found_whatever_the_case_of_the_address():
    article = make_article()
    make_comment(article, author_email="pat@example.org", status=Status.REJECTED)
    make_comment(article, author_email="PAT@example.org", status=Status.SPAM)
    make_comment(article, author_email="someone.else@example.org", status=Status.SPAM)
    new = make_comment(article, author_email="Pat@Example.org", status=Status.SUBMITTED)

    record = LiveContext().author_record(Submission.from_comment(new))

    assert (record.rejected, record.spam) == (1, 1)


def author_signal(comment):
    return AuthorCheck().run(Submission.from_comment(comment), LiveContext())


def regular_commenter(article, published=5, **account):
    account.setdefault("verified", True)
    account.setdefault("joined_days_ago", 400)
    user = make_user(username="pat@example.org", email="pat@example.org", **account)
    for _ in range(published):
        make_comment(article, user=user, author_email="pat@example.org", status=Status.PUBLISHED)
    return user


def test_a_typed_address_of_a_trusted_commenter_gives_no_trust():
    article = make_article()
    regular_commenter(article)
    impostor = make_comment(article, author_email="pat@example.org", status=Status.SUBMITTED)

    signal = author_signal(impostor)

    assert signal.reasons == ("first comment by this author",)
    assert signal.evidence >= 0  # nothing speaks for it
    assert LiveContext().author_record(Submission.from_comment(impostor)).is_new


def test_the_verified_account_itself_earns_the_trust():
    article = make_article()
    user = regular_commenter(article)
    signal = author_signal(make_comment(article, user=user, status=Status.SUBMITTED))
    assert signal.evidence < 0 and signal.reasons == ()


def test_an_account_whose_address_is_not_verified_earns_no_trust():
    article = make_article()
    user = regular_commenter(article, verified=False)
    signal = author_signal(make_comment(article, user=user, status=Status.SUBMITTED))
    assert signal.reasons == ("first comment by this author",)


def test_a_day_old_account_earns_less_trust_than_an_established_one(settings):
    settings.MODERATION_AUTHOR_TRUST_DAYS = 7
    article = make_article()
    established = regular_commenter(article)
    fresh = make_user(username="new@example.org", verified=True, joined_days_ago=1)
    for _ in range(5):
        make_comment(article, user=fresh, status=Status.PUBLISHED)
    old_signal = author_signal(make_comment(article, user=established, status=Status.SUBMITTED))
    new_signal = author_signal(make_comment(article, user=fresh, status=Status.SUBMITTED))
    assert old_signal.evidence < new_signal.evidence < 0


def test_spam_under_a_typed_address_still_counts_against_it():
    article = make_article()
    make_comment(article, author_email="pat@example.org", status=Status.SPAM)
    make_comment(article, author_email="pat@example.org", status=Status.PUBLISHED)
    signal = author_signal(make_comment(article, author_email="pat@example.org", status=Status.SUBMITTED))
    assert signal.evidence > 0
    assert signal.reasons == ("author has 1 earlier comment filed as spam or rejected",)


def test_the_history_query_uses_the_address_index():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's planner may rightly prefer a scan on a tiny test table")
    plan = Comment.objects.filter(author_email="pat@example.org").explain()

    assert "comment_email" in plan
