"""GET /api/v1/articles/ and /api/v1/articles/{slug}/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.api.pagination import ArticlePagination
from newsite import ratings
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_articles_are_listed_newest_first_with_their_counts(anonymous):
    older = make_article(published_at=timezone.now() - timedelta(days=2))
    newer = make_article(published_at=timezone.now() - timedelta(days=1))
    ratings.rate_article(newer, voter_key="v1", value=4)
    response = anonymous.get("/api/v1/articles/")
    assert response.status_code == 200
    slugs = [a["slug"] for a in response.json()["results"]]
    assert slugs == [newer.slug, older.slug]
    first = response.json()["results"][0]
    assert first["rating"] == {"score": 4.0, "count": 1}
    assert first["section"]["slug"] == newer.section.slug
    assert first["url"] == f"http://testserver{newer.get_absolute_url()}"
    assert first["comments_open"] is True


def test_articles_not_yet_published_are_not_listed(anonymous):
    make_article(slug="tomorrow", published_at=timezone.now() + timedelta(days=1))
    assert anonymous.get("/api/v1/articles/").json()["results"] == []
    response = anonymous.get("/api/v1/articles/tomorrow/")
    assert response.status_code == 404


def test_one_article_by_slug(anonymous):
    article = make_article(headline="Harbour news")
    body = anonymous.get(f"/api/v1/articles/{article.slug}/").json()
    assert body["headline"] == "Harbour news"


def test_an_unknown_slug_is_a_404_naming_it(anonymous):
    response = anonymous.get("/api/v1/articles/no-such-story/")
    assert response.status_code == 404
    assert "no-such-story" in response.json()["detail"]


def test_article_pages_follow_with_the_cursor(anonymous, monkeypatch):
    for day in range(5):
        make_article(published_at=timezone.now() - timedelta(days=day))
    monkeypatch.setattr(ArticlePagination, "page_size", 2)
    seen, url = [], "/api/v1/articles/"
    while url:
        page = anonymous.get(url).json()
        seen += [a["slug"] for a in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.parametrize("cursor", ["garbage", "cD0yMDI2", "cD1ub3QtYS1kYXRl", "%%%", "ü"])
def test_an_invalid_cursor_is_a_400_naming_the_cursor(anonymous, cursor):
    make_article()
    response = anonymous.get("/api/v1/articles/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_an_unknown_query_parameter_is_a_400_naming_it(anonymous):
    response = anonymous.get("/api/v1/articles/", {"sort": "headline"})
    assert response.status_code == 400
    assert response.json() == {"sort": ["Unknown query parameter."]}
