"""Captcha rows cannot be made without limit: one place makes them, limited per client, and expired ones are purged."""

from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import captchas
from tests.factories import make_article

pytestmark = pytest.mark.django_db
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def limit(settings):
    settings.COMMENTS_CAPTCHA_RATE_LIMIT = "3/m"
    return settings


def refresh(address="203.0.113.10"):
    return Client().get("/captcha/refresh/", REMOTE_ADDR=address, **AJAX)


def fetch_image(key, address="203.0.113.10"):
    return Client().get(reverse("captcha-issued-image", args=[key]), REMOTE_ADDR=address)


def test_new_code_gives_a_signed_key_and_writes_no_row(limit):
    response = refresh()
    assert response.status_code == 200
    fresh = response.json()
    assert captchas.is_issued(fresh["key"])
    assert fresh["image_url"] == reverse("captcha-issued-image", args=[fresh["key"]])
    assert not CaptchaStore.objects.exists()
    assert fetch_image(fresh["key"]).status_code == 200
    assert CaptchaStore.objects.filter(hashkey=fresh["key"]).count() == 1


def test_new_code_is_limited_per_client_with_a_message_and_retry_after(limit):
    assert [refresh().status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = refresh()
    assert "Too many new codes" in refused.json()["detail"] and refused["Retry-After"]
    assert refresh("2001:db8:1:2::7").status_code == 200  # another client is not refused
    assert not CaptchaStore.objects.exists()


def test_the_widget_asks_our_limited_refresh(limit):
    html = Client().get(make_article().get_absolute_url()).content.decode()
    assert 'data-captcha-refresh="/captcha/refresh/"' in html
    assert reverse("captcha-issued-refresh") == "/captcha/refresh/"


def test_rows_are_made_within_the_clients_limit_an_ipv6_reader_counted_by_their_64(limit):
    keys = [captchas.issue_key() for _ in range(5)]
    answers = [fetch_image(key, f"2001:db8:aa:bb::{n}").status_code for n, key in enumerate(keys[:4], start=1)]
    assert answers == [200, 200, 200, 429]
    assert CaptchaStore.objects.count() == 3
    assert fetch_image(keys[0], "2001:db8:aa:bb::99").status_code == 200  # an existing row is served again
    assert fetch_image(keys[4], "198.51.100.4").status_code == 200
    assert CaptchaStore.objects.count() == 4


def test_a_form_shown_again_writes_no_row_until_its_image_is_fetched(limit):
    article = make_article()
    client = Client()
    response = client.post(
        reverse("comments:post", args=[article.pk]), {"author_name": "No Script", "body": "Text", "new_code": "1"}
    )
    assert response.status_code == 200 and not CaptchaStore.objects.exists()


def test_the_purge_deletes_expired_rows_only_and_runs_on_the_maintenance_queue(limit):
    from comments.tasks import purge_expired_captchas

    old = CaptchaStore.objects.create(challenge="OLD", response="old")
    CaptchaStore.objects.filter(pk=old.pk).update(expiration=timezone.now() - timedelta(seconds=1))
    fresh = CaptchaStore.objects.create(challenge="NEW", response="new")
    purge_expired_captchas()
    assert list(CaptchaStore.objects.values_list("pk", flat=True)) == [fresh.pk]
    task = "comments.tasks.purge_expired_captchas"
    beat = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == task]
    assert beat == [{"task": task, "schedule": 600.0, "options": {"queue": "maintenance"}}]
    from config.celery import app

    assert app.amqp.router.route({}, task)["queue"].name == "maintenance"
