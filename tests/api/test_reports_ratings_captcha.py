"""Reports, ratings and captchas through the API: the same services as the article page."""

import pytest
from captcha.models import CaptchaStore
from rest_framework.test import APIClient

from comments.models import Comment, Report
from newsite import ratings, voters
from newsite.models import ArticleRating
from tests.factories import make_article, make_comment

from .conftest import HIDDEN_STATUSES

pytestmark = pytest.mark.django_db
Status = Comment.Status


def reports_url(comment_id):
    return f"/api/v1/comments/{comment_id}/reports/"


# --- reports ------------------------------------------------------------------------------------


def test_a_report_is_filed_and_counted(anonymous):
    comment = make_comment()
    response = anonymous.post(reports_url(comment.pk), {"reason": "spam", "note": "Selling watches."}, format="json")
    assert response.status_code == 201
    assert response.json()["comment"] == comment.pk
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert Report.objects.get().note == "Selling watches."


def test_a_second_report_by_the_same_client_is_a_409(reader):
    comment = make_comment()
    assert reader.post(reports_url(comment.pk), {"reason": "abuse"}, format="json").status_code == 201
    again = reader.post(reports_url(comment.pk), {"reason": "abuse"}, format="json")
    assert again.status_code == 409
    assert "already reported" in again.json()["detail"]


def test_reporting_faster_than_the_limit_is_a_429(settings, reader):
    settings.COMMENTS_REPORT_RATE_LIMIT = "2/m"
    settings.COMMENTS_REPORT_THRESHOLD = 100
    article = make_article()
    answers = [
        reader.post(reports_url(make_comment(article).pk), {"reason": "spam"}, format="json").status_code
        for _ in range(3)
    ]
    assert answers == [201, 201, 429]


def test_enough_reports_take_the_comment_off_the_public_list(settings, anonymous, django_capture_on_commit_callbacks):
    settings.COMMENTS_REPORT_THRESHOLD = 2
    settings.COMMENTS_REPORT_WEIGHT_ANONYMOUS = 1.0  # weighing is tested with the form; here, the API's path
    comment = make_comment()
    for address in ("203.0.113.1", "203.0.113.2"):
        with django_capture_on_commit_callbacks(execute=True):
            anonymous.post(reports_url(comment.pk), {"reason": "off_topic"}, format="json", REMOTE_ADDR=address)
    comment.refresh_from_db()
    assert comment.status == Status.HELD
    assert anonymous.get(f"/api/v1/articles/{comment.article.slug}/comments/").json()["results"] == []


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_comments_the_public_cannot_see_cannot_be_reported(anonymous, status):
    comment = make_comment(status=status)
    assert anonymous.post(reports_url(comment.pk), {"reason": "spam"}, format="json").status_code == 404


@pytest.mark.parametrize("comment_id", ["999999", "abc", "-1", "1.5", "9" * 40])
def test_reporting_an_unknown_comment_is_a_404(anonymous, comment_id):
    make_comment()
    response = anonymous.post(reports_url(comment_id), {"reason": "spam"}, format="json")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "reason"),
        ({"reason": "boring"}, "reason"),
        ({"reason": 3}, "reason"),
        ({"reason": "spam", "note": "x" * 301}, "note"),
        ({"reason": "spam", "severity": "high"}, "severity"),
    ],
)
def test_a_bad_report_is_a_400_naming_the_field(anonymous, payload, field):
    comment = make_comment()
    response = anonymous.post(reports_url(comment.pk), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Report.objects.exists()


# --- ratings ------------------------------------------------------------------------------------


def rating_url(article):
    return f"/api/v1/articles/{article.slug}/rating/"


def test_a_client_rates_and_changes_its_vote(reader):
    article = make_article()
    ratings.rate_article(article, voter_key="someone-else", value=5)
    assert reader.put(rating_url(article), {"value": 1}, format="json").json() == {"score": 3.0, "count": 2, "value": 1}
    assert reader.put(rating_url(article), {"value": 3}, format="json").json() == {"score": 4.0, "count": 2, "value": 3}
    article.refresh_from_db()
    assert (article.rating_count, article.rating_total) == (2, 8)


def test_an_anonymous_client_votes_once_per_address(anonymous):
    article = make_article()
    anonymous.put(rating_url(article), {"value": 2}, format="json")
    anonymous.put(rating_url(article), {"value": 4}, format="json")
    assert ArticleRating.objects.get().value == 4


def test_behind_a_trusted_proxy_cookie_less_api_voters_count_once_each_by_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    article = make_article()
    for n, value in enumerate((5, 5, 5, 2)):
        forged = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}, 198.51.100.7"}
        assert APIClient().put(rating_url(article), {"value": value}, format="json", **forged).status_code == 200
    other = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert APIClient().put(rating_url(article), {"value": 4}, format="json", **other).json()["count"] == 2
    article.refresh_from_db()
    assert (article.rating_count, article.rating_total) == (2, 6)


def test_api_votes_with_a_new_cookie_and_forged_address_each_time_change_the_count_once():
    article = make_article()
    client = APIClient()
    for n in range(6):
        client.cookies[voters.VOTER_COOKIE] = f"made-up-cookie-{n}"
        forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}
        answer = client.put(rating_url(article), {"value": 5}, format="json", **forged)
        assert answer.json()["count"] == 1
    assert ArticleRating.objects.count() == 1


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "value"),
        ({"value": 0}, "value"),
        ({"value": 6}, "value"),
        ({"value": "4"}, "value"),
        ({"value": 4.0}, "value"),
        ({"value": True}, "value"),
        ({"value": 4, "weight": 2}, "weight"),
    ],
)
def test_a_bad_vote_is_a_400_naming_the_field(anonymous, payload, field):
    article = make_article()
    response = anonymous.put(rating_url(article), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ArticleRating.objects.exists()


def test_rating_an_unknown_article_is_a_404(anonymous):
    assert anonymous.put("/api/v1/articles/nope/rating/", {"value": 3}, format="json").status_code == 404


def test_rating_too_often_is_a_429(anonymous, settings):
    settings.COMMENTS_RATING_RATE_LIMIT = "2/m"
    article = make_article()
    codes = [anonymous.put(rating_url(article), {"value": 3}, format="json").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


# --- captchas -----------------------------------------------------------------------------------


def test_a_new_captcha_comes_with_an_image_that_serves(anonymous):
    response = anonymous.post("/api/v1/captcha/")
    assert response.status_code == 201
    body = response.json()
    assert CaptchaStore.objects.filter(hashkey=body["key"]).exists()
    assert body["expires_in"] > 0
    image = anonymous.get(body["image_url"].removeprefix("http://testserver"))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


def test_an_issued_captcha_lets_an_anonymous_client_post(anonymous):
    article = make_article()
    key = anonymous.post("/api/v1/captcha/").json()["key"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = {"author_name": "Lee", "body": "Posted with an API captcha.", "captcha_key": key, "captcha_answer": answer}
    assert anonymous.post(f"/api/v1/articles/{article.slug}/comments/", data, format="json").status_code == 201


def test_captchas_are_issued_sparingly_per_client(anonymous, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "captcha": "2/minute"},
    }
    codes = [anonymous.post("/api/v1/captcha/").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert "throttled" in anonymous.post("/api/v1/captcha/").json()["detail"].lower()


# --- Redis away: the limits that fail closed say so ----------------------------------------------


def test_while_redis_is_down_a_vote_is_a_503_with_the_reason(anonymous, redis_server):
    article = make_article()
    redis_server.stop()
    response = anonymous.put(rating_url(article), {"value": 4}, format="json")
    assert response.status_code == 503
    assert "Ratings cannot be saved just now" in response.json()["detail"]
    assert "Retry-After" in response
    assert not ArticleRating.objects.exists()


def test_while_redis_is_down_a_report_is_a_503_with_the_reason(anonymous, redis_server):
    comment = make_comment()
    redis_server.stop()
    response = anonymous.post(reports_url(comment.pk), {"reason": "spam"}, format="json")
    assert response.status_code == 503
    assert "Reports cannot be received just now" in response.json()["detail"]
    assert not Report.objects.exists()


def test_while_redis_is_down_no_captcha_is_issued_and_the_answer_says_why(anonymous, redis_server):
    redis_server.stop()
    response = anonymous.post("/api/v1/captcha/")
    assert response.status_code == 503
    assert "New codes cannot be issued just now" in response.json()["detail"]
    assert not CaptchaStore.objects.exists()
