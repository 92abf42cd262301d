"""Readers reporting comments: one report each, rate-limited, and off the page at the threshold."""

import pytest
from django.urls import reverse

from comments import reports
from comments.models import Comment, Report
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db


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


def test_enough_reports_take_a_comment_off_the_page(client, article, settings, django_capture_on_commit_callbacks):
    settings.COMMENTS_REPORT_THRESHOLD = 3
    comment = make_comment(article, body_html="Reported text")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            report(client, comment, ip=f"198.51.100.{n}")
    comment.refresh_from_db()
    assert (comment.report_count, comment.status) == (3, Comment.Status.HELD)
    assert "Reported text" not in client.get(article.get_absolute_url()).content.decode()


def test_below_the_threshold_the_comment_stays(client, article, settings):
    settings.COMMENTS_REPORT_THRESHOLD = 3
    comment = make_comment(article)
    for n in range(2):
        report(client, comment, ip=f"198.51.100.{n}")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


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
