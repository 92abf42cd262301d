"""Helpers for the reader-side tests: a valid comment form's data, with a real captcha answered."""

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from comments import posting
from tests.factories import make_article


@pytest.fixture(autouse=True)
def _no_minimum_fill_in_time(settings):
    """Tests post at once; the one test about the minimum time sets it again."""
    settings.COMMENTS_FORM_MIN_SECONDS = 0


@pytest.fixture
def article(db):
    return make_article()


def solved_captcha():
    key = CaptchaStore.generate_key()
    return key, CaptchaStore.objects.get(hashkey=key).response


def form_data(article, **overrides):
    """POST data of a comment form filled in correctly by an anonymous reader."""
    key, answer = solved_captcha()
    data = {
        "author_name": "Ada Reader",
        "author_email": "ada@example.org",
        "body": "A thoughtful comment about the story.",
        "form_token": posting.form_token(article),
        "website": "",
        "captcha_0": key,
        "captcha_1": answer,
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def post_url(article):
    return reverse("comments:post", args=[article.pk])
