"""Rate this article: one changeable vote per reader, kept denormalized on the article."""

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsite import ratings, voters
from newsite.models import Article, ArticleRating
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def rate(client, article, value, *, as_json=False, **extra):
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return client.post(reverse("rate-article", args=[article.slug]), {"value": value}, **headers, **extra)


def stored_totals(article):
    article.refresh_from_db()
    return article.rating_count, article.rating_total


def assert_denormalized_matches_votes(article):
    votes = ArticleRating.objects.filter(article=article).aggregate(count=Count("pk"), total=Sum("value"))
    assert stored_totals(article) == (votes["count"], votes["total"] or 0)


def test_a_plain_form_vote_is_saved_and_redirects_back_to_the_rating():
    article = make_article()
    response = rate(Client(), article, "4")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#rating"
    assert stored_totals(article) == (1, 4)
    assert voters.VOTER_COOKIE in response.cookies
    assert response.cookies[voters.VOTER_COOKIE]["httponly"]


def test_the_page_after_the_vote_thanks_the_reader_and_shows_the_new_score():
    article = make_article()
    client = Client()
    response = rate(client, article, "4")
    page = client.get(response["Location"]).content.decode()
    assert "your rating of 4 out of 5 is saved" in page
    assert "4.0 out of 5 from 1 vote" in page


def test_a_reader_who_votes_again_changes_the_vote_instead_of_adding_one():
    article = make_article()
    client = Client()
    rate(client, article, "5")
    rate(client, article, "2")
    assert stored_totals(article) == (1, 2)
    assert ArticleRating.objects.get(article=article).value == 2
    assert_denormalized_matches_votes(article)


def test_different_readers_each_have_their_own_vote():
    article = make_article()
    reader = Client()
    reader.force_login(make_user())
    rate(reader, article, "5")
    rate(Client(), article, "3", REMOTE_ADDR="203.0.113.3")
    rate(Client(), article, "1", REMOTE_ADDR="203.0.113.4")
    assert stored_totals(article) == (3, 9)
    assert_denormalized_matches_votes(article)


def test_a_logged_in_reader_keeps_one_vote_across_browsers():
    article = make_article()
    user = make_user()
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    rate(first, article, "5")
    rate(second, article, "3")
    assert stored_totals(article) == (1, 3)
    assert ArticleRating.objects.get().user == user


def test_an_anonymous_voter_key_is_a_hash_never_the_raw_address_or_cookie():
    article = make_article()
    client = Client()
    rate(client, article, "4", REMOTE_ADDR="203.0.113.9")
    key = ArticleRating.objects.get().voter_key
    cookie = client.cookies[voters.VOTER_COOKIE].value
    assert len(key) == 64
    assert "203.0.113.9" not in key and cookie not in key


def test_the_same_cookie_from_another_network_counts_as_another_reader():
    article = make_article()
    client = Client()
    rate(client, article, "4", REMOTE_ADDR="203.0.113.9")
    rate(client, article, "2", REMOTE_ADDR="198.51.100.7")
    assert stored_totals(article) == (2, 6)


def test_the_script_gets_the_new_score_as_json():
    article = make_article()
    make_votes(article, [5, 5])
    response = rate(Client(), article, "2", as_json=True)
    assert response.status_code == 200
    assert response.json() == {"score": 4.0, "count": 3, "value": 2}


@pytest.mark.parametrize("value", ["0", "6", "-1", "three", "4.5", ""])
def test_a_value_outside_one_to_five_stars_is_refused_and_nothing_is_counted(value):
    article = make_article()
    response = rate(Client(), article, value, as_json=True)
    assert response.status_code == 400
    assert "from 1 to 5" in response.json()["value"][0]
    assert stored_totals(article) == (0, 0)
    assert not ArticleRating.objects.exists()


def test_a_refused_plain_form_vote_comes_back_with_the_reason():
    article = make_article()
    client = Client()
    response = rate(client, article, "9")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Choose a whole number of stars from 1 to 5" in page


def test_rating_needs_a_post_with_a_csrf_token():
    article = make_article()
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(reverse("rate-article", args=[article.slug])).status_code == 405
    assert rate(strict, article, "4").status_code == 403
    assert stored_totals(article) == (0, 0)


def test_an_unknown_article_cannot_be_rated():
    assert Client().post(reverse("rate-article", args=["no-such-story"]), {"value": "3"}).status_code == 404


def test_rating_too_often_is_refused_with_429(settings):
    settings.COMMENTS_RATING_RATE_LIMIT = "2/m"
    article = make_article()
    client = Client()
    assert rate(client, article, "1", as_json=True).status_code == 200
    assert rate(client, article, "2", as_json=True).status_code == 200
    response = rate(client, article, "3", as_json=True)
    assert response.status_code == 429
    assert "too quickly" in response.json()["detail"]
    assert stored_totals(article) == (1, 2)


def test_rating_a_closed_article_is_still_allowed():
    article = make_article(comment_mode=Article.CommentMode.CLOSED)
    assert rate(Client(), article, "5").status_code == 302
    assert stored_totals(article) == (1, 5)


# --- one vote per client, whatever cookies and forwarded headers it sends ------------------------


def test_cookie_less_votes_from_one_address_change_the_count_once():
    article = make_article()
    for value in ("5", "5", "5", "5", "5", "1"):
        assert rate(Client(), article, value, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert stored_totals(article) == (1, 1)
    assert_denormalized_matches_votes(article)


def test_a_new_voter_cookie_with_every_vote_changes_the_count_once():
    article = make_article()
    client = Client()
    for n in range(6):
        client.cookies[voters.VOTER_COOKIE] = f"made-up-cookie-{n}"
        assert rate(client, article, "5", as_json=True, REMOTE_ADDR="203.0.113.9").json()["count"] == 1
    assert stored_totals(article) == (1, 5)


def test_forged_forwarded_addresses_give_no_second_vote():
    article = make_article()
    for n in range(6):
        rate(Client(), article, "5", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert stored_totals(article) == (1, 5)


def test_behind_a_trusted_proxy_two_readers_vote_apart_and_forging_gives_no_second_vote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    article = make_article()
    for n in range(3):
        rate(Client(), article, "5", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7")
    rate(Client(), article, "1", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert stored_totals(article) == (2, 6)


def test_ipv6_addresses_in_one_64_vote_once():
    article = make_article()
    for ip in ("2001:db8:7:7::1", "2001:db8:7:7::2", "2001:db8:7:7:abcd::3"):
        rate(Client(), article, "4", REMOTE_ADDR=ip)
    rate(Client(), article, "2", REMOTE_ADDR="2001:db8:7:8::1")
    assert stored_totals(article) == (2, 6)


def test_a_voter_with_the_cookie_sees_the_vote_another_cookie_less_browser_changed():
    article = make_article()
    voter = Client()
    rate(voter, article, "5", REMOTE_ADDR="203.0.113.9")
    rate(Client(), article, "2", REMOTE_ADDR="203.0.113.9")
    html = voter.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.9").content.decode()
    assert "you gave 2 out of 5" in html
    assert stored_totals(article) == (1, 2)


# --- Redis away: no vote goes past the limit uncounted -------------------------------------------


def test_while_redis_is_down_the_script_gets_a_503_with_the_reason(redis_server):
    article = make_article()
    redis_server.stop()
    response = rate(Client(), article, "4", as_json=True)
    assert response.status_code == 503
    assert "Ratings cannot be saved just now" in response.json()["detail"]
    assert "Retry-After" in response
    assert stored_totals(article) == (0, 0)


def test_while_redis_is_down_the_plain_form_gets_a_page_that_says_why_and_links_back(redis_server):
    article = make_article()
    redis_server.stop()
    response = rate(Client(), article, "4")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Ratings cannot be saved just now" in page
    assert f'href="{article.get_absolute_url()}#rating"' in page
    assert stored_totals(article) == (0, 0)


# --- the service the form and the API share ---------------------------------------------------


def make_votes(article, values):
    for n, value in enumerate(values):
        ratings.rate_article(article, voter_key=f"test-voter-{n}", value=value)


def test_rate_article_returns_the_new_score_and_count():
    article = make_article()
    assert ratings.rate_article(article, voter_key="a", value=5) == (5.0, 1)
    assert ratings.rate_article(article, voter_key="b", value=2) == (3.5, 2)
    assert ratings.rate_article(article, voter_key="a", value=1) == (1.5, 2)
    assert_denormalized_matches_votes(article)


def test_rate_article_adds_to_concurrent_totals_instead_of_overwriting_them():
    article = make_article()
    stale = Article.objects.get(pk=article.pk)  # loaded before the other votes
    make_votes(article, [5, 4])
    ratings.rate_article(stale, voter_key="late-reader", value=3)
    assert stored_totals(article) == (3, 12)


def test_rate_article_refuses_values_that_are_not_whole_stars():
    article = make_article()
    for value in (0, 6, 2.5, True, None, "x"):
        with pytest.raises(ratings.InvalidRating):
            ratings.rate_article(article, voter_key="a", value=value)
    assert stored_totals(article) == (0, 0)


# --- the widget on the article page ------------------------------------------------------------


def test_the_score_stands_next_to_the_words_rate_this_article():
    article = make_article()
    make_votes(article, [5, 4, 4])
    html = Client().get(article.get_absolute_url()).content.decode()
    heading = html[html.index('id="rating-heading"') :]
    heading = heading[: heading.index("</h2>")]
    assert "Rate this article" in heading
    assert "4.3 out of 5 from 3 votes" in heading


def test_the_widget_is_five_labelled_radio_buttons_in_a_form_with_csrf():
    article = make_article()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert f'action="{reverse("rate-article", args=[article.slug])}"' in html
    assert "csrfmiddlewaretoken" in html
    for stars in range(1, 6):
        assert f'type="radio" class="star-input" name="value" value="{stars}" id="rating-{stars}"' in html
        assert f'<label class="star" for="rating-{stars}"' in html
    assert "newsite/rating.js" in html


def test_a_reader_sees_their_own_vote_checked():
    article = make_article()
    client = Client()
    rate(client, article, "3")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'value="3" id="rating-3" checked' in html
    assert "you gave 3 out of 5" in html
    assert " checked" not in Client().get(article.get_absolute_url()).content.decode()


def count_page_queries(client, article):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(article.get_absolute_url()).status_code == 200
    return len(captured)


def test_the_rating_costs_the_page_at_most_one_query_whatever_the_number_of_votes():
    article = make_article()
    newcomer = Client()
    newcomer.get(article.get_absolute_url())  # warm the navigation cache
    before = count_page_queries(newcomer, article)

    make_votes(article, range(1, 6))
    voter = Client()
    rate(voter, article, "4")
    voter.get(article.get_absolute_url())
    assert count_page_queries(newcomer, article) == before
    assert count_page_queries(voter, article) <= before + 1

    make_votes(article, [3] * 40)
    assert count_page_queries(voter, article) <= before + 1


# --- votes cast before voter keys were salted HMACs ----------------------------------------------


def key_before_salted_hmac(client_key):
    """How an anonymous voter key was made before: the HMAC of the client under SECRET_KEY itself."""
    import hashlib
    import hmac

    from django.conf import settings

    return hmac.new(settings.SECRET_KEY.encode(), f"anon:{client_key}".encode(), hashlib.sha256).hexdigest()


def test_a_reader_who_voted_before_the_change_changes_that_vote_and_it_is_re_keyed():
    article = make_article()
    old = ArticleRating.objects.create(article=article, voter_key=key_before_salted_hmac("203.0.113.9"), value=2)
    Article.objects.filter(pk=article.pk).update(rating_count=1, rating_total=2)
    client = Client()
    client.cookies[voters.VOTER_COOKIE] = "from-before"
    html = client.get(article.get_absolute_url(), REMOTE_ADDR="203.0.113.9").content.decode()
    assert "you gave 2 out of 5" in html

    rate(client, article, "5", REMOTE_ADDR="203.0.113.9")
    assert stored_totals(article) == (1, 5)
    vote = ArticleRating.objects.get()
    assert (vote.pk, vote.value) == (old.pk, 5)
    assert vote.voter_key != old.voter_key  # the new key: the next vote finds it without the former one
    rate(client, article, "3", REMOTE_ADDR="203.0.113.9")
    assert stored_totals(article) == (1, 3)
    assert_denormalized_matches_votes(article)
