"""A comment through the checks and the policy in-process: assessment stored, status decided once, counts cached."""

import pytest
from django.test import override_settings

from comments.models import Comment
from moderation import pipeline, queues
from moderation.models import Assessment, Decision, Rule
from newsite.models import Article
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


def submitted(article=None, **fields):
    return make_comment(article=article, status=Status.SUBMITTED, **fields)


def test_a_clean_comment_is_published_with_its_assessment():
    comment = submitted(body="A fair summary of the planning meeting, thank you.")
    outcome = pipeline.check(comment.pk)
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED == outcome.verdict
    assessment = Assessment.objects.get(comment=comment)
    assert assessment.verdict == Status.PUBLISHED
    assert {signal["name"] for signal in assessment.signals} >= {"rules", "author", "links", "toxicity", "classifier"}
    assert comment.spam_score == pytest.approx(assessment.spam_score, abs=1e-4)


def test_a_blocked_word_is_rejected_with_the_reason_in_the_audit_log():
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="viagra", action=Rule.Action.REJECT)
    comment = submitted(body="Get V1AGRA cheap")
    pipeline.check(comment.pk)
    decision = Decision.objects.get(comment=comment)
    assert (decision.to_status, decision.actor, decision.action) == (Status.REJECTED, None, "auto_reject")
    assert decision.reasons == ["blocked word: “viagra”"]


def test_a_new_rule_applies_to_the_next_comment_without_a_restart():
    article = make_article()
    pipeline.check(submitted(article, body="Try this casino tonight").pk)
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="casino", action=Rule.Action.HOLD)
    later = submitted(article, body="Try this casino tonight, really")
    pipeline.check(later.pk)
    later.refresh_from_db()
    assert later.status == Status.HELD


@override_settings(MODERATION_MAX_LINKS=3)
def test_link_spam_from_a_new_commenter_is_held_with_reasons():
    body = "Deals: " + " ".join(f"http://shop{n}.example.com/offer" for n in range(4))
    comment = submitted(body=body)
    outcome = pipeline.check(comment.pk)
    comment.refresh_from_db()
    assert comment.status == Status.HELD
    assert outcome.reasons[0].startswith("4 links (")
    assert "first comment by this author" in outcome.reasons
    assert comment.priority > 0


def test_a_comment_on_a_premoderated_article_waits_for_a_moderator():
    comment = submitted(make_article(comment_mode=Article.CommentMode.PREMODERATED), body="Sensible words.")
    pipeline.check(comment.pk)
    assert Decision.objects.get(comment=comment).reasons == ["article is pre-moderated"]


def test_checking_a_decided_comment_again_changes_nothing():
    comment = submitted(body="Once is enough.")
    pipeline.check(comment.pk)
    assert pipeline.check(comment.pk) is None
    assert Decision.objects.filter(comment=comment).count() == 1
    assert Assessment.objects.get(comment=comment).attempts == 1


def test_a_missing_comment_is_ignored():
    assert pipeline.check(999_999) is None


def test_queue_counts_are_cached_until_the_next_decision(django_assert_num_queries, django_capture_on_commit_callbacks):
    article = make_article()
    make_comment(article, status=Status.HELD)
    assert queues.counts()["held"] == 1
    with django_assert_num_queries(0):
        assert queues.counts()["held"] == 1
    make_comment(article, status=Status.HELD)  # written directly, no decision: the cached figure stands
    assert queues.counts()["held"] == 1
    comment = submitted(make_article(comment_mode=Article.CommentMode.PREMODERATED), body="Waits for a person.")
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.check(comment.pk)
    assert queues.counts()["held"] == 3
