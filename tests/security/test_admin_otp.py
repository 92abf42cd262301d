"""A second factor for the admin (ADMIN_REQUIRE_OTP, django-otp TOTP): off by default; on, the admin's
log-in asks for the authenticator's code, and a session not verified by one opens neither the admin nor
the moderation API."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def moderator(db):
    user = make_user("desk", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def device(moderator):
    return TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def admin_login(client, **fields):
    return client.post(reverse("admin:login"), {"username": "desk", "password": PASSWORD, **fields})


def test_off_by_default_a_password_opens_the_admin(client, settings, moderator):
    assert settings.ADMIN_REQUIRE_OTP is False
    assert admin_login(client).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_on_the_password_alone_does_not_open_the_admin(client, settings, device):
    settings.ADMIN_REQUIRE_OTP = True
    form = client.get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in form

    response = admin_login(client)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_on_a_wrong_code_is_refused_and_the_right_one_opens_the_admin(client, settings, device):
    settings.ADMIN_REQUIRE_OTP = True
    right = code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert admin_login(client, otp_device=device.persistent_id, otp_token=wrong).status_code == 200
    assert "_auth_user_id" not in client.session

    device.refresh_from_db()
    device.throttling_failure_count = 0  # the device slows guessing down after a wrong code; not the point here
    device.save()
    response = admin_login(client, otp_device=device.persistent_id, otp_token=right)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 200


def test_on_a_session_from_the_readers_log_in_is_asked_again(client, settings, device):
    settings.ADMIN_REQUIRE_OTP = True
    response = client.post(reverse("login"), {"username": "desk", "password": PASSWORD})
    assert response.status_code == 302

    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 302
    assert client.get("/api/v1/moderation/queues/held/").status_code == 403


def test_otp_enroll_gives_a_device_whose_codes_work(client, settings, moderator, capsys):
    call_command("otp_enroll", "desk")
    printed = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=moderator)
    assert re.search(r"otpauth://totp/\S+secret=", printed)
    assert device.confirmed

    settings.ADMIN_REQUIRE_OTP = True
    assert admin_login(client, otp_device=device.persistent_id, otp_token=code(device)).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
