"""Readers reporting comments: one report each, rate-limited, weighted by who reports, and off the page
when the weights since a moderator's last decision reach the threshold."""

import pytest
from django.urls import reverse

from comments import reports
from comments.models import Comment, Report
from moderation import services
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def report(client, comment, reason="spam", ip="192.0.2.10", forwarded=None, **fields):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.post(
        reverse("comments:report", args=[comment.pk]), {"reason": reason, **fields}, REMOTE_ADDR=ip, **headers
    )


def test_the_report_page_offers_the_four_reasons(client, article):
    comment = make_comment(article)
    html = client.get(reverse("comments:report", args=[comment.pk])).content.decode()
    for label in ("Spam", "Abuse or harassment", "Off-topic", "Other"):
        assert label in html


def test_a_report_is_recorded_and_counted_and_the_reader_is_thanked(client, article):
    comment = make_comment(article)
    response = report(client, comment, reason="abuse", note="Insults another reader")
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    saved = Report.objects.get()
    assert (saved.reason, saved.note) == ("abuse", "Insults another reader")
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert "Thank you for your report" in client.get(response["Location"]).content.decode()


def test_a_reader_reports_a_comment_only_once(client, article):
    comment = make_comment(article)
    report(client, comment)
    response = report(client, comment, reason="other")
    assert response.status_code == 400
    assert "You have already reported this comment" in response.content.decode()
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_a_signed_in_reader_is_one_reporter_whatever_their_address(client, article):
    comment = make_comment(article)
    client.force_login(make_user())
    report(client, comment, ip="192.0.2.1")
    assert report(client, comment, ip="192.0.2.2").status_code == 400


def established_reader(article):
    """A verified account a month old with a published comment: its report weighs 1."""
    user = make_user(verified=True, joined_days_ago=30)
    make_comment(article, user=user)
    return user


def day_old_account():
    return make_user(verified=True, joined_days_ago=1)


def report_as(comment, user, reason="spam"):
    return reports.file_report(comment, user=user, reporter_key=reports.reporter_key(user=user), reason=reason)


def test_three_reports_from_day_old_accounts_do_not_hold_a_comment_three_from_established_readers_do(
    client, article, settings
):
    settings.COMMENTS_REPORT_THRESHOLD = 3
    by_puppets = make_comment(article, body_html="Reported by puppets")
    by_readers = make_comment(article, body_html="Reported by readers")

    for _ in range(3):
        report_as(by_puppets, day_old_account())
        report_as(by_readers, established_reader(article))

    by_puppets.refresh_from_db()
    by_readers.refresh_from_db()
    assert (by_puppets.report_count, by_puppets.status) == (3, Status.PUBLISHED)
    assert (by_readers.report_count, by_readers.status) == (3, Status.HELD)
    assert by_readers.decisions.get().reasons == ["reader reports weighing 3.00 (threshold 3)"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Reported by puppets" in page and "Reported by readers" not in page


def test_reports_are_weighed_by_who_makes_them(article, settings):
    settings.COMMENTS_REPORT_TRUSTED_AGE_DAYS = 7
    settings.COMMENTS_REPORT_WEIGHT_NEW_ACCOUNT, settings.COMMENTS_REPORT_WEIGHT_ANONYMOUS = 0.3, 0.2
    unproven = make_user(verified=True, joined_days_ago=30)  # old enough, but never published a comment
    unverified = make_user(joined_days_ago=30)
    make_comment(article, user=unverified)
    assert reports.report_weight(established_reader(article)) == 1.0
    assert reports.report_weight(day_old_account()) == 0.3
    assert reports.report_weight(unproven) == 0.3
    assert reports.report_weight(unverified) == 0.3
    assert reports.report_weight(None) == 0.2


def test_anonymous_reports_count_less(client, article, settings):
    settings.COMMENTS_REPORT_THRESHOLD = 1
    comment = make_comment(article)
    for n in range(2):
        report(client, comment, ip=f"198.51.100.{n}")
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert [saved.weight for saved in Report.objects.order_by("pk")] == [0.34, 0.34]
    report(client, comment, ip="198.51.100.9")
    comment.refresh_from_db()
    assert comment.status == Status.HELD


def test_a_comment_a_moderator_published_is_not_held_again_by_one_more_report(article, settings):
    settings.COMMENTS_REPORT_THRESHOLD = 3
    comment = make_comment(article)
    for _ in range(3):
        report_as(comment, established_reader(article))
    comment.refresh_from_db()
    assert comment.status == Status.HELD
    services.decide(
        comment, Status.PUBLISHED, action="approve", actor=make_user(is_staff=True), expected_from=[comment.status]
    )
    comment.refresh_from_db()

    report_as(comment, established_reader(article))

    comment.refresh_from_db()
    assert (comment.status, comment.report_count, comment.report_weight) == (Status.PUBLISHED, 4, 1.0)
    for _ in range(2):
        report_as(comment, established_reader(article))
    comment.refresh_from_db()
    assert comment.status == Status.HELD  # three new reports since the moderator's decision


def test_below_the_threshold_the_comment_stays(article, settings):
    settings.COMMENTS_REPORT_THRESHOLD = 3
    comment = make_comment(article)
    report_as(comment, established_reader(article))
    report_as(comment, established_reader(article))
    comment.refresh_from_db()
    assert (comment.report_weight, comment.status) == (2.0, Status.PUBLISHED)


def test_reporting_too_fast_is_refused_with_the_limit(client, article, settings):
    settings.COMMENTS_REPORT_RATE_LIMIT = "2/m"
    comments = [make_comment(article) for _ in range(3)]
    assert [report(client, c).status_code for c in comments] == [302, 302, 400]
    assert Report.objects.count() == 2


def test_a_report_needs_a_reason(client, article):
    comment = make_comment(article)
    response = client.post(reverse("comments:report", args=[comment.pk]), {"reason": ""})
    assert response.status_code == 400 and "Please choose a reason." in response.content.decode()


def test_a_comment_that_is_not_published_cannot_be_reported(client, article):
    held = make_comment(article, status=Comment.Status.HELD)
    assert report(client, held).status_code == 404
    with pytest.raises(reports.ReportRefused):
        reports.file_report(held, reporter_key="k", reason="spam")


def test_reporter_keys_do_not_reveal_the_address(article):
    key = reports.reporter_key(ip="203.0.113.5")
    assert "203.0.113.5" not in key and len(key) == 64
    assert key == reports.reporter_key(ip="203.0.113.5") != reports.reporter_key(ip="203.0.113.6")


PROXY = "10.0.0.2"


def test_behind_a_trusted_proxy_readers_report_apart_and_forged_addresses_give_no_second_report(
    client, article, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    comment = make_comment(article)
    assert report(client, comment, ip=PROXY, forwarded="192.0.2.1, 198.51.100.7").status_code == 302
    again = report(client, comment, ip=PROXY, forwarded="192.0.2.2, 198.51.100.7")
    assert again.status_code == 400 and "already reported" in again.content.decode()
    assert report(client, comment, ip=PROXY, forwarded="198.51.100.8").status_code == 302
    comment.refresh_from_db()
    assert comment.report_count == 2


def test_ipv6_addresses_in_one_64_report_a_comment_once(client, article):
    comment = make_comment(article)
    assert report(client, comment, ip="2001:db8:9:9::1").status_code == 302
    assert report(client, comment, ip="2001:db8:9:9:ffff::2").status_code == 400
    assert report(client, comment, ip="2001:db8:9:a::1").status_code == 302
    comment.refresh_from_db()
    assert comment.report_count == 2


def test_while_redis_is_down_a_report_is_refused_with_a_clear_message(client, article, redis_server):
    comment = make_comment(article)
    redis_server.stop()
    response = report(client, comment, reason="abuse", note="Kept in the form")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Reports cannot be received just now" in page
    assert "Kept in the form" in page
    assert not Report.objects.exists()


# --- reports filed before reporter keys were salted HMACs ---------------------------------------


def key_before_salted_hmac(identity):
    """How a reporter key was made before: the SHA-256 of SECRET_KEY and the identity."""
    import hashlib

    from django.conf import settings

    return hashlib.sha256(f"{settings.SECRET_KEY}:report:{identity}".encode()).hexdigest()


def test_an_anonymous_reader_who_reported_before_the_change_cannot_report_the_comment_again(client, article):
    comment = make_comment(article)
    Report.objects.create(comment=comment, reporter_key=key_before_salted_hmac("ip:192.0.2.10"), reason="spam")
    response = report(client, comment, ip="192.0.2.10")
    assert response.status_code == 400 and "already reported" in response.content.decode()
    assert report(client, comment, ip="192.0.2.11").status_code == 302


def test_the_migration_rekeys_accounts_reports_so_an_account_cannot_report_a_comment_again(client, article):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("comments.migrations.0007_account_reports_keyed_by_salted_hmac")
    user, comment = make_user(), make_comment(article)
    before = key_before_salted_hmac(f"user:{user.pk}")
    old_anonymous_key = key_before_salted_hmac("ip:192.0.2.9")
    anonymous = Report.objects.create(comment=comment, reporter_key=old_anonymous_key, reason="spam")
    mine = Report.objects.create(comment=comment, user=user, reporter_key=before, reason="spam")

    migration.forwards(apps, None)
    assert Report.objects.get(pk=mine.pk).reporter_key == reports.reporter_key(user=user)
    assert Report.objects.get(pk=anonymous.pk).reporter_key == old_anonymous_key  # no address to re-key it by
    client.force_login(user)
    assert report(client, comment, ip="192.0.2.1").status_code == 400

    migration.backwards(apps, None)
    assert Report.objects.get(pk=mine.pk).reporter_key == before
