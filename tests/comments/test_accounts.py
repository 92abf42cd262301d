"""Reader accounts: sign up (captcha, rate limit, the same answer for every address), the link that
verifies the address, log in, log out, and the header that says who is signed in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from comments import accounts
from comments.models import VerifiedEmail
from tests.factories import make_user

from .conftest import solved_captcha

pytestmark = pytest.mark.django_db
CHECK_INBOX = "Check your inbox: we sent a link to confirm your address."


def sign_up(client, ip="192.0.2.20", **fields):
    key, answer = solved_captcha()
    data = {
        "display_name": "Rosa Reader",
        "email": "Rosa@Example.org",
        "password": "correct horse battery",
        "captcha_0": key,
        "captcha_1": answer,
        **fields,
    }
    return client.post(reverse("signup"), {name: value for name, value in data.items() if value is not None},
                       REMOTE_ADDR=ip)  # fmt: skip


def link_in(message):
    return re.search(r"https?://\S+(/accounts/verify/\S+/)", message.body).group(1)


def test_signing_up_creates_an_unverified_account_and_mails_the_link(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = get_user_model().objects.get()
    assert (user.username, user.email, user.first_name) == ("rosa@example.org", "rosa@example.org", "Rosa Reader")
    assert not accounts.is_verified(user)
    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]
    assert "/accounts/verify/" in mail.outbox[0].body
    assert CHECK_INBOX in client.get(response["Location"]).content.decode()


def test_the_answer_offers_to_log_in_and_return_to_the_page_the_reader_came_from(client, article):
    response = sign_up(client, next=article.get_absolute_url())
    assert f"next={article.get_absolute_url()}" in client.get(response["Location"]).content.decode()
    off_site = sign_up(client.__class__(), email="b@example.org", next="//evil.example")
    assert "evil" not in off_site["Location"]


def test_sign_up_needs_the_captcha(client):
    response = sign_up(client, captcha_1="")
    assert response.status_code == 400
    assert "Please enter the code you see in the image" in response.content.decode()
    assert not get_user_model().objects.exists() and not mail.outbox


def test_a_wrong_captcha_answer_is_refused_and_a_new_code_shown(client):
    response = sign_up(client, captcha_1="WRONG")
    assert response.status_code == 400
    assert "The code did not match the image" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_sign_up_is_rate_limited_per_client(client, settings):
    settings.ACCOUNTS_SIGNUP_RATE_LIMIT = "2/h"
    answers = [sign_up(client, email=f"reader{n}@example.org").status_code for n in range(3)]
    assert answers == [302, 302, 400]
    assert "Too many sign-ups from your address (at most 2 per hour)" in sign_up(client).content.decode()
    assert sign_up(client, ip="198.51.100.7", email="other@example.org").status_code == 302
    assert get_user_model().objects.count() == 3


def test_an_ipv6_client_is_limited_by_its_64(client, settings):
    settings.ACCOUNTS_SIGNUP_RATE_LIMIT = "1/h"
    assert sign_up(client, ip="2001:db8:1:2::1", email="a@example.org").status_code == 302
    assert sign_up(client, ip="2001:db8:1:2::ff", email="b@example.org").status_code == 400
    assert sign_up(client, ip="2001:db8:1:3::1", email="c@example.org").status_code == 302


def test_registering_an_existing_address_is_answered_like_a_new_one(client):
    new = sign_up(client, email="new@example.org")
    make_user(username="rosa@example.org", email="rosa@example.org", first_name="Rosa")
    taken = sign_up(client.__class__(), email="ROSA@example.org")
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert client.get(taken["Location"]).content == client.get(new["Location"]).content
    assert get_user_model().objects.filter(username__iexact="rosa@example.org").count() == 1
    attempt = mail.outbox[-1]
    assert attempt.to == ["rosa@example.org"] and "someone tried to sign up" in attempt.subject
    assert "/accounts/verify/" not in attempt.body


def test_following_the_link_verifies_the_address(client):
    sign_up(client)
    user = get_user_model().objects.get()
    link = link_in(mail.outbox[0])
    assert "Confirm my address" in client.get(link).content.decode()
    assert not accounts.is_verified(get_user_model().objects.get())  # fetching the link confirms nothing

    response = client.post(link)

    assert response.status_code == 302
    assert VerifiedEmail.objects.get(user=user).email == "rosa@example.org"
    assert accounts.is_verified(get_user_model().objects.get())
    assert client.post(link).status_code == 400  # the link worked once


def test_a_tampered_link_verifies_nothing(client):
    sign_up(client)
    link = link_in(mail.outbox[0])
    assert client.post(link[:-3] + "xx/").status_code == 400
    assert not VerifiedEmail.objects.exists()


def test_an_address_changed_since_verification_is_unverified_again():
    user = make_user(username="ann@example.org", verified=True)
    assert accounts.is_verified(user)
    user.email = "ann@elsewhere.example"
    user.save()
    assert not accounts.is_verified(get_user_model().objects.get(pk=user.pk))


def test_a_signed_in_unverified_reader_can_ask_for_a_new_link(client, article):
    user = make_user(username="ann@example.org", email="ann@example.org", first_name="Ann")
    client.force_login(user)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Your e-mail address is not confirmed yet" in html
    response = client.post(reverse("verify-email-send"), {"next": article.get_absolute_url()})
    assert response["Location"] == article.get_absolute_url()
    assert mail.outbox[-1].to == ["ann@example.org"] and "/accounts/verify/" in mail.outbox[-1].body


def test_an_unverified_sign_up_sees_the_captcha_on_the_comment_form(client, article):
    sign_up(client)
    client.post(reverse("login"), {"username": "rosa@example.org", "password": "correct horse battery"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Posting as <strong>Rosa Reader</strong>" in html
    assert 'name="captcha_1"' in html

    client.post(link_in(mail.outbox[0]))
    assert 'name="captcha_1"' not in client.get(article.get_absolute_url()).content.decode()


def test_a_weak_password_is_refused_with_the_reason(client):
    response = sign_up(client, password="123")
    assert response.status_code == 400
    assert "too short" in response.content.decode()


def test_an_over_long_display_name_is_refused(client, settings):
    response = sign_up(client, display_name="D" * (settings.COMMENTS_NAME_MAX_LENGTH + 1))
    assert "Please keep your display name to" in response.content.decode()


def test_the_login_page_and_the_header_links(client):
    html = client.get(reverse("login")).content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert f'href="{reverse("signup")}"' in html


def test_a_reader_logs_in_with_their_e_mail_and_out_again(client):
    make_user(username="ann@example.org", password="a-long-test-password", first_name="Ann")
    response = client.post(reverse("login"), {"username": "ann@example.org", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert "Signed in as <strong>Ann</strong>" in client.get("/").content.decode()
    client.post(reverse("logout"))
    assert "Signed in as" not in client.get("/").content.decode()


def test_a_signed_in_reader_sees_whom_they_post_as_and_no_name_fields(client, article):
    client.force_login(make_user(first_name="Ann"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Posting as <strong>Ann</strong>" in html
    assert 'name="author_name"' not in html and 'name="author_email"' not in html
