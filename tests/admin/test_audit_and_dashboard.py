"""The audit log (read-only, filterable) and the dashboard (figures and a server-drawn chart)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation import services
from moderation.dashboard import figures, threshold_table
from moderation.models import Assessment, Decision
from tests.factories import make_comment

from .conftest import login, make_held

Status = Comment.Status
AUDIT = reverse("admin:moderation_decision_changelist")


def listed(response):
    return [d.pk for d in response.context["cl"].result_list]


def test_the_audit_log_lists_who_what_from_to_reasons_and_is_filterable(client, moderator, article):
    by_person = services.decide(
        make_held(article),
        Status.PUBLISHED,
        action="approve",
        actor=moderator,
        reasons=["ok"],
        expected_from=[Status.HELD],
    )
    by_system = services.decide(make_comment(article, status=Status.SUBMITTED), Status.SPAM, action="check")
    login(client, moderator)
    content = client.get(AUDIT).content.decode()
    assert "system" in content and "mod" in content and "ok" in content
    assert listed(client.get(AUDIT + f"?moderator={moderator.pk}")) == [by_person.pk]
    assert listed(client.get(AUDIT + "?moderator=system")) == [by_system.pk]
    assert listed(client.get(AUDIT + "?action=check")) == [by_system.pk]
    today = timezone.localdate()
    assert len(listed(client.get(AUDIT + f"?created_at__year={today.year}"))) == 2


def test_the_audit_log_cannot_be_changed_added_to_or_deleted_from(client, superuser, article):
    decision = services.decide(make_held(article), Status.PUBLISHED, action="approve")
    login(client, superuser)
    change = reverse("admin:moderation_decision_change", args=[decision.pk])
    assert client.post(change, {"action": "forged"}).status_code == 403
    assert client.get(reverse("admin:moderation_decision_add")).status_code == 403
    assert client.post(reverse("admin:moderation_decision_delete", args=[decision.pk])).status_code == 403
    assert Decision.objects.get(pk=decision.pk).action == "approve"


def test_dashboard_figures(moderator, second_moderator, article):
    now = timezone.now()
    waiting = make_held(article)
    Comment.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(hours=5))
    for to_status in (Status.PUBLISHED, Status.PUBLISHED, Status.HELD, Status.SPAM):
        services.decide(make_comment(article, status=Status.SUBMITTED), to_status, action="check")
    decided = make_held(article)
    Comment.objects.filter(pk=decided.pk).update(created_at=now - timedelta(minutes=40))
    services.decide(decided, Status.PUBLISHED, action="approve", actor=moderator, expected_from=[decided.status])
    services.decide(make_held(article), Status.SPAM, action="spam", actor=second_moderator, expected_from=[Status.HELD])

    result = figures(now + timedelta(seconds=1))
    assert result["oldest"] == waiting
    assert result["sizes"]["held"] == 2  # the one waiting and the one the checks held
    assert {row["who"]: row["count"] for row in result["today"]} == {"mod": 1, "mod2": 1, "system": 4}
    assert [(s["key"], s["count"], s["percent"]) for s in result["shares"]] == [
        ("auto_published", 2, 50),
        ("held", 1, 25),
        ("spam", 1, 25),
    ]
    assert result["median_wait"] == "20 min"  # 40 min and ~0 min
    assert len(result["chart"]["bars"]) == 3  # today's stacked bar: published, held, spam


def test_the_dashboard_page_draws_the_chart_as_svg_and_is_linked_from_the_index(client, moderator, article):
    services.decide(make_comment(article, status=Status.SUBMITTED), Status.PUBLISHED, action="check")
    login(client, moderator)
    content = client.get(reverse("moderation:dashboard")).content.decode()
    assert "<svg" in content and 'class="mod-fill-auto_published"' in content
    assert "Oldest waiting comment" in content and "Decisions today" in content
    assert reverse("moderation:dashboard") in client.get(reverse("admin:index")).content.decode()


def assessed(article, status, spam_score, insisted=None):
    comment = make_comment(article, status=status)
    Assessment.objects.create(
        comment=comment,
        verdict=status,
        spam_score=spam_score,
        signals=[{"name": "classifier", "score": spam_score, "verdict": None}, {"name": "rules", "verdict": insisted}],
    )
    return comment


def test_the_threshold_panel_shows_what_each_hold_threshold_would_have_done(client, moderator, article, settings):
    settings.MODERATION_HOLD_THRESHOLD = 0.67
    for score in (0.1, 0.2, 0.7):  # readers' comments that stand published; one scored high
        assessed(article, Status.PUBLISHED, score)
    for score in (0.95, 0.6):  # spam, one of which scored low
        assessed(article, Status.SPAM, score)
    assessed(article, Status.SPAM, 0.05, insisted=Status.SPAM)  # a rule filed it whatever the score
    assessed(article, Status.HELD, 0.9)  # still waiting: no truth yet, left out

    calibrated_on, table = threshold_table(timezone.now() - timedelta(days=30))

    rows = {row["threshold"]: row for row in table}
    assert calibrated_on == 6
    assert (rows[0.67]["ham_held_count"], rows[0.67]["spam_published_count"], rows[0.67]["current"]) == (1, 1, True)
    assert (rows[0.5]["ham_held_count"], rows[0.5]["spam_published_count"]) == (1, 0)
    assert (rows[0.8]["ham_held_count"], rows[0.8]["spam_published_count"]) == (0, 1)
    content = login(client, moderator).get(reverse("moderation:dashboard")).content.decode()
    assert "Choosing the hold threshold" in content and "0.67 (now)" in content


def test_the_threshold_panel_costs_one_query_whatever_the_number_of_comments(article, django_assert_num_queries):
    for index in range(30):
        assessed(article, Status.PUBLISHED if index % 3 else Status.SPAM, index / 30)
    with django_assert_num_queries(1):
        threshold_table(timezone.now() - timedelta(days=30))
