"""The decision service: the one way a comment's status changes."""

import pytest
from django.db.models import Sum

from comments import cache as comment_cache
from comments.models import Comment
from moderation import services
from moderation.models import Decision
from newsite.models import Article
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def test_publishing_writes_the_audit_record_and_counts_the_comment(django_capture_on_commit_callbacks):
    moderator = make_user()
    comment = make_comment(status=Status.HELD)

    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            comment,
            Status.PUBLISHED,
            action="approve",
            actor=moderator,
            reasons=["fine"],
            expected_from=[comment.status],
        )

    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.published_at is not None
    assert (decision.actor, decision.from_status, decision.to_status, decision.reasons) == (
        moderator,
        Status.HELD,
        Status.PUBLISHED,
        ["fine"],
    )
    assert Article.objects.get(pk=comment.article_id).comment_count == 1


def test_removing_a_published_comment_takes_it_off_the_count():
    comment = make_comment()
    assert Article.objects.get(pk=comment.article_id).comment_count == 1

    services.decide(comment, Status.REMOVED, action="remove")

    assert Article.objects.get(pk=comment.article_id).comment_count == 0


def test_a_second_decision_on_an_already_decided_comment_is_refused():
    comment = make_comment(status=Status.HELD)
    services.decide(comment, Status.PUBLISHED, action="approve", expected_from=[Status.HELD])

    with pytest.raises(services.DecisionRefused, match="already decided: it is published now"):
        services.decide(comment, Status.SPAM, action="spam", expected_from=[Status.HELD])

    assert Decision.objects.filter(comment=comment).count() == 1


def test_a_transition_the_life_cycle_does_not_allow_is_refused():
    comment = make_comment(status=Status.REMOVED)

    with pytest.raises(services.DecisionRefused, match="cannot go from removed to spam"):
        services.decide(comment, Status.SPAM, action="spam")


def test_a_decision_bumps_the_cached_versions_after_commit(django_capture_on_commit_callbacks):
    comment = make_comment(status=Status.HELD)
    article = Article.objects.get(pk=comment.article_id)
    before = (comment_cache.article_version(article.pk), comment_cache.site_version())

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(comment, Status.PUBLISHED, action="approve")

    after = (comment_cache.article_version(article.pk), comment_cache.site_version())
    assert after[0] > before[0] and after[1] > before[1]


def test_listeners_hear_each_decision_once_after_commit(django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append((kwargs["comment_id"], kwargs["from_status"], kwargs["to_status"], kwargs["action"]))

    services.status_changed.connect(listener)
    try:
        comments = [make_comment(status=Status.HELD) for _ in range(3)]
        with django_capture_on_commit_callbacks(execute=True):
            services.decide_many([c.pk for c in comments], Status.SPAM, action="spam")
    finally:
        services.status_changed.disconnect(listener)

    assert sorted(heard) == sorted((c.pk, Status.HELD, Status.SPAM, "spam") for c in comments)


def test_bulk_decisions_cost_the_same_queries_for_one_article_or_thirty(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def held_comments(article_count):
        articles = [make_article() for _ in range(article_count)]
        return [make_comment(articles[i % article_count], status=Status.HELD).pk for i in range(30)]

    one_article = held_comments(1)
    thirty_articles = held_comments(30)
    with CaptureQueriesContext(connection) as one:
        services.decide_many(one_article, Status.PUBLISHED, action="approve")
    assert len(one.captured_queries) <= 8
    with django_assert_num_queries(len(one.captured_queries)):
        services.decide_many(thirty_articles, Status.PUBLISHED, action="approve")

    total = Article.objects.aggregate(total=Sum("comment_count"))["total"]
    assert total == Comment.objects.published().count() == 60


def test_bulk_decisions_report_what_was_refused_and_why():
    held = make_comment(status=Status.HELD)
    published = make_comment()

    outcome = services.decide_many([held.pk, published.pk, 987654], Status.PUBLISHED, action="approve")

    assert [d.comment_id for d in outcome.decided] == [held.pk]
    assert outcome.refused == {published.pk: "already published", 987654: "no such comment"}
