"""Author history, as the live checks see it: matched by account, else by e-mail address in any case."""

import pytest
from django.db import connection

from comments.models import Comment
from moderation.checks.base import Submission
from moderation.context import LiveContext
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


def test_addresses_are_stored_lower_cased():
    comment = make_comment(author_email="  Reader@Example.ORG ")

    assert Comment.objects.get(pk=comment.pk).author_email == "reader@example.org"


def test_history_is_found_whatever_the_case_of_the_address():
    article = make_article()
    make_comment(article, author_email="pat@example.org", status=Status.PUBLISHED)
    make_comment(article, author_email="PAT@example.org", status=Status.SPAM)
    make_comment(article, author_email="someone.else@example.org", status=Status.SPAM)
    new = make_comment(article, author_email="Pat@Example.org", status=Status.SUBMITTED)

    record = LiveContext().author_record(Submission.from_comment(new))

    assert (record.published, record.spam) == (1, 1)


def test_the_history_query_uses_the_address_index():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's planner may rightly prefer a scan on a tiny test table")
    plan = Comment.objects.filter(author_email="pat@example.org").explain()

    assert "comment_email" in plan
