"""Moderator-written regular expressions cannot hold a worker: a time limit per search, refusal on save.

`(a+)+$` against "aaaa…!" backtracks exponentially; with the standard `re` it held a worker until
the task's time limit, and the sweeper queued the comment again every minute.
"""

import pytest
from django.urls import reverse

from comments.models import Comment
from moderation.admin.rule_preview import recent_matches
from moderation.checks import Submission
from moderation.checks.base import Status
from moderation.checks.rules import RulesCheck
from moderation.models import Rule
from tests.factories import make_article, make_comment
from tests.moderation.contexts import GivenContext

from .conftest import login

pytestmark = pytest.mark.timeout(60)

CATASTROPHIC = r"(a+)+$"


def add_regex_rule(client, pattern, action="reject"):
    data = {"kind": "regex", "pattern": pattern, "action": action, "note": "", "is_active": "on"}
    return client.post(reverse("admin:moderation_rule_add"), data)


def test_a_pattern_that_backtracks_is_refused_on_save_and_says_why(client, moderator):
    response = add_regex_rule(login(client, moderator), CATASTROPHIC)
    assert response.status_code == 200
    assert "This pattern takes too long on some texts" in response.content.decode()
    assert not Rule.objects.exists()


def test_a_pattern_that_backtracks_on_digits_is_refused_on_save(client, moderator):
    response = add_regex_rule(login(client, moderator), r"(\d+)+$")
    assert "This pattern takes too long on some texts" in response.content.decode()
    assert not Rule.objects.exists()


def test_an_ordinary_pattern_is_saved(client, moderator):
    response = add_regex_rule(login(client, moderator), r"casino\d{2,}|free (?:spins|bets)")
    assert response.status_code == 302
    assert Rule.objects.get().pattern == r"casino\d{2,}|free (?:spins|bets)"


def test_a_pattern_that_runs_out_of_time_on_a_recent_comment_is_refused(client, moderator):
    # The crafted texts are runs of letters, digits, spaces and dots; tabs are what this one chokes
    # on, and a reader's comment supplies them: the preview over recent comments is the second test.
    make_comment(make_article(), body="\t" * 3000 + "!")
    response = add_regex_rule(login(client, moderator), r"(\t+\t+)+$")
    assert response.status_code == 200
    assert "ran out of time on 1 of the latest 1 comments" in response.content.decode()
    assert not Rule.objects.exists()


def test_a_backtracking_rule_written_around_validation_holds_the_comment_instead_of_the_worker():
    context = GivenContext(rules=[Rule(pk=7, kind=Rule.Kind.REGEX, pattern=CATASTROPHIC, action=Rule.Action.REJECT)])
    signal = RulesCheck().run(Submission(body="a" * 5000 + "!"), context)
    assert signal.verdict == Status.HELD  # never the rule's "reject": it did not really match
    assert signal.reasons == ("held regular expression: pattern #7 ran out of time",)


def test_a_matching_regex_rule_still_applies_its_action():
    context = GivenContext(rules=[Rule(pk=8, kind=Rule.Kind.REGEX, pattern=r"casino\d+", action=Rule.Action.SPAM)])
    assert RulesCheck().run(Submission(body="Play at CASINO777 tonight"), context).verdict == Status.SPAM


def test_the_rule_preview_stops_at_its_time_budget_and_says_how_far_it_got(db, settings):
    settings.MODERATION_RULE_REGEX_TIMEOUT_SECONDS = 0.02
    article = make_article()
    for _ in range(30):
        make_comment(article, body="a" * 3000 + "!")
    rule = Rule(pk=9, kind=Rule.Kind.REGEX, pattern=CATASTROPHIC, action=Rule.Action.HOLD)
    preview = recent_matches(rule, budget_seconds=0.1)
    assert preview.stopped_early
    assert 0 < preview.looked_at < 30
    assert preview.timed_out == preview.looked_at
    assert preview.total == 0
    assert Comment.objects.count() == 30
