"""The open page's question "did new comments come?": a conditional GET on the article's comment version."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation import services
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_an_unchanged_thread_is_a_304_without_a_query(article, django_assert_num_queries):
    make_comment(article)
    url = reverse("comments:live", args=[article.pk])
    first = Client().get(url)
    assert first.status_code == 200 and first.json() == {"count": 1} and first["Cache-Control"] == "no-cache"

    with django_assert_num_queries(0):
        again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_new_comment_changes_the_answer(article, django_capture_on_commit_callbacks):
    url = reverse("comments:live", args=[article.pk])
    first = Client().get(url)
    waiting = make_comment(article, status=Comment.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(waiting, Comment.Status.PUBLISHED, action="check")

    after = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after.json() == {"count": 1} and after["ETag"] != first["ETag"]


def test_an_article_not_published_has_no_answer():
    later = make_article(published_at=timezone.now() + timedelta(days=1))
    assert Client().get(reverse("comments:live", args=[later.pk])).status_code == 404


def test_the_page_says_where_to_ask_and_how_often(article, settings):
    make_comment(article)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert f'data-live-url="{reverse("comments:live", args=[article.pk])}"' in page
    assert 'data-live-poll="20"' in page and 'data-comment-count="1"' in page

    settings.COMMENTS_LIVE_POLL_SECONDS = 0
    other = make_article()
    assert "data-live-url" not in Client().get(other.get_absolute_url()).content.decode()
