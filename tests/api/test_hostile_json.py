"""Hostile JSON bodies are refused with a 400 that says why: nesting past API_JSON_MAX_DEPTH (Python's
parser would recurse into a RecursionError, a 500) and bodies past API_JSON_MAX_BYTES (read no further)."""

import json

import pytest

from comments.api.parsers import nesting_depth
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def endpoints():
    article = make_article()
    comment = make_comment(article)
    held = make_comment(article, status=Comment.Status.HELD)
    return [
        ("anonymous", "POST", f"/api/v1/articles/{article.slug}/comments/"),
        ("anonymous", "POST", f"/api/v1/comments/{comment.pk}/reports/"),
        ("anonymous", "PUT", f"/api/v1/articles/{article.slug}/rating/"),
        ("moderator", "POST", f"/api/v1/moderation/comments/{held.pk}/decision/"),
        ("moderator", "POST", "/api/v1/moderation/decisions/"),
    ]


def post_raw(client, url, body, method="POST"):
    return client.generic(method, url, body, content_type="application/json")


@pytest.mark.parametrize("depth", [50_000, 2_000, 21])
def test_deeply_nested_json_is_a_clear_400(request, depth):
    body = '{"body": ' + "[" * depth + "]" * depth + "}"
    for caller, method, url in endpoints():
        response = post_raw(request.getfixturevalue(caller), url, body, method)
        assert response.status_code == 400, (url, response.content[:200])
        assert "nested too deeply" in response.json()["detail"]


def test_nesting_inside_strings_does_not_count(anonymous):
    article = make_article()
    body = '{"body": "' + "[{" * 500 + '", "author_name": "Sam"}'
    response = post_raw(anonymous, f"/api/v1/articles/{article.slug}/comments/", body)
    assert response.status_code == 400
    assert "nested" not in str(response.json())  # refused for the missing captcha, not for the brackets


def test_a_body_past_the_size_bound_is_a_clear_400(settings, anonymous):
    article = make_article()
    body = '{"body": "' + "x" * (settings.API_JSON_MAX_BYTES + 10) + '"}'
    response = post_raw(anonymous, f"/api/v1/articles/{article.slug}/comments/", body)
    assert response.status_code == 400
    assert f"at most {settings.API_JSON_MAX_BYTES} bytes" in response.json()["detail"]
    assert not Comment.objects.filter(body__startswith="xxx").exists()


def test_ordinary_json_still_parses(moderator):
    held = make_comment(status=Comment.Status.HELD)
    response = post_raw(
        moderator,
        "/api/v1/moderation/decisions/",
        f'{{"ids": [{held.pk}], "action": "approve", "expected_status": ["held"]}}',
    )
    assert response.status_code == 200
    assert len(response.json()["decided"]) == 1


def test_broken_json_is_still_a_400_naming_the_problem(moderator):
    response = post_raw(moderator, "/api/v1/moderation/decisions/", '{"ids": [1, ')
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.parametrize(
    ("value", "depth"),
    [
        (1, 0),
        ("[[[", 0),
        ('\\"[[', 0),
        ([], 1),
        ({"a": [1, {"b": "]]}}"}]}, 3),
        ([["\\", ['"[']], {}], 3),
        ({"x": 'say \\"[{hi}]\\" "', "y": [[[]]]}, 4),
    ],
)
def test_nesting_is_counted_outside_strings_only(value, depth):
    assert nesting_depth(json.dumps(value), give_up_past=100) == depth
