"""One live check stays within its queries (rules come from a version, not a query); rule changes apply at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from moderation import pipeline
from moderation.context import RULES_VERSION_KEY
from moderation.models import Assessment, Rule
from tests.factories import make_article, make_comment

Status = Comment.Status


def submitted(article, body):
    return make_comment(article=article, status=Status.SUBMITTED, body=body)


def status_after_check(comment):
    pipeline.check(comment.pk)
    comment.refresh_from_db()
    return comment.status


@pytest.mark.django_db
def test_one_check_reads_no_rules_once_they_are_built_and_stays_within_its_queries():
    article = make_article()
    pipeline.check(submitted(article, "A first comment builds the rules.").pk)
    comment = submitted(article, "A fair point about the council budget, well made.")
    with CaptureQueriesContext(connection) as captured:
        pipeline.check(comment.pk)
    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if "moderation_rule" in sql]
    # comment, author history, bans, classifier stamp; publishing: lock-read, status update, audit
    # row, article's comment count; assessment insert; score update (and the test's savepoints).
    assert len([sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE"))]) == 10


@pytest.mark.django_db
def test_a_rule_added_edited_or_deleted_applies_to_the_very_next_check():
    article = make_article()
    assert status_after_check(submitted(article, "Try the casino tonight, a fine evening out.")) == Status.PUBLISHED
    rule = Rule.objects.create(kind=Rule.Kind.WORD, pattern="casino", action=Rule.Action.REJECT)
    assert status_after_check(submitted(article, "Try the casino tonight, a fine evening.")) == Status.REJECTED
    rule.action = Rule.Action.HOLD
    rule.save()
    assert status_after_check(submitted(article, "Try the casino tonight, a fine night.")) == Status.HELD
    rule.delete()
    assert status_after_check(submitted(article, "Try the casino tonight, a fine night out.")) == Status.PUBLISHED


@pytest.mark.django_db
def test_a_lost_rules_version_rebuilds_the_rules_from_the_database():
    article = make_article()
    status_after_check(submitted(article, "Try the casino tonight, a fine evening out."))
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="casino", action=Rule.Action.REJECT)
    cache.delete(RULES_VERSION_KEY)  # Redis flushed or restarted after the change
    assert status_after_check(submitted(article, "Try the casino tonight, a fine evening.")) == Status.REJECTED


@pytest.mark.django_db(transaction=True)
def test_a_rule_committed_elsewhere_is_seen_by_the_next_check():
    article = make_article()
    status_after_check(submitted(article, "Try the casino tonight, a fine evening out."))
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="casino", action=Rule.Action.SPAM)
    assert status_after_check(submitted(article, "Try the casino tonight, a fine evening.")) == Status.SPAM


@pytest.mark.django_db
def test_a_comment_checked_again_updates_its_assessment_and_counts_the_attempt():
    article = make_article()
    comment = submitted(article, "A fair point about the council budget, well made.")
    pipeline.check(comment.pk)
    Comment.objects.filter(pk=comment.pk).update(status=Status.SUBMITTED)  # sent back for another look
    pipeline.check(comment.pk)
    assessment = Assessment.objects.get(comment=comment)
    assert assessment.attempts == 2
    assert assessment.verdict == Status.PUBLISHED
