"""`seed_demo` leaves the moderators' queues something to show: held comments with reasons, reported and spam ones."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from comments.models import Comment, Report
from demo.queues import HELD, QUEUE_COMMENTS, REPORTED, SPAM
from moderation import queues, services
from moderation.models import Assessment, Decision, OffShiftPolicy, Shift
from newsite.models import Article, StaffMember
from tests.admin.conftest import login, make_moderator

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo stories' images
    settings.VAR_DIR = tmp_path  # the remembered demo password


def seed_demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def demo_comment(item):
    return Comment.objects.select_related("assessment").get(author_name=item["author"], body=item["body"])


def snapshot():
    return {
        "comments": sorted(Comment.objects.values_list("pk", "status", "report_count")),
        "counts": sorted(Article.objects.values_list("slug", "comment_count")),
        "decisions": Decision.objects.count(),
        "assessments": Assessment.objects.count(),
        "reports": Report.objects.count(),
    }


def assert_article_counts_are_their_published_comments():
    articles = Article.objects.annotate(published=Count("comments", filter=Q(comments__status=Status.PUBLISHED)))
    for slug, count, published in articles.values_list("slug", "comment_count", "published"):
        assert count == published, slug


def test_a_fresh_install_has_held_reported_and_spam_comments_spread_over_the_stories():
    seed_demo()

    assert queues.count_now() == {
        "held": len(HELD),
        "staff_abuse": sum(any(signal["name"] == "staff_abuse" for signal in item["signals"]) for item in HELD),
        "reported": len(REPORTED),
        "spam": len(SPAM),
        "submitted": 0,
    }
    assert len(HELD) >= 3 and len(SPAM) >= 3 and len(REPORTED) >= 2
    assert len({item["article"] for item in QUEUE_COMMENTS}) >= 5
    assert_article_counts_are_their_published_comments()


def test_each_demo_comment_is_judged_by_the_policy_as_its_demo_text_says():
    seed_demo()

    for item in QUEUE_COMMENTS:
        comment = demo_comment(item)
        assert comment.status == item["status"], item["author"]
        assert comment.body_html and comment.ip_address == item["ip"]
        assert comment.assessment.verdict == item["status"]
        assert comment.assessment.signals and comment.spam_score == round(comment.assessment.spam_score, 4)


def test_held_and_spam_comments_carry_the_reasons_a_moderator_reads_in_the_assessment_and_the_audit():
    seed_demo()

    for item in HELD + SPAM:
        comment = demo_comment(item)
        reasons = comment.assessment.reasons
        assert reasons
        decision = Decision.objects.get(comment=comment)
        assert (decision.from_status, decision.to_status) == (Status.SUBMITTED, item["status"])
        assert decision.reasons == reasons
        assert decision.action == {"held": "auto_hold", "spam": "auto_spam"}[item["status"]]
        assert decision.actor is None  # judged by the checks: the classifier learns nothing from the demo
    assert demo_comment(HELD[0]).assessment.reasons == [
        "4 links (cabsaver.example, cheap-rides.example)",
        "links in a first comment",
        "first comment by this author",
        "spam score 0.72",
    ]
    assert "abusive language (0.93)" in {reason for item in HELD for reason in demo_comment(item).assessment.reasons}


def test_reported_comments_stay_published_with_their_readers_reports():
    seed_demo()

    for item in REPORTED:
        comment = demo_comment(item)
        assert comment.status == Status.PUBLISHED and comment.published_at
        assert comment.report_count == len(item["reports"]) == comment.reports.count()
        assert sorted(comment.reports.values_list("reason", flat=True)) == sorted(r for r, _, _ in item["reports"])
        assert comment.pk in set(queues.reported().values_list("pk", flat=True))


def test_seeding_twice_adds_nothing_the_second_time():
    seed_demo()
    first = snapshot()
    seed_demo()

    assert snapshot() == first
    assert_article_counts_are_their_published_comments()


def test_a_moderators_decision_on_a_demo_comment_is_not_undone_by_seeding_again():
    seed_demo()
    held = demo_comment(HELD[1])  # the honest comment with two links
    article = held.article
    before = Article.objects.get(pk=article.pk).comment_count

    services.decide(held, Status.PUBLISHED, action="approve", reasons=["honest links"])
    seed_demo()

    assert Comment.objects.filter(body=HELD[1]["body"]).count() == 1
    assert demo_comment(HELD[1]).status == Status.PUBLISHED
    assert Article.objects.get(pk=article.pk).comment_count == before + 1
    assert_article_counts_are_their_published_comments()


def test_the_admin_console_opens_on_the_demo_held_queue_with_its_reasons(client):
    seed_demo()
    login(client, make_moderator("demo-mod"))

    content = client.get(reverse("admin:comments_comment_changelist")).content.decode()
    for label, size in [("Held", len(HELD)), ("Reported", len(REPORTED)), ("Spam", len(SPAM))]:
        assert re.search(rf"{label} <span class=\"mod-count\">{size}</span>", content), label
    assert "4 links (cabsaver.example, cheap-rides.example); links in a first comment" in content


def test_reports_refused_while_redis_is_down_are_filed_by_the_next_run(redis_server):
    redis_server.stop()
    call_command("seed_demo", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))  # noqa: SIM115
    assert not Report.objects.exists()
    assert queues.count_now()["held"] == len(HELD)
    redis_server.start()

    seed_demo()
    for item in REPORTED:
        assert demo_comment(item).report_count == len(item["reports"])
    assert Comment.objects.count() == len({*Comment.objects.values_list("author_name", "body")})  # nothing twice


def test_the_demo_desk_has_shifts_off_shift_policies_and_the_writers_on_the_staff_list():
    seed_demo()
    seed_demo()  # a second run adds nothing

    assert Shift.objects.count() == 7
    assert dict(OffShiftPolicy.objects.values_list("section__slug", "action")) == {
        "politics": "premoderate",
        "sport": "close_recent",
    }
    staff = set(StaffMember.objects.values_list("name", flat=True))
    assert {"Marta Okafor", "Priya Lind", "Idris Vale"} <= staff and len(staff) == 6
    [abused] = queues.QUEUES["staff_abuse"].comments()
    assert "Marta Okafor" in abused.body
