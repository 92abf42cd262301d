"""The article page cached whole: no SQL for an anonymous reader, yet fresh per-reader parts and every change shown."""

import re

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.article_page import CachedArticleView
from comments.models import Comment
from moderation import services
from newsite import ratings
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def get_page(client, article, query=""):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{article.get_absolute_url()}{query}")
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def field(html, name):
    form = html[html.index("data-comment-form") :]
    return re.search(rf'name="{name}" value="([^"]*)"', form).group(1)


@pytest.fixture
def settled(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    return settings


def test_a_warm_anonymous_page_makes_no_query_and_carries_a_fresh_csrf_token_the_post_accepts(settled):
    article = make_article()
    make_comment(article, body_html="<p>Already here</p>")
    get_page(Client(), article)  # renders and stores the page
    reader = Client(enforce_csrf_checks=True)
    html, queries = get_page(reader, article)
    assert queries == 0
    assert "Already here" in html and "pagecache" not in html

    key = field(html, "captcha_0")
    assert reader.get(reverse("captcha-issued-image", args=[key])).status_code == 200
    answer = CaptchaStore.objects.get(hashkey=key).response
    response = reader.post(
        reverse("comments:post", args=[article.pk]),
        {
            "csrfmiddlewaretoken": field(html, "csrfmiddlewaretoken"),
            "form_token": field(html, "form_token"),
            "author_name": "Cached Reader",
            "body": "Posted from a page that came out of the cache.",
            "website": "",
            "captcha_0": key,
            "captcha_1": answer,
        },
    )
    assert response.status_code == 302
    assert Comment.objects.filter(author_name="Cached Reader").exists()


def test_each_reader_of_a_cached_page_gets_their_own_csrf_token_form_time_and_captcha(settled):
    article = make_article()
    first, _ = get_page(Client(), article)
    second, queries = get_page(Client(), article)
    assert queries == 0
    for name in ("csrfmiddlewaretoken", "form_token", "captcha_0"):
        assert field(first, name) != field(second, name), name


def test_viewing_the_page_writes_no_captcha_and_the_image_creates_it_once(settled):
    article = make_article()
    html, _ = get_page(Client(), article)
    assert not CaptchaStore.objects.exists()
    key = field(html, "captcha_0")
    assert f'src="/captcha/issued/{key}/" loading="lazy"' in html
    client = Client()
    first = client.get(reverse("captcha-issued-image", args=[key]))
    again = client.get(reverse("captcha-issued-image", args=[key]))
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert CaptchaStore.objects.filter(hashkey=key).count() == 1


def test_a_captcha_key_the_site_did_not_issue_is_gone(settled):
    forged = "0" * 40
    assert Client().get(reverse("captcha-issued-image", args=[forged])).status_code == 410
    assert not CaptchaStore.objects.exists()


def test_posting_without_the_captcha_returns_the_text_with_a_new_captcha_and_the_prompt(settled):
    article = make_article()
    client = Client()
    html, _ = get_page(client, article)
    response = client.post(
        reverse("comments:post", args=[article.pk]),
        {"form_token": field(html, "form_token"), "author_name": "No Script", "body": "Typed without JavaScript",
         "captcha_0": field(html, "captcha_0"), "captcha_1": ""},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "Typed without JavaScript" in page
    assert "Please enter the code you see in the image" in page
    fresh = field(page, "captcha_0")
    assert fresh != field(html, "captcha_0") and not CaptchaStore.objects.filter(hashkey=fresh).exists()
    assert f'src="/captcha/issued/{fresh}/"' in page  # its challenge is made when the image is fetched
    assert client.get(reverse("captcha-issued-image", args=[fresh])).status_code == 200
    assert CaptchaStore.objects.filter(hashkey=fresh).exists()


def test_a_status_change_shows_on_the_next_view(settled, django_capture_on_commit_callbacks):
    article = make_article()
    waiting = make_comment(article, status=Comment.Status.HELD, body_html="<p>Approved later</p>")
    client = Client()
    get_page(client, article)
    assert "Approved later" not in get_page(client, article)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(waiting, Comment.Status.PUBLISHED, action="approve")
    html, _ = get_page(client, article)
    assert "Approved later" in html and "Comments (1 posted)" in html


def test_an_article_edit_shows_on_the_next_view(settled, django_capture_on_commit_callbacks):
    article = make_article(headline="Before the edit")
    client = Client()
    get_page(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "After the edit"
        article.save()
    assert "After the edit" in get_page(client, article)[0]


def test_a_new_tag_and_a_renamed_section_show_on_the_next_view(settled, django_capture_on_commit_callbacks):
    from newsite.models import Tag

    article = make_article()
    client = Client()
    get_page(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.add(Tag.objects.create(name="Night buses", slug="night-buses"))
        article.section.name = "Renamed section"
        article.section.save()
    html, _ = get_page(client, article)
    assert "Night buses" in html and "Renamed section" in html


def test_a_new_rating_shows_on_the_next_view(settled, django_capture_on_commit_callbacks):
    article = make_article()
    client = Client()
    get_page(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        ratings.rate_article(article, voter_key="someone", value=4)
    assert "4.0 out of 5 from 1 vote" in get_page(client, article)[0]


def test_a_voter_sees_their_own_stars_on_the_cached_page_for_one_query(settled):
    article = make_article()
    get_page(Client(), article)
    voter = Client()
    voter.post(reverse("rate-article", args=[article.slug]), {"value": "2"}, HTTP_ACCEPT="application/json")
    html, queries = get_page(voter, article)
    assert queries == 1
    assert 'value="2" id="rating-2" checked' in html and "you gave 2 out of 5" in html
    assert " checked" not in get_page(Client(), article)[0]


def test_a_signed_in_reader_never_gets_the_anonymous_page_nor_an_anonymous_reader_theirs(settled):
    article = make_article()
    get_page(Client(), article)
    member = Client()
    member.force_login(make_user(first_name="Mona"))
    assert "Signed in as <strong>Mona</strong>" in get_page(member, article)[0]
    html, queries = get_page(Client(), article)
    assert "Mona" not in html and "Log in" in html and queries == 0


def test_messages_and_comments_awaiting_moderation_are_shown_to_their_reader_only(settled):
    article = make_article()
    get_page(Client(), article)
    poster = Client()
    html, _ = get_page(poster, article)
    key = field(html, "captcha_0")
    poster.get(reverse("captcha-issued-image", args=[key]))
    response = poster.post(
        reverse("comments:post", args=[article.pk]),
        {"form_token": field(html, "form_token"), "author_name": "Waiting Reader", "body": "Mine, not yet checked",
         "captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "Thank you: your comment" in page and "Mine, not yet checked" in page
    other, _ = get_page(Client(), article)
    assert "Mine, not yet checked" not in other and "Thank you" not in other


def test_a_reply_link_gets_its_own_page_with_the_quote(settled):
    article = make_article()
    parent = make_comment(article, author_name="Quoted", body="Worth quoting")
    get_page(Client(), article)
    html, _ = get_page(Client(), article, f"?reply_to={parent.pk}")
    assert "[quote=Quoted]Worth quoting[/quote]" in html


def stored_pages():
    """The whole pages in the cache (comments.page_cache's entries), whatever else is there."""
    from django.core.cache import cache

    return cache._cache.get_client().keys("*newsite:page:*")


@pytest.mark.parametrize("spelling", ["?page=01", "?page=001", "?page=1", "?order=oldest", "?order=oldest&page=1"])
def test_every_spelling_of_the_first_page_is_sent_to_its_one_url_and_shares_its_one_entry(settled, spelling):
    article = make_article()
    get_page(Client(), article)
    assert len(stored_pages()) == 1
    response = Client().get(f"{article.get_absolute_url()}{spelling}")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert len(stored_pages()) == 1


def article_with_pages(settings, pages):
    settings.COMMENTS_PER_PAGE = 1
    article = make_article()
    for _ in range(pages):
        make_comment(article)
    return article, article.get_absolute_url()


def test_a_later_page_has_one_url_in_either_order(settled):
    article, path = article_with_pages(settled, 3)
    for spelling, canonical in [
        ("?page=02", "?page=2"),
        ("?page=2&order=oldest", "?page=2"),
        ("?page=2&order=newest", "?order=newest&page=2"),
        ("?page=1&page=2", "?page=2"),
        ("?order=newest&page=%32", "?order=newest&page=2"),
    ]:
        response = Client().get(path + spelling)
        assert (response.status_code, response["Location"]) == (301, path + canonical), spelling
    get_page(Client(), article, "?page=2")
    get_page(Client(), article, "?order=newest&page=2")
    assert len(stored_pages()) == 2


@pytest.mark.parametrize("junk", ["?order=x", "?page=abc", "?page=-3", "?page=", "?order=newest&page=0"])
def test_junk_values_are_redirected_before_anything_is_rendered_or_stored(settled, junk):
    article = make_article()
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(f"{article.get_absolute_url()}{junk}")
    assert response.status_code == 301 and not captured.captured_queries
    assert stored_pages() == []


def test_a_page_past_the_last_is_sent_to_the_last_and_stores_nothing(settled):
    _, path = article_with_pages(settled, 2)
    for number in (3, 99, 10**30):
        response = Client().get(f"{path}?order=newest&page={number}")
        assert (response.status_code, response["Location"]) == (302, f"{path}?order=newest&page=2")
    assert stored_pages() == []


def test_other_parameters_get_a_page_of_their_own_that_is_never_stored(settled):
    article = make_article()
    for query in ("?utm_source=x", "?page=2&utm_source=y", "?reply_to=1"):
        assert Client().get(f"{article.get_absolute_url()}{query}").status_code == 200, query
    assert stored_pages() == []


def test_a_host_with_any_port_or_a_wildcard_name_gets_the_page_without_storing_it(settled):
    settled.ALLOWED_HOSTS = ["testserver", ".example.org"]
    settled.SITE_URL = "https://news.example.org"
    article = make_article()
    for host in ("testserver:81", "testserver:08000", "a1.example.org", "news.example.org:444"):
        response = Client().get(article.get_absolute_url(), HTTP_HOST=host)
        assert response.status_code == 200 and article.headline in response.content.decode(), host
    assert stored_pages() == []
    for host in ("testserver", "news.example.org", "NEWS.example.org"):
        Client().get(article.get_absolute_url(), HTTP_HOST=host)
    assert len(stored_pages()) == 3


def test_a_decision_that_lands_while_the_page_renders_shows_on_the_next_view(
    settled, django_capture_on_commit_callbacks, monkeypatch
):
    article = make_article()
    make_comment(article, body_html="<p>First</p>")
    waiting = make_comment(article, status=Comment.Status.HELD, body_html="<p>Landed meanwhile</p>")
    client = Client()
    get_page(client, article)  # the site now knows the article's id
    load = CachedArticleView.get_object

    def load_then_a_moderator_decides(view, *args, **kwargs):
        loaded = load(view, *args, **kwargs)  # with one comment counted
        with django_capture_on_commit_callbacks(execute=True):
            services.decide(waiting, Comment.Status.PUBLISHED, action="approve", expected_from=[Comment.Status.HELD])
        return loaded

    monkeypatch.setattr(CachedArticleView, "get_object", load_then_a_moderator_decides)
    get_page(client, article, "?order=newest")  # rendered from the article as it was loaded
    monkeypatch.undo()

    html, _ = get_page(client, article, "?order=newest")
    assert "Comments (2 posted)" in html and "total: 2 | displaying: 1–2" in html
