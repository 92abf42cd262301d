"""The article page costs the same few queries however long its thread, cold or warm (the benchmark's premise)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.cache import bump_article
from demo import bulk_comments
from tests.factories import make_article

pytestmark = pytest.mark.django_db

COLD_PAGE_MAX_QUERIES = 10


def page_url(article, page=None):
    url = reverse("article", args=[article.section.slug, article.slug])
    return f"{url}?page={page}" if page else url


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def threaded_article(count, seed):
    """An article whose thread has replies on every page, as a real discussion does."""
    article = make_article()
    bulk_comments.add_comments(article, count, seed=seed, batch_size=200)
    article.refresh_from_db()
    return article


@pytest.fixture
def short_and_long(settings, client):
    settings.COMMENTS_PER_PAGE = 50
    short, long = threaded_article(60, seed=1), threaded_article(3000, seed=2)
    client.get(page_url(short))  # once, so per-process look-ups (the section navigation) are not counted
    return short, long


def test_a_cold_article_page_makes_the_same_few_queries_with_60_or_3000_comments(client, short_and_long):
    short, long = short_and_long
    # Cold as right after a status change: the article's comment version moved on.
    bump_article(short.pk)
    cold_short = queries_for(client, page_url(short))
    bump_article(long.pk)
    cold_long = queries_for(client, page_url(long))
    cold_middle = queries_for(client, page_url(long, page=30))

    assert cold_short == cold_long == cold_middle
    assert cold_long <= COLD_PAGE_MAX_QUERIES


def test_a_warm_article_page_makes_fewer_queries_than_a_cold_one_and_as_many_for_any_thread(client, short_and_long):
    short, long = short_and_long
    bump_article(long.pk)
    cold = queries_for(client, page_url(long, page=30))
    warm_long = queries_for(client, page_url(long, page=30))
    queries_for(client, page_url(short))
    warm_short = queries_for(client, page_url(short))

    assert warm_long == warm_short
    assert warm_long < cold
