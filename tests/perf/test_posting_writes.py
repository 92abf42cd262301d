"""A post through the form is one write transaction, and its captcha code still serves one attempt only."""

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import awaiting, posting
from comments.models import Comment
from tests.comments.conftest import form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def _writes(queries):
    return [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("BEGIN", "INSERT", "UPDATE", "DELETE")]


def test_a_post_uses_up_its_code_and_saves_the_comment_in_one_transaction_without_a_session(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    article = make_article()
    data = form_data(article)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 302
    writes = _writes(queries.captured_queries)
    assert [sql.split()[0].upper() for sql in writes] == ["BEGIN", "DELETE", "INSERT"], writes
    assert "captcha_captchastore" in writes[1] and "comments_comment" in writes[2]
    assert not CaptchaStore.objects.filter(hashkey=data["captcha_0"]).exists()
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert awaiting.COOKIE in response.cookies


def test_a_code_used_up_by_another_post_in_the_meantime_refuses_the_second(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    article = make_article()
    data = form_data(article)
    attempt = posting.Attempt(article, {}, None, "192.0.2.1", "", None)
    attempt.spent_captchas.append(data["captcha_0"])
    CaptchaStore.objects.filter(hashkey=data["captcha_0"]).delete()  # the other post's transaction
    assert posting.spend_captchas(attempt) is False
    data["captcha_0"] = CaptchaStore.generate_key()  # a valid code, about to be used up twice
    data["captcha_1"] = CaptchaStore.objects.get(hashkey=data["captcha_0"]).response
    spent = posting.Attempt(article, {}, None, "192.0.2.1", "", None)
    spent.spent_captchas.append(data["captcha_0"])
    assert posting.spend_captchas(spent) is True
    response = Client().post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 400
    assert not Comment.objects.filter(article=article).exists()


def test_a_refused_post_still_uses_up_its_code(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    article = make_article()
    first = form_data(article)
    Client().post(reverse("comments:post", args=[article.pk]), first)
    again = form_data(article)  # the same text from the same address: refused as a duplicate, after the captcha
    response = Client().post(reverse("comments:post", args=[article.pk]), again)
    assert response.status_code == 400
    assert not CaptchaStore.objects.filter(hashkey=again["captcha_0"]).exists()
