"""The policy: how signals become published, held, spam or rejected, with a priority and every reason."""

from django.test import override_settings

from moderation import policy
from moderation.checks.base import Signal, Status
from newsite.models import Article

THRESHOLDS = {"MODERATION_SPAM_PRIOR": 0.1, "MODERATION_HOLD_THRESHOLD": 0.5, "MODERATION_SPAM_THRESHOLD": 0.9}


@override_settings(**THRESHOLDS)
def test_a_clean_comment_on_an_open_article_is_published():
    outcome = policy.judge([Signal("rules", score=0.0), Signal("author", score=0.0, evidence=-1.0)])
    assert outcome.verdict == Status.PUBLISHED
    assert outcome.reasons == []
    assert outcome.spam_score < 0.1


@override_settings(**THRESHOLDS)
def test_evidence_adds_up_to_a_hold_with_all_the_reasons_and_the_score():
    outcome = policy.judge(
        [
            Signal("links", evidence=1.4, reasons=("4 links (shop.example.com)",)),
            Signal("author", evidence=0.5, reasons=("first comment by this author",)),
            Signal("classifier", score=0.4, evidence=0.5),
        ]
    )
    assert outcome.verdict == Status.HELD
    assert outcome.reasons[:2] == ["4 links (shop.example.com)", "first comment by this author"]
    assert outcome.reasons[-1].startswith("spam score 0.")
    assert outcome.describe().startswith("held: 4 links (shop.example.com); first comment by this author; spam score")


@override_settings(**THRESHOLDS)
def test_a_very_high_score_files_the_comment_as_spam():
    assert policy.judge([Signal("classifier", evidence=6.0)]).verdict == Status.SPAM


@override_settings(**THRESHOLDS)
def test_an_insisted_verdict_beats_the_score_and_the_strongest_wins():
    outcome = policy.judge(
        [
            Signal("author", evidence=-5.0),
            Signal("toxicity", verdict=Status.HELD, reasons=("abusive language (0.97)",), priority=3),
            Signal("rules", verdict=Status.REJECTED, reasons=("blocked word: “x”",)),
        ]
    )
    assert outcome.verdict == Status.REJECTED
    assert outcome.reasons == ["blocked word: “x”", "abusive language (0.97)"]


@override_settings(**THRESHOLDS)
def test_a_held_comment_takes_the_priority_of_what_held_it():
    outcome = policy.judge([Signal("toxicity", verdict=Status.HELD, reasons=("abusive language (0.97)",), priority=3)])
    assert (outcome.verdict, outcome.priority) == (Status.HELD, 3)


@override_settings(**THRESHOLDS)
def test_a_premoderated_article_holds_what_would_be_published():
    outcome = policy.judge([Signal("rules", score=0.0)], Article.CommentMode.PREMODERATED)
    assert outcome.verdict == Status.HELD
    assert outcome.reasons == ["article is pre-moderated"]
    assert outcome.priority == 0


@override_settings(**THRESHOLDS)
def test_a_premoderated_article_still_files_spam_as_spam():
    assert policy.judge([Signal("classifier", evidence=6.0)], Article.CommentMode.PREMODERATED).verdict == Status.SPAM


def test_a_closed_article_refuses_the_comment():
    outcome = policy.judge([Signal("rules", score=0.0)], Article.CommentMode.CLOSED)
    assert outcome.verdict == Status.REJECTED
    assert outcome.reasons == ["comments are closed on this article"]
