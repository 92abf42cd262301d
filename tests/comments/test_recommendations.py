"""Readers recommending comments: once per real reader however they dress their requests, never their own,
only comments on the page; the count on the card and the "Most recommended" order; the API."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import awaiting, recommendations
from comments.models import Comment, Recommendation
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db
JSON = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def recommend(client, comment, ip="192.0.2.10", action="recommend", **headers):
    return client.post(
        reverse("comments:recommend", args=[comment.pk]), {"action": action}, REMOTE_ADDR=ip, **JSON, **headers
    )


def count(comment):
    comment.refresh_from_db(fields=["recommendation_count"])
    return comment.recommendation_count


def test_a_recommendation_counts_once_per_client_whatever_its_headers_and_cookies(article):
    comment = make_comment(article, ip_address="198.51.100.1")
    first = recommend(Client(), comment)
    assert first.status_code == 200 and first.json() == {"count": 1, "recommended": True, "changed": True}

    # A forged forwarding header, a fresh browser (no cookies), a new cookie: the same client.
    assert recommend(Client(), comment, HTTP_X_FORWARDED_FOR="203.0.113.99").json()["changed"] is False
    fresh = Client()
    fresh.cookies["voter"] = "a-new-cookie"
    assert recommend(fresh, comment).json() == {"count": 1, "recommended": True, "changed": False}
    assert count(comment) == 1 and Recommendation.objects.count() == 1

    assert recommend(Client(), comment, ip="192.0.2.11").json()["count"] == 2  # another client


def test_an_ipv6_client_is_its_64_network(article):
    comment = make_comment(article)
    recommend(Client(), comment, ip="2001:db8:1:2::1")
    assert recommend(Client(), comment, ip="2001:db8:1:2:ffff::9").json()["changed"] is False
    assert recommend(Client(), comment, ip="2001:db8:1:3::1").json()["count"] == 2


def test_an_account_is_one_reader_wherever_it_comes_from(article):
    comment = make_comment(article)
    client = Client()
    client.force_login(make_user())
    recommend(client, comment, ip="192.0.2.1")
    assert recommend(client, comment, ip="192.0.2.2").json() == {"count": 1, "recommended": True, "changed": False}


def test_nobody_recommends_their_own_comment(article):
    author = make_user()
    by_account = make_comment(article, user=author, ip_address="198.51.100.7")
    by_browser = make_comment(article, ip_address="198.51.100.8")
    from_this_client = make_comment(article, ip_address="192.0.2.10")

    signed_in = Client()
    signed_in.force_login(author)
    browser = Client()
    browser.cookies[awaiting.COOKIE] = signing.dumps([by_browser.pk], salt=awaiting.SALT, compress=True)
    for client, comment, ip in (
        (signed_in, by_account, "192.0.2.50"),
        (browser, by_browser, "192.0.2.51"),
        (Client(), from_this_client, "192.0.2.10"),
    ):
        response = recommend(client, comment, ip=ip)
        assert response.status_code == 409 and response.json()["detail"] == "You cannot recommend your own comment."
        assert count(comment) == 0


def test_a_comment_off_the_page_cannot_be_recommended(article):
    held = make_comment(article, status=Comment.Status.HELD, body="Waiting")
    response = recommend(Client(), held)
    assert response.status_code == 409 and "Only comments on the page" in response.json()["detail"]
    assert Client().get(reverse("comments:recommend", args=[held.pk])).status_code == 404
    assert count(held) == 0


def test_taking_a_recommendation_back(article):
    comment = make_comment(article)
    client = Client()
    recommend(client, comment)
    assert recommend(client, comment, action="withdraw").json() == {"count": 0, "recommended": False, "changed": True}
    assert recommend(client, comment, action="withdraw").json()["changed"] is False
    assert count(comment) == 0


def test_without_javascript_the_page_recommends_and_sends_the_reader_back(client, article):
    comment = make_comment(article, body_html="<p>A point well made.</p>")
    page = client.get(reverse("comments:recommend", args=[comment.pk]))
    assert page.status_code == 200 and b"A point well made." in page.content and b'value="recommend"' in page.content

    response = client.post(reverse("comments:recommend", args=[comment.pk]), {"action": "recommend"})
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert b"your recommendation is counted" in client.get(response["Location"]).content
    again = client.get(reverse("comments:recommend", args=[comment.pk]))
    assert b"Take back my recommendation" in again.content


def test_the_limit_refuses_a_reader_recommending_too_fast(article, settings):
    settings.COMMENTS_RECOMMEND_RATE_LIMIT = "2/m"
    comments = [make_comment(article) for _ in range(3)]
    answers = [recommend(Client(), comment).status_code for comment in comments]
    assert answers == [200, 200, 429] and count(comments[2]) == 0


def test_the_card_shows_the_count_and_most_recommended_comes_first(client, article, django_capture_on_commit_callbacks):
    make_comment(article, body_html="<p>Quiet one</p>")
    popular = make_comment(article, body_html="<p>Loud</p>")
    page = client.get(article.get_absolute_url() + "?order=recommended").content.decode()
    assert page.index("Quiet one") < page.index("Loud")
    assert '<strong aria-current="true">most recommended</strong>' in page

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            recommend(Client(), popular, ip=f"192.0.2.{20 + n}")

    page = client.get(article.get_absolute_url() + "?order=recommended").content.decode()
    assert page.index("Loud") < page.index("Quiet one")
    assert "3 recommended" in page
    oldest = client.get(article.get_absolute_url()).content.decode()
    assert oldest.index("Quiet one") < oldest.index("Loud") and "3 recommended" in oldest


def test_the_recommender_key_never_holds_the_address(article):
    comment = make_comment(article)
    recommend(Client(), comment, ip="192.0.2.77")
    key = Recommendation.objects.get().recommender_key
    assert "192.0.2.77" not in key and key == recommendations.recommender_key(ip="192.0.2.77")


# --- the API ---------------------------------------------------------------------------------------


def api(client, method, comment, ip="192.0.2.10"):
    url = reverse("api:comment-recommendation", args=[comment.pk])
    return getattr(client, method)(url, REMOTE_ADDR=ip)


def test_the_api_recommends_once_and_takes_it_back(article):
    comment = make_comment(article)
    client = Client()
    first = api(client, "post", comment)
    assert first.status_code == 201
    assert first.json() == {"comment": comment.pk, "recommendations": 1, "recommended": True}
    assert api(client, "post", comment).status_code == 200 and count(comment) == 1
    taken_back = api(client, "delete", comment)
    assert taken_back.status_code == 200 and taken_back.json()["recommendations"] == 0


def test_the_api_refuses_an_own_or_hidden_comment(article):
    own = make_comment(article, ip_address="192.0.2.10")
    hidden = make_comment(article, status=Comment.Status.SPAM)
    assert api(Client(), "post", own).status_code == 409
    assert api(Client(), "post", hidden).status_code == 404
    assert count(own) == count(hidden) == 0


def test_the_api_lists_by_recommendations_and_the_picks(article):
    first = make_comment(article, recommendation_count=1)
    second = make_comment(article, recommendation_count=5, picked_at=timezone.now())
    third = make_comment(article, recommendation_count=1)
    url = reverse("api:article-comments", args=[article.slug])

    ordered = Client().get(url, {"order": "recommended"}).json()["results"]
    assert [c["id"] for c in ordered] == [second.pk, first.pk, third.pk]
    assert (ordered[0]["recommendations"], ordered[0]["is_pick"]) == (5, True)
    picks = Client().get(url, {"picks": "1"}).json()["results"]
    assert [c["id"] for c in picks] == [second.pk]
    assert Client().get(url, {"picks": "yes"}).status_code == 400
