"""Bad input on the comment form: each gets a clear error, and everything the reader typed comes back."""

import html as html_lib

import pytest

from comments.models import Comment
from tests.factories import long_but_valid_address

from .conftest import form_data, post_url
from .safety import unsafe_elements

pytestmark = pytest.mark.django_db


def post(client, article, **fields):
    return client.post(post_url(article), form_data(article, **fields))


def assert_refused_keeping_text(response, message, *typed):
    page = response.content.decode()
    assert response.status_code == 400
    assert message in html_lib.unescape(page), f"{message!r} not shown"
    for value in typed:
        assert html_lib.escape(value, quote=False) in page or html_lib.escape(value) in page, f"{value!r} was lost"
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n\t  ", "\u200b\u200b"])
def test_an_empty_or_blank_body_is_refused(client, article, body):
    response = post(client, article, body=body, author_name="Kept Name")
    assert_refused_keeping_text(response, "Please write your comment before posting.", "Kept Name")


def test_an_over_long_body_is_refused_with_the_limit(client, article, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    body = "x" * 51
    assert_refused_keeping_text(post(client, article, body=body), "the limit is 50", body)


def test_a_wrong_captcha_answer_is_refused(client, article):
    response = post(client, article, captcha_1="wrong", body="My careful words")
    assert_refused_keeping_text(response, "The code did not match the image", "My careful words")


def test_a_captcha_answer_cannot_be_used_twice(client, article):
    data = form_data(article, body="First")
    assert client.post(post_url(article), data).status_code == 302
    Comment.objects.all().delete()
    response = client.post(post_url(article), {**data, "body": "Second try"})
    assert_refused_keeping_text(response, "That code has expired or was already used", "Second try")


def test_a_missing_captcha_answer_asks_for_the_code(client, article):
    response = post(client, article, captcha_1="")
    assert_refused_keeping_text(response, "Please enter the code you see in the image")


def test_a_refused_form_comes_back_with_a_new_captcha(client, article):
    data = form_data(article, body="")
    page = client.post(post_url(article), data).content.decode()
    assert data["captcha_0"] not in page and 'name="captcha_0"' in page


@pytest.mark.parametrize("email", ["not-an-address", "a@b", "ada@@example.org", "<script>@x.org"])
def test_a_malformed_e_mail_is_refused(client, article, email):
    response = post(client, article, author_email=email, body="Keep me")
    assert_refused_keeping_text(response, "Please enter a valid e-mail address", email, "Keep me")


def test_an_over_long_name_is_refused_with_the_limit(client, article, settings):
    name = "N" * (settings.COMMENTS_NAME_MAX_LENGTH + 1)
    response = post(client, article, author_name=name)
    assert_refused_keeping_text(response, f"Please keep your name to {settings.COMMENTS_NAME_MAX_LENGTH} characters")


def test_a_blank_name_is_refused(client, article):
    assert_refused_keeping_text(post(client, article, author_name="  "), "Please give the name to show")


@pytest.mark.parametrize("body", ["[b]never closed", "[url=https://example.org]x[/url]", "[b][i]x[/b][/i]"])
def test_unbalanced_or_unknown_tags_are_accepted_and_shown_as_text(client, article, body):
    assert post(client, article, body=body).status_code == 302
    comment = Comment.objects.get()
    assert "[" in comment.body_html and "<a " not in comment.body_html.split("[url")[0]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "javascript:alert(1)",
        "<a href=javascript:x>y</a>",
    ],
)
def test_xss_payloads_in_every_field_never_become_markup(client, article, payload):
    response = post(client, article, author_name=payload[:60], body=payload, author_email=f"{payload}@example.org")
    page = response.content.decode()
    section = page[page.index('id="comments"') :]
    assert response.status_code == 400  # the e-mail is not an address
    assert [e for e in unsafe_elements(section) if e[0] not in {"script", "img"} or "src" not in e[1]] == []
    # Posted without the bad e-mail, the comment is stored and its HTML is inert.
    Comment.objects.all().delete()
    assert post(client, article, author_name=payload[:60], body=payload, author_email="").status_code == 302
    comment = Comment.objects.get()
    assert unsafe_elements(comment.body_html) == []
    shown = client.get(article.get_absolute_url()).content.decode()
    assert unsafe_elements(shown[shown.index('class="comments-awaiting"') :].split('id="post-comment"')[0]) == []


def test_nul_bytes_are_refused(client, article):
    response = post(client, article, body="before\x00after", author_name="Nul Test")
    assert_refused_keeping_text(response, "Null characters are not allowed", "Nul Test")


def test_invalid_utf8_is_refused_with_a_clear_message(client, article):
    data = form_data(article)
    encoded = "&".join(f"{k}={v}" for k, v in data.items() if k != "body").encode() + b"&body=caf%E9+cr%E8me"
    response = client.post(post_url(article), encoded, content_type="application/x-www-form-urlencoded")
    assert_refused_keeping_text(response, "could not be read (invalid UTF-8")


def test_zero_width_and_bidi_override_characters_are_removed(client, article):
    assert post(client, article, body="sp\u200bam \u202egnp.exe", author_name="Eve\u202e").status_code == 302
    comment = Comment.objects.get()
    assert (comment.body, comment.author_name) == ("spam gnp.exe", "Eve")


def test_emoji_and_right_to_left_text_are_posted_and_shown_as_typed(client, article):
    body = "مقال رائع 👍🏽 — תודה רבה 👨\u200d👩\u200d👧"
    assert post(client, article, body=body, author_name="سارة").status_code == 302
    comment = Comment.objects.get()
    assert (comment.body, comment.body_html, comment.author_name) == (body, body, "سارة")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<div class="comment-body" dir="auto">{body}</div>' in page


def test_an_e_mail_longer_than_the_column_is_refused_with_the_limit(client, article):
    email = long_but_valid_address(320)  # Django's EmailField takes up to 320; the column holds 254
    response = post(client, article, author_email=email, body="Keep me too", author_name="Kept Name")
    assert_refused_keeping_text(
        response, "An e-mail address has at most 254 characters", email, "Keep me too", "Kept Name"
    )


def test_an_e_mail_of_254_characters_is_accepted(client, article):
    email = long_but_valid_address(254)
    assert post(client, article, author_email=email).status_code == 302
    assert Comment.objects.get().author_email == email
