"""Log-in is throttled (django-axes): failures are counted per username and client, the client being
core.clients' one identity (so trusted proxies are respected); past the limit the form is not even
tried, and a clear page says why and for how long."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
LOGIN_PAGES = [pytest.param("login", id="accounts"), pytest.param("admin:login", id="admin")]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def account(db):
    return make_user("desk", password=PASSWORD, is_staff=True)


def attempt(client, url_name, password, username="desk", **extra):
    return client.post(reverse(url_name), {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("url_name", LOGIN_PAGES)
def test_wrong_passwords_lock_the_username_out_for_that_client(client, settings, account, url_name):
    answers = [attempt(client, url_name, f"wrong-{n}").status_code for n in range(15)]

    limit = getattr(settings, "AXES_FAILURE_LIMIT", 5)
    assert answers[: limit - 1] == [200] * (limit - 1)
    assert set(answers[limit:]) == {429}
    # Locked out: even the right password is not tried until the cool-off has passed.
    locked = attempt(client, url_name, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_why_and_for_how_long(client, settings, account):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, "login", f"wrong-{n}")

    assert response.status_code == 429
    text = " ".join(response.content.decode().split())
    assert "Too many failed log-in attempts" in text
    assert "Try again in 15 minutes" in text
    assert response["Content-Type"].startswith("text/html")


def test_another_client_or_another_username_is_not_locked_out(client, settings, account):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "login", f"wrong-{n}", REMOTE_ADDR="192.0.2.1")
    assert attempt(client, "login", "wrong", REMOTE_ADDR="192.0.2.1").status_code == 429

    make_user("other", password=PASSWORD)
    assert attempt(client, "login", "wrong", username="other", REMOTE_ADDR="192.0.2.1").status_code == 200
    response = attempt(client, "login", PASSWORD, REMOTE_ADDR="192.0.2.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)


def test_the_client_is_the_one_the_trusted_proxy_vouches_for(client, settings, account):
    """Behind one trusted proxy each reader is the address it appended; the header's own entries are ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.5"
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = f"198.51.100.{n}, 203.0.113.9"  # a client writing a new address each time gains nothing
        attempt(client, "login", f"wrong-{n}", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forged)

    assert attempt(client, "login", "wrong", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # Another reader behind the same proxy is not locked out.
    other = attempt(client, "login", PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 302


def test_a_successful_log_in_clears_the_failures(client, settings, account):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "login", f"wrong-{n}")
    assert attempt(client, "login", PASSWORD).status_code == 302
    client.logout()

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "login", f"wrong-{n}").status_code == 200


def test_the_lockout_ends_after_the_cool_off(client, settings, account):
    from axes.models import AccessAttempt

    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "login", f"wrong-{n}")
    assert attempt(client, "login", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME)
    assert attempt(client, "login", PASSWORD).status_code == 302
