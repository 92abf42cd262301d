"""Comment feeds: exactly the published comments, as valid RSS 2.0 and Atom, cached and conditional."""

from datetime import timedelta

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation.services import decide
from newsite.models import Article
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db

Status = Comment.Status
HIDDEN_STATUSES = [Status.SUBMITTED, Status.HELD, Status.SPAM, Status.REJECTED, Status.REMOVED]
FEED_NAMES = [
    "article-feed",
    "article-feed-atom",
    "section-feed",
    "section-feed-atom",
    "latest-feed",
    "latest-feed-atom",
]


def feed_url(name, article):
    if name.startswith("article"):
        return reverse(f"comments:{name}", args=[article.slug])
    if name.startswith("section"):
        return reverse(f"comments:{name}", args=[article.section.slug])
    return reverse(f"comments:{name}")


def fetch(url, client=None, **headers):
    response = (client or Client()).get(url, **headers)
    return response, feedparser.parse(response.content) if response.status_code == 200 else None


@pytest.fixture
def story():
    """An article with two published comments and one comment in every status readers must not see."""
    article = make_article(headline="Tram line opens")
    published = [
        make_comment(article, author_name="Ada", author_email="ada@example.org", body_html="<p>Good <b>news</b></p>"),
        make_comment(article, author_name="Ben", author_email="ben@example.org", body_html="<p>About time</p>"),
    ]
    hidden = [make_comment(article, status=status, author_name=f"Hidden {status}") for status in HIDDEN_STATUSES]
    return article, published, hidden


@pytest.mark.parametrize("name", FEED_NAMES)
def test_every_feed_parses_cleanly_with_exactly_the_published_comments(name, story):
    article, published, hidden = story
    response, feed = fetch(feed_url(name, article))
    assert response.status_code == 200
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("atom10" if name.endswith("atom") else "rss20")
    ids = {entry.id for entry in feed.entries}
    assert ids == {f"http://127.0.0.1:8000/comments/{c.pk}/" for c in published}
    body = response.content.decode()
    for comment in hidden:
        assert comment.author_name not in body


@pytest.mark.parametrize("name", FEED_NAMES)
def test_an_entry_names_the_author_and_article_and_links_to_the_permalink(name, story):
    article, published, _ = story
    _, feed = fetch(feed_url(name, article))
    entry = next(e for e in feed.entries if e.id.endswith(f"/comments/{published[0].pk}/"))
    assert entry.title == "Ada on Tram line opens"
    assert entry.link == f"http://testserver/comments/{published[0].pk}/"
    assert entry.author == "Ada"
    assert entry.published_parsed is not None


@pytest.mark.parametrize("name", FEED_NAMES)
def test_no_email_address_ever_reaches_a_feed(name, story):
    article, _, _ = story
    response, _ = fetch(feed_url(name, article))
    assert "@example.org" not in response.content.decode()


def test_atom_entries_carry_the_sanitized_html_as_content(story):
    article, published, _ = story
    _, feed = fetch(feed_url("article-feed-atom", article))
    entry = next(e for e in feed.entries if e.title.startswith("Ada"))
    assert entry.content[0].type == "text/html"
    assert entry.content[0].value == "<p>Good <b>news</b></p>"


def test_rss_items_carry_the_sanitized_html_as_description(story):
    article, _, _ = story
    _, feed = fetch(feed_url("article-feed", article))
    entry = next(e for e in feed.entries if e.title.startswith("Ada"))
    assert entry.description == "<p>Good <b>news</b></p>"


def test_feeds_list_the_newest_comment_first_up_to_the_configured_number(settings):
    settings.COMMENTS_FEED_ITEMS = 3
    article = make_article()
    comments = [make_comment(article) for _ in range(5)]
    _, feed = fetch(feed_url("article-feed", article))
    assert [e.id.rsplit("/", 2)[1] for e in feed.entries] == [str(c.pk) for c in reversed(comments[-3:])]


def test_a_section_feed_holds_only_that_sections_comments():
    ours, theirs = make_article(), make_article(section=make_section())
    mine = make_comment(ours)
    make_comment(theirs, author_name="Elsewhere")
    _, feed = fetch(feed_url("section-feed", ours))
    assert [e.id for e in feed.entries] == [f"http://127.0.0.1:8000/comments/{mine.pk}/"]


@pytest.mark.parametrize("mode", [Article.CommentMode.CLOSED, Article.CommentMode.PREMODERATED])
def test_feeds_of_closed_and_premoderated_articles_still_work(mode):
    article = make_article(comment_mode=mode)
    make_comment(article)
    for name in ("article-feed", "article-feed-atom"):
        response, feed = fetch(feed_url(name, article))
        assert response.status_code == 200
        assert len(feed.entries) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/comments/feed/article/no-such-story/rss/",
        "/comments/feed/article/no-such-story/atom/",
        "/comments/feed/section/no-such-section/rss/",
    ],
)
def test_an_unknown_article_or_section_is_a_404(url):
    assert Client().get(url).status_code == 404


def test_an_article_not_yet_published_has_no_feed():
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    assert Client().get(feed_url("article-feed", article)).status_code == 404


def test_article_pages_advertise_their_feed_and_every_page_the_site_feed():
    article = make_article()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert f'rel="alternate" type="application/rss+xml" title="Comments on {article.headline}"' in html
    assert f'href="{feed_url("article-feed", article)}"' in html
    home = Client().get("/").content.decode()
    site_feed = reverse("comments:latest-feed")
    assert (
        f'rel="alternate" type="application/rss+xml" title="The Daily Ledger: latest comments" href="{site_feed}"'
        in home
    )


# --- conditional GET and caching ----------------------------------------------------------------


@pytest.mark.parametrize("name", FEED_NAMES)
def test_a_repeat_poll_with_the_etag_gets_304(name, story):
    article, _, _ = story
    first, _ = fetch(feed_url(name, article))
    assert first["ETag"] and first["Last-Modified"]
    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = Client().get(feed_url(name, article), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_repeat_poll_with_if_modified_since_gets_304(story):
    article, _, _ = story
    first, _ = fetch(feed_url("article-feed", article))
    again = Client().get(feed_url("article-feed", article), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_a_cached_feed_is_served_without_building_it_again(story, django_assert_max_num_queries):
    article, _, _ = story
    fetch(feed_url("article-feed", article))
    with django_assert_max_num_queries(1):  # finding the article; the body comes from Redis
        response, feed = fetch(feed_url("article-feed", article))
    assert len(feed.entries) == 2
    fetch(feed_url("latest-feed", article))
    with django_assert_max_num_queries(0):
        fetch(feed_url("latest-feed", article))


@pytest.mark.parametrize("name", FEED_NAMES)
def test_a_moderators_decision_on_the_article_refreshes_its_feeds(name, story, django_capture_on_commit_callbacks):
    article, published, _ = story
    first, _ = fetch(feed_url(name, article))
    with django_capture_on_commit_callbacks(execute=True):
        decide(published[0], Status.REMOVED, action="remove", reasons=["off-topic"])
    response, feed = fetch(feed_url(name, article), HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert [e.title for e in feed.entries] == ["Ben on Tram line opens"]


def test_a_newly_published_comment_appears_in_the_feed(story, django_capture_on_commit_callbacks):
    article, _, hidden = story
    fetch(feed_url("article-feed", article))
    held = next(c for c in hidden if c.status == Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        decide(held, Status.PUBLISHED, action="approve")
    _, feed = fetch(feed_url("article-feed", article))
    assert f"Hidden {Status.HELD} on Tram line opens" in [e.title for e in feed.entries]


def test_an_article_edit_that_lands_while_its_feed_is_built_shows_at_the_next_poll(
    story, django_capture_on_commit_callbacks, monkeypatch
):
    from comments.feeds import ArticleCommentsFeed

    article, _, _ = story
    url = feed_url("article-feed", article)
    fetch(url)  # the site now knows the article's id
    load = ArticleCommentsFeed.get_object

    def load_then_an_editor_saves(feed, *args, **kwargs):
        loaded = load(feed, *args, **kwargs)  # with the old headline
        with django_capture_on_commit_callbacks(execute=True):
            edited = Article.objects.get(pk=article.pk)
            edited.headline = "Tram line opens at last"
            edited.save()
        return loaded

    with django_capture_on_commit_callbacks(execute=True):
        decide(story[1][0], Status.REMOVED, action="remove")  # the stored feed is stale: the next poll builds it
    monkeypatch.setattr(ArticleCommentsFeed, "get_object", load_then_an_editor_saves)
    fetch(url)  # built from the article as it was loaded
    monkeypatch.undo()

    _, feed = fetch(url)
    assert feed.feed.title == "Comments on Tram line opens at last"


def test_feeds_still_answer_when_redis_is_down(story, redis_server):
    article, published, _ = story
    redis_server.stop()
    response, feed = fetch(feed_url("article-feed", article))
    assert response.status_code == 200
    assert len(feed.entries) == len(published)


def test_a_feed_asked_through_any_port_is_answered_and_not_stored(story):
    from django.core.cache import cache

    article, published, _ = story
    for port in range(81, 84):
        response, feed = fetch(feed_url("latest-feed", article), HTTP_HOST=f"testserver:{port}")
        assert response.status_code == 200 and len(feed.entries) == len(published)
    assert cache._cache.get_client().keys("*comments:feed:*") == []
    fetch(feed_url("latest-feed", article))
    assert len(cache._cache.get_client().keys("*comments:feed:*")) == 1


# --- an article withdrawn, moved or deleted leaves the site and section feeds at once ------------

SITE_AND_SECTION_FEEDS = ["section-feed", "section-feed-atom", "latest-feed", "latest-feed-atom"]


def titles(url, **headers):
    response, feed = fetch(url, **headers)
    assert response.status_code == 200 and not feed.bozo, feed and feed.get("bozo_exception")
    return response, [entry.title for entry in feed.entries]


@pytest.mark.parametrize("name", SITE_AND_SECTION_FEEDS)
def test_a_withdrawn_articles_comments_leave_the_feeds_at_the_next_poll(
    name, story, django_capture_on_commit_callbacks
):
    article, _, _ = story
    url = feed_url(name, article)
    first, before = titles(url)
    assert before == ["Ben on Tram line opens", "Ada on Tram line opens"]
    with django_capture_on_commit_callbacks(execute=True):
        article.published_at = timezone.now() + timedelta(days=1)  # taken back: not published yet
        article.save()
    response, after = titles(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after == [] and response["ETag"] != first["ETag"]


@pytest.mark.parametrize("name", ["latest-feed", "latest-feed-atom"])
def test_a_deleted_articles_comments_leave_the_site_feed(name, story, django_capture_on_commit_callbacks):
    article, _, _ = story
    other = make_article(section=article.section)
    make_comment(other, author_name="Cai")
    url = feed_url(name, article)
    assert len(titles(url)[1]) == 3
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).delete()
    assert titles(url)[1] == [f"Cai on {other.headline}"]


def test_a_deleted_articles_comments_leave_its_section_feed(story, django_capture_on_commit_callbacks):
    article, _, _ = story
    url = reverse("comments:section-feed", args=[article.section.slug])
    assert len(titles(url)[1]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert titles(url)[1] == []


def test_an_article_moved_to_another_section_moves_its_comments_between_the_section_feeds(
    story, django_capture_on_commit_callbacks
):
    article, _, _ = story
    old_url = reverse("comments:section-feed", args=[article.section.slug])
    elsewhere = make_section(name="Transport", slug="transport")
    new_url = reverse("comments:section-feed", args=[elsewhere.slug])
    assert len(titles(old_url)[1]) == 2 and titles(new_url)[1] == []
    with django_capture_on_commit_callbacks(execute=True):
        article.section = elsewhere
        article.save()
    assert titles(old_url)[1] == []
    assert len(titles(new_url)[1]) == 2
