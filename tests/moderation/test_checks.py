"""Each check on its own: what it notices, the verdict it insists on, and the reasons a moderator reads."""

import pytest
from django.test import override_settings

from moderation.checks import Submission, run_checks
from moderation.checks.author import AuthorCheck
from moderation.checks.base import AuthorRecord, Check, Status
from moderation.checks.classifier import ClassifierCheck
from moderation.checks.floods import BurstCheck, RepeatsCheck
from moderation.checks.links import LinksCheck
from moderation.checks.rules import RulesCheck
from moderation.checks.toxicity import ToxicityCheck, toxicity_model
from moderation.models import Rule

from .contexts import GivenContext


def rule(pk, kind, pattern, action):
    return Rule(pk=pk, kind=kind, pattern=pattern, action=action)


def submit(body="A thoughtful remark about the council budget.", **fields):
    return Submission(body=body, **fields)


# --- rules -----------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["buy v1agra today", "ｖｉａｇｒａ here", "cheap VIÁGRA", "v.i.a.g.r.a"])
def test_a_blocked_word_is_found_through_disguises_and_rejects(body):
    context = GivenContext(rules=[rule(1, Rule.Kind.WORD, "viagra", Rule.Action.REJECT)])
    signal = RulesCheck().run(submit(body), context)
    assert signal.verdict == Status.REJECTED
    assert signal.reasons == ("blocked word: “viagra”",)


def test_a_word_rule_does_not_match_inside_a_longer_word():
    context = GivenContext(rules=[rule(1, Rule.Kind.WORD, "ass", Rule.Action.REJECT)])
    assert RulesCheck().run(submit("A classic assessment of the bypass."), context).verdict is None


def test_a_watch_phrase_holds_and_the_strongest_action_wins():
    context = GivenContext(
        rules=[
            rule(1, Rule.Kind.PHRASE, "work from home", Rule.Action.WATCH),
            rule(2, Rule.Kind.DOMAIN, "spam.example", Rule.Action.SPAM),
        ]
    )
    held = RulesCheck().run(submit("I WORK from home, honestly"), context)
    assert held.verdict == Status.HELD
    spam = RulesCheck().run(submit("work from home: http://deals.spam.example/now"), context)
    assert spam.verdict == Status.SPAM
    assert "spam link domain: deals.spam.example" in spam.reasons


def test_regex_email_and_network_rules_match_without_repeating_the_address():
    context = GivenContext(
        rules=[
            rule(1, Rule.Kind.REGEX, r"\bcasino\d+", Rule.Action.HOLD),
            rule(2, Rule.Kind.EMAIL, "@bulk.example", Rule.Action.SPAM),
            rule(3, Rule.Kind.IP, "203.0.113.0/24", Rule.Action.SPAM),
        ]
    )
    signal = RulesCheck().run(
        submit("Visit casino777", author_email="x@bulk.example", ip_address="203.0.113.9"), context
    )
    assert signal.verdict == Status.SPAM
    assert len(signal.reasons) == 3
    assert not any("bulk.example" in reason or "203.0.113" in reason for reason in signal.reasons)


def test_a_clean_comment_matches_no_rule():
    context = GivenContext(rules=[rule(1, Rule.Kind.WORD, "viagra", Rule.Action.REJECT)])
    signal = RulesCheck().run(submit(), context)
    assert signal.verdict is None and signal.reasons == ()


# --- author trust -----------------------------------------------------------------------


def test_a_first_comment_is_noted_for_the_moderator_but_is_no_evidence_by_itself():
    signal = AuthorCheck().run(submit(), GivenContext(record=AuthorRecord()))
    assert signal.reasons == ("first comment by this author",)
    assert signal.evidence == 0 and signal.verdict is None


@override_settings(MODERATION_PREMODERATE_FIRST_COMMENT=True)
def test_first_comments_are_held_when_the_site_premoderates_them():
    assert AuthorCheck().run(submit(), GivenContext(record=AuthorRecord())).verdict == Status.HELD


def test_a_good_history_speaks_for_the_author_and_spam_history_against():
    trusted = AuthorCheck().run(submit(), GivenContext(record=AuthorRecord(published=6)))
    spammer = AuthorCheck().run(submit(), GivenContext(record=AuthorRecord(spam=2)))
    assert trusted.evidence < 0 < spammer.evidence
    assert spammer.reasons == ("author has 2 earlier comments filed as spam or rejected",)


def test_a_banned_author_is_rejected():
    signal = AuthorCheck().run(submit(), GivenContext(record=AuthorRecord(banned="Account")))
    assert signal.verdict == Status.REJECTED


# --- links ------------------------------------------------------------------------------


def test_links_in_a_first_comment_count_more_than_from_a_regular():
    body = "Great deals at http://shop.example.com and www.other.example.org"
    newcomer = LinksCheck().run(submit(body), GivenContext(record=AuthorRecord()))
    regular = LinksCheck().run(submit(body), GivenContext(record=AuthorRecord(published=9)))
    assert newcomer.evidence > regular.evidence > 0
    assert newcomer.reasons == ("2 links (other.example.org, shop.example.com)", "links in a first comment")


@override_settings(MODERATION_MAX_LINKS=3)
def test_more_links_than_the_limit_hold_the_comment():
    body = " ".join(f"http://site{n}.example.com" for n in range(4))
    assert LinksCheck().run(submit(body), GivenContext()).verdict == Status.HELD


def test_a_comment_without_links_adds_nothing():
    assert LinksCheck().run(submit(), GivenContext()).evidence == 0


# --- floods -----------------------------------------------------------------------------


@override_settings(MODERATION_REPEAT_LIMIT=3, MODERATION_REPEAT_MIN_LETTERS=10)
def test_the_same_text_from_many_authors_is_a_flood():
    context = GivenContext()
    body = "Earn money fast from home, ask me how!"
    signals = [
        RepeatsCheck().run(submit(body, comment_id=n, author_email=f"r{n}@example.org"), context) for n in range(1, 6)
    ]
    assert signals[0].evidence == 0
    assert signals[1].reasons == ("same text posted 2 times", "same text from 2 authors")
    assert signals[-1].verdict == Status.HELD


@override_settings(MODERATION_REPEAT_MIN_LETTERS=20)
def test_short_common_comments_repeated_are_not_a_flood():
    context = GivenContext()
    signals = [RepeatsCheck().run(submit("Nice song", comment_id=n), context) for n in range(5)]
    assert all(signal.evidence == 0 and signal.verdict is None for signal in signals)


def test_the_same_comment_checked_twice_counts_once():
    context = GivenContext()
    body = "Exactly the same words about the budget, twice over."
    RepeatsCheck().run(submit(body, comment_id=7), context)
    assert RepeatsCheck().run(submit(body, comment_id=7), context).evidence == 0


@override_settings(MODERATION_BURST_LIMIT=3, MODERATION_NETWORK_BURST_LIMIT=100)
def test_a_burst_from_one_address_holds_without_naming_it():
    context = GivenContext()
    signals = [BurstCheck().run(submit(comment_id=n, ip_address="198.51.100.7"), context) for n in range(4)]
    assert [s.verdict for s in signals] == [None, None, None, Status.HELD]
    assert "198.51.100" not in signals[-1].reasons[0]


def test_bursts_are_not_checked_without_an_address():
    assert not BurstCheck().applies(submit(), GivenContext())


# --- toxicity ---------------------------------------------------------------------------


def test_the_fast_toxicity_scorer_agrees_with_the_packaged_model():
    from profanity_check import predict_prob

    texts = ["you are a stupid idiot", "What a sensible plan for the library.", "go to hell"]
    expected = predict_prob(texts)
    assert [round(toxicity_model().probability(t), 6) for t in texts] == [round(float(p), 6) for p in expected]


@pytest.mark.parametrize(
    "body", ["You are a stupid fucking idiot", "she is a worthless lying bitch", "@mayor is a corrupt fucking idiot"]
)
def test_abuse_aimed_at_people_is_held_with_its_score(body):
    signal = ToxicityCheck().run(submit(body), GivenContext())
    assert signal.verdict == Status.HELD
    assert signal.reasons[0].startswith("abusive language (")
    assert signal.priority == ToxicityCheck.priority
    assert ToxicityCheck().run(submit(), GivenContext()).verdict is None


def test_strong_language_aimed_at_no_one_is_noted_not_held():
    signal = ToxicityCheck().run(submit("This fucking song is so damn good"), GivenContext())
    assert signal.verdict is None and signal.evidence == 0
    assert signal.reasons[0].startswith("strong language, aimed at no one (")
    assert signal.priority < ToxicityCheck.priority


@override_settings(MODERATION_HOLD_PROFANITY=True)
def test_a_site_can_hold_strong_language_aimed_at_no_one_too():
    assert ToxicityCheck().run(submit("This fucking song is so damn good"), GivenContext()).verdict == Status.HELD


# --- classifier -------------------------------------------------------------------------


def test_before_any_training_the_classifier_abstains():
    signal = ClassifierCheck().run(submit(), GivenContext(model=None))
    assert signal.score is None and signal.evidence == 0


# --- running the checks -----------------------------------------------------------------


class Broken(Check):
    name = "broken"

    def run(self, submission, context):
        raise ValueError("the model file is unreadable")


def test_a_check_that_breaks_holds_the_comment_with_the_reason():
    signals = run_checks(submit(), GivenContext(), checks=[Broken(), LinksCheck()])
    assert signals[0].verdict == Status.HELD
    assert signals[0].reasons == ("check failed: broken: the model file is unreadable",)
    assert [s.name for s in signals] == ["broken", "links"]


def test_a_reject_stops_the_remaining_checks():
    context = GivenContext(rules=[rule(1, Rule.Kind.WORD, "viagra", Rule.Action.REJECT)])
    signals = run_checks(submit("viagra"), context, checks=[RulesCheck(), Broken()])
    assert [s.name for s in signals] == ["rules"]
