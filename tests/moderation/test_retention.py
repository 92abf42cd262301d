"""Personal data is kept PRIVACY_RETENTION_DAYS for moderation, then removed by a bounded, idempotent beat task."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as project_settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.utils import timezone

from comments.models import Comment, Report
from moderation import retention, tasks
from moderation.models import Ban
from newsite.models import Article, ArticleRating
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
IP, AGENT = "198.51.100.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def posted(days, **fields):
    comment = make_comment(ip_address=IP, user_agent=AGENT, **fields)
    Comment.objects.filter(pk=comment.pk).update(created_at=days_ago(days))
    return comment


def client_data(comment):
    comment.refresh_from_db()
    return comment.ip_address, comment.user_agent


def test_the_purge_blanks_ip_addresses_and_user_agents_older_than_the_period_and_keeps_newer(settings):
    settings.PRIVACY_RETENTION_DAYS = 90
    old, held_old = posted(91), posted(120, status=Comment.Status.HELD)
    recent = posted(89)

    removed = tasks.purge_expired_personal_data.apply().get()

    assert removed["comments"] == 2
    assert client_data(old) == (None, "") and client_data(held_old) == (None, "")
    assert client_data(recent) == (IP, AGENT)
    kept = Comment.objects.values_list("author_name", "body", "status").get(pk=old.pk)
    assert kept == (old.author_name, old.body, Comment.Status.PUBLISHED)


def test_the_period_is_the_setting(settings):
    settings.PRIVACY_RETENTION_DAYS = 7
    week_old, fresh = posted(8), posted(6)
    retention.purge()
    assert client_data(week_old) == (None, "") and client_data(fresh) == (IP, AGENT)


def test_a_second_run_changes_nothing():
    posted(100)
    first = retention.purge()
    assert first["comments"] == 1
    assert not any(retention.purge().values())


def test_one_run_changes_at_most_batch_times_batches_rows_and_the_next_run_goes_on(settings):
    settings.PRIVACY_PURGE_BATCH, settings.PRIVACY_PURGE_BATCHES = 2, 2
    comments = [posted(100 + n) for n in range(5)]

    assert retention.purge()["comments"] == 4
    assert sum(client_data(c) == (IP, AGENT) for c in comments) == 1
    assert retention.purge()["comments"] == 1
    assert all(client_data(c) == (None, "") for c in comments)


def test_an_old_anonymous_report_keeps_its_weight_but_no_longer_names_the_readers_network():
    comment = make_comment(report_count=2)
    old = Report.objects.create(comment=comment, reporter_key="a" * 64, reason="spam", weight=0.34)
    new = Report.objects.create(comment=comment, reporter_key="b" * 64, reason="spam", weight=0.34)
    member = Report.objects.create(comment=comment, user=make_user(), reporter_key="c" * 64, reason="abuse", weight=1.0)
    Report.objects.filter(pk__in=[old.pk, member.pk]).update(created_at=days_ago(100))

    assert retention.purge()["reports"] == 1

    old.refresh_from_db()
    assert old.reporter_key == f"expired:{old.pk}" and old.weight == 0.34
    assert Report.objects.get(pk=new.pk).reporter_key == "b" * 64
    assert Report.objects.get(pk=member.pk).reporter_key == "c" * 64


def test_an_old_anonymous_vote_stays_in_the_score_under_a_key_that_names_nobody():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(rating_count=3, rating_total=12)
    old = ArticleRating.objects.create(article=article, voter_key="d" * 64, value=5)
    recent = ArticleRating.objects.create(article=article, voter_key="e" * 64, value=3)
    member = ArticleRating.objects.create(article=article, user=make_user(), voter_key="user:1", value=4)
    ArticleRating.objects.filter(pk__in=[old.pk, member.pk]).update(updated_at=days_ago(100))

    assert retention.purge()["votes"] == 1

    assert ArticleRating.objects.get(pk=old.pk).voter_key == f"expired:{old.pk}"
    assert ArticleRating.objects.get(pk=recent.pk).voter_key == "e" * 64
    assert ArticleRating.objects.get(pk=member.pk).voter_key == "user:1"
    assert Article.objects.filter(pk=article.pk).values_list("rating_count", "rating_total").get() == (3, 12)


def test_bans_keep_their_address_while_in_force_and_go_once_expired_for_the_period():
    forever = Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.0/24")
    running = Ban.objects.create(kind=Ban.Kind.EMAIL, value="spam@example.org", expires_at=days_ago(-5))
    lately = Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.9/32", expires_at=days_ago(10))
    long_ago = Ban.objects.create(kind=Ban.Kind.EMAIL, value="old@example.org", expires_at=days_ago(100))
    for ban in (forever, long_ago):  # as the admin records a ban added there
        LogEntry.objects.log_actions(make_user().pk, [ban], ADDITION)

    assert retention.purge()["bans"] == 1

    assert set(Ban.objects.values_list("pk", flat=True)) == {forever.pk, running.pk, lately.pk}
    assert [entry.object_repr for entry in LogEntry.objects.all()] == [str(forever)]


def test_failed_log_in_counts_go_once_their_cool_off_has_passed(settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    row = {"user_agent": AGENT, "ip_address": IP, "username": "ada", "http_accept": "*/*", "path_info": "/admin/"}
    stale = AccessAttempt.objects.create(**row, get_data="", post_data="", failures_since_start=3)
    locked = AccessAttempt.objects.create(
        **{**row, "username": "ben"}, get_data="", post_data="", failures_since_start=5
    )
    AccessAttempt.objects.filter(pk=stale.pk).update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert retention.purge()["login_attempts"] == 1

    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [locked.pk]


def test_beat_runs_the_purge_every_hour_on_the_maintenance_queue():
    entry = project_settings.CELERY_BEAT_SCHEDULE["purge-expired-personal-data"]
    assert entry["task"] == "moderation.tasks.purge_expired_personal_data"
    assert entry["options"]["queue"] == "maintenance" and entry["schedule"] <= 3600
    from config.celery import app

    assert app.amqp.router.route({}, entry["task"])["queue"].name == "maintenance"


def test_an_old_anonymous_recommendation_keeps_counting_under_a_key_that_names_nobody():
    from comments.models import Recommendation
    from tests.factories import make_comment

    comment = make_comment()
    old = Recommendation.objects.create(comment=comment, recommender_key="f" * 64)
    recent = Recommendation.objects.create(comment=comment, recommender_key="g" * 64)
    Recommendation.objects.filter(pk=old.pk).update(created_at=days_ago(100))

    assert retention.purge()["recommendations"] == 1

    assert Recommendation.objects.get(pk=old.pk).recommender_key == f"expired:{old.pk}"
    assert Recommendation.objects.get(pk=recent.pk).recommender_key == "g" * 64
