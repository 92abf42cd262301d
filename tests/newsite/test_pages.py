"""The newsroom's pages as a reader meets them."""

import pytest
from django.urls import reverse

from newsite.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_home_lists_latest_articles_by_section(client):
    politics = make_section(name="Politics", slug="politics")
    article = make_article(section=politics, headline="Council votes on buses")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Council votes on buses" in html
    assert article.get_absolute_url() in html
    assert 'href="/politics/"' in html


def test_article_page_has_the_parts_of_a_news_page(client):
    section = make_section(name="Science", slug="science")
    article = make_article(
        section=section,
        headline="Comet splits in two",
        standfirst="Amateurs saw it first.",
        byline="Dr Lind",
        location="Fellhead",
        body="First paragraph here.\n\nSecond paragraph here.",
        source="Observatory bulletin",
        image_caption="The club telescope",
    )
    article.tags.create(name="Space", slug="space")

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Breadcrumb"><a href="/">Home</a> | <a href="/science/">Science</a>' in html
    assert '<h1 class="headline">Comet splits in two</h1>' in html
    assert "Amateurs saw it first." in html
    assert 'By <span class="author">Dr Lind</span>' in html
    assert "Fellhead" in html
    assert html.count("paragraph here.</p>") == 2
    assert "Source: Observatory bulletin" in html
    assert 'href="/tags/space/" rel="tag">Space</a>' in html
    assert "Share this article" in html
    for share in ("mailto:?subject=", "x.com/intent/post", "facebook.com/sharer", "linkedin.com/sharing", "wa.me/"):
        assert share in html
    assert "Rate this article" in html
    assert "Comments (0 posted)" in html
    feed_url = reverse("comments:article-feed", args=[article.slug])
    assert (
        f'rel="alternate" type="application/rss+xml" title="Comments on Comet splits in two" href="{feed_url}"' in html
    )


def test_article_text_is_escaped(client):
    article = make_article(headline="<script>alert(1)</script>", body="<b>bold?</b>")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html


@pytest.mark.parametrize("path", ["/no-such-section/", "/politics/no-such-article/", "/tags/nothing/"])
def test_unknown_pages_are_a_proper_404(client, path, settings):
    settings.DEBUG = False
    make_section(name="Politics", slug="politics")

    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_article_in_another_section_is_not_found_under_the_wrong_one(client):
    article = make_article(section=make_section(slug="sport"))
    make_section(slug="world")

    assert client.get(f"/world/{article.slug}/").status_code == 404


def test_article_closes_for_comments_at_its_close_date():
    from datetime import timedelta

    from django.utils import timezone

    article = make_article(comments_close_at=timezone.now() - timedelta(seconds=1))
    assert not article.comments_open
    article.comments_close_at = timezone.now() + timedelta(hours=1)
    assert article.comments_open
    article.comment_mode = Article.CommentMode.CLOSED
    assert not article.comments_open
