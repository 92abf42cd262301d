"""GET and POST /api/v1/articles/{slug}/comments/: published comments only; posting through the gate."""

import pytest
from django.urls import reverse

from comments.api.pagination import CommentPagination
from comments.models import Comment
from newsite.models import Article
from tests.factories import long_but_valid_address, make_article, make_comment, make_user

from .conftest import solved_captcha, token_client

pytestmark = pytest.mark.django_db
Status = Comment.Status


def comments_url(article):
    return f"/api/v1/articles/{article.slug}/comments/"


# --- reading ------------------------------------------------------------------------------------


def test_only_published_comments_are_listed_oldest_first(anonymous, story):
    article, published, hidden = story
    response = anonymous.get(comments_url(article))
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [c.pk for c in published]
    for comment in hidden:
        assert comment.author_name not in response.content.decode()


def test_newest_first_on_request(anonymous, story):
    article, published, _ = story
    response = anonymous.get(comments_url(article), {"order": "newest"})
    assert [c["id"] for c in response.json()["results"]] == [c.pk for c in reversed(published)]


def test_a_comment_shows_its_author_html_article_and_permalink(anonymous):
    article = make_article()
    parent = make_comment(article)
    reply = make_comment(article, parent=parent, author_name="Kim", body_html="<p>Quite <em>so</em></p>")
    entry = anonymous.get(comments_url(article)).json()["results"][1]
    assert entry == {
        "id": reply.pk,
        "article": article.slug,
        "parent": parent.pk,
        "author_name": "Kim",
        "body_html": "<p>Quite <em>so</em></p>",
        "published_at": entry["published_at"],
        "edited_at": None,
        "recommendations": 0,
        "is_pick": False,
        "url": f"http://testserver/comments/{reply.pk}/",
    }


@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_cursor_pages_cover_every_comment_exactly_once(anonymous, monkeypatch, order):
    monkeypatch.setattr(CommentPagination, "page_size", 3)
    article = make_article()
    ids = [make_comment(article).pk for _ in range(8)]
    seen, url = [], comments_url(article) + f"?order={order}"
    while url:
        page = anonymous.get(url).json()
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
    assert seen == (ids if order == "oldest" else ids[::-1])


def test_listing_comments_costs_the_same_queries_for_few_and_many(anonymous, django_assert_max_num_queries):
    article = make_article()
    for _ in range(60):
        make_comment(article)
    with django_assert_max_num_queries(3):
        anonymous.get(comments_url(article))


@pytest.mark.parametrize(
    "params, field",
    [
        ({"order": "sideways"}, "order"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "cD1hYmM="}, "cursor"),  # a well-formed cursor whose position is not an id
        ({"page": "2"}, "page"),
    ],
)
def test_bad_list_parameters_are_a_400_naming_them(anonymous, story, params, field):
    article, _, _ = story
    response = anonymous.get(comments_url(article), params)
    assert response.status_code == 400
    assert field in response.json()


def test_comments_of_an_unknown_article_are_a_404(anonymous):
    response = anonymous.get("/api/v1/articles/no-such-story/comments/")
    assert response.status_code == 404
    assert "no-such-story" in response.json()["detail"]


# --- posting ------------------------------------------------------------------------------------


def anonymous_comment(**overrides):
    key, answer = solved_captcha()
    data = {
        "author_name": "Ada",
        "author_email": "ada@example.org",
        "body": "The [b]new[/b] timetable works well.",
        "captcha_key": key,
        "captcha_answer": answer,
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_an_anonymous_client_posts_with_a_captcha_and_the_comment_awaits_moderation(anonymous):
    article = make_article()
    response = anonymous.post(comments_url(article), anonymous_comment(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    comment = Comment.objects.get(pk=body["id"])
    assert body["status"] == comment.status == Status.SUBMITTED
    assert body["body_html"] == comment.body_html and "<strong>new</strong>" in comment.body_html
    assert response["Location"] == body["url"]
    assert comment.author_email == "ada@example.org"
    assert comment.ip_address == "127.0.0.1"
    assert "ada@example.org" not in response.content.decode() and "127.0.0.1" not in response.content.decode()
    # Not public until moderation publishes it.
    assert anonymous.get(comments_url(article)).json()["results"] == []


def test_an_account_whose_address_is_not_verified_must_answer_the_captcha():
    client = token_client(make_user(first_name="Una", email="una@example.org"))
    response = client.post(comments_url(make_article()), {"body": "Not verified yet."}, format="json")
    assert response.status_code == 400
    assert "captcha_key" in response.json()


def test_a_verified_reader_posts_without_a_captcha_under_their_name(reader, reader_user):
    article = make_article()
    response = reader.post(comments_url(article), {"body": "Signed in and posting."}, format="json")
    assert response.status_code == 201, response.json()
    comment = Comment.objects.get(pk=response.json()["id"])
    assert comment.user == reader_user
    assert comment.author_name == "Rita"


def test_a_reply_names_its_parent(anonymous):
    article = make_article()
    parent = make_comment(article)
    response = anonymous.post(comments_url(article), anonymous_comment(parent=parent.pk), format="json")
    assert response.status_code == 201
    assert response.json()["parent"] == parent.pk


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"captcha_key": None, "captcha_answer": None}, "captcha_key"),
        ({"captcha_answer": None}, "captcha_answer"),
        ({"captcha_answer": "wrong"}, "captcha_answer"),
        ({"captcha_key": "unknown-key"}, "captcha_answer"),
        ({"author_name": None}, "author_name"),
        ({"author_name": "x" * 61}, "author_name"),
        ({"body": ""}, "body"),
        ({"body": "   \n  "}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "nul \x00 byte"}, "body"),
        ({"body": 12345}, "body"),
        ({"body": ["a", "list"]}, "body"),
        ({"author_email": "not-an-address"}, "author_email"),
        ({"parent": "1"}, "parent"),
        ({"parent": 1.5}, "parent"),
        ({"parent": 999999}, "parent"),
        ({"notify_on_reply": "perhaps"}, "notify_on_reply"),
        ({"status": "published"}, "status"),
        ({"ip_address": "10.0.0.1"}, "ip_address"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(anonymous, overrides, field):
    article = make_article()
    response = anonymous.post(comments_url(article), anonymous_comment(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Comment.objects.exists()


def test_a_captcha_is_good_for_one_try_only(anonymous):
    article = make_article()
    data = anonymous_comment()
    assert anonymous.post(comments_url(article), data, format="json").status_code == 201
    again = anonymous.post(comments_url(article), {**data, "body": "Another text."}, format="json")
    assert again.status_code == 400
    assert "captcha_answer" in again.json()


def test_a_reply_to_a_comment_on_another_article_is_refused(anonymous):
    elsewhere = make_comment(make_article())
    response = anonymous.post(comments_url(make_article()), anonymous_comment(parent=elsewhere.pk), format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


@pytest.mark.parametrize("payload", ['{"body": ', "[]", '"text"', "null"])
def test_malformed_or_non_object_json_is_a_400(anonymous, payload):
    article = make_article()
    response = anonymous.post(comments_url(article), payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()


def test_form_encoded_bodies_are_refused_with_415(anonymous):
    article = make_article()
    response = anonymous.post(comments_url(article), {"body": "hello"})
    assert response.status_code == 415
    assert "detail" in response.json()


def test_posting_to_a_closed_article_is_a_403_saying_so(anonymous):
    article = make_article(comment_mode=Article.CommentMode.CLOSED)
    response = anonymous.post(comments_url(article), anonymous_comment(), format="json")
    assert response.status_code == 403
    assert "closed" in response.json()["detail"]


def test_the_same_text_twice_is_refused_naming_the_body(anonymous):
    article = make_article()
    assert (
        anonymous.post(comments_url(article), anonymous_comment(body="Same words."), format="json").status_code == 201
    )
    again = anonymous.post(comments_url(article), anonymous_comment(body="Same words."), format="json")
    assert again.status_code == 400
    assert "body" in again.json()


def test_posting_too_fast_is_a_429(anonymous, settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    article = make_article()
    statuses = [
        anonymous.post(comments_url(article), anonymous_comment(body=f"Comment {n}."), format="json").status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]


def test_posting_to_an_unknown_article_is_a_404(anonymous):
    response = anonymous.post("/api/v1/articles/nope/comments/", anonymous_comment(), format="json")
    assert response.status_code == 404


def test_a_session_client_needs_the_csrf_token(reader_user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reader_user)
    response = client.post(comments_url(make_article()), {"body": "Via the session."}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_url_names_resolve():
    assert reverse("api:article-comments", args=["a-slug"]) == "/api/v1/articles/a-slug/comments/"


def test_a_parent_id_too_large_for_the_database_is_a_400(anonymous):
    response = anonymous.post(comments_url(make_article()), anonymous_comment(parent=2**70), format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_an_e_mail_longer_than_the_column_is_refused_with_the_limit(anonymous):
    article = make_article()
    response = anonymous.post(
        comments_url(article), anonymous_comment(author_email=long_but_valid_address(320)), format="json"
    )
    assert response.status_code == 400
    assert response.json()["author_email"] == ["An e-mail address has at most 254 characters."]
    assert not Comment.objects.exists()
    email = long_but_valid_address(254)
    response = anonymous.post(comments_url(article), anonymous_comment(author_email=email), format="json")
    assert response.status_code == 201, response.json()
    assert Comment.objects.get().author_email == email
