"""Security headers: the Content-Security-Policy on every kind of page (browser tests check the pages
work under it: tests/e2e/test_csp.py)."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def directives(response):
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/admin/login/", "/api/docs/", "/api/v1/articles/", "ARTICLE"]
)
def test_every_page_sends_a_policy_without_inline_scripts(client, path):
    if path == "ARTICLE":
        path = make_article().get_absolute_url()
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_only_the_redoc_page_allows_inline_styles(client):
    policy = directives(client.get("/api/redoc/"))
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]
