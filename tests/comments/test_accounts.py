"""Reader accounts: sign up, log in, log out, and the header that says who is signed in."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def sign_up(client, **fields):
    data = {"display_name": "Rosa Reader", "email": "Rosa@Example.org", "password": "correct horse battery", **fields}
    return client.post(reverse("signup"), data)


def test_signing_up_creates_the_account_and_signs_the_reader_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = get_user_model().objects.get()
    assert (user.username, user.email, user.first_name) == ("rosa@example.org", "rosa@example.org", "Rosa Reader")
    home = client.get("/").content.decode()
    assert "Signed in as <strong>Rosa Reader</strong>" in home


def test_signing_up_returns_to_the_page_the_reader_came_from(client, article):
    response = sign_up(client, next=article.get_absolute_url())
    assert response["Location"] == article.get_absolute_url()


def test_signing_up_never_redirects_off_site(client):
    assert sign_up(client, next="https://evil.example/").status_code == 302
    assert "evil" not in sign_up(client.__class__(), email="b@example.org", next="//evil.example")["Location"]


def test_an_address_already_signed_up_is_refused(client):
    make_user(username="rosa@example.org")
    response = sign_up(client)
    assert response.status_code == 400
    assert "An account with this e-mail address exists already" in response.content.decode()
    assert "Rosa Reader" in response.content.decode()


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
