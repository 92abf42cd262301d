"""No e-mail address or IP address ever leaves through the public API."""

import pytest
from rest_framework import serializers

from comments.api import serializers as public
from tests.factories import make_article, make_comment, make_user

from .conftest import solved_captcha

pytestmark = pytest.mark.django_db
PRIVATE_FIELDS = {"author_email", "email", "ip_address", "user_agent", "voter_key", "reporter_key"}
EMAIL, IP = "secret.reader@example.org", "198.51.100.77"


def public_serializers():
    return [
        obj
        for obj in vars(public).values()
        if isinstance(obj, type) and issubclass(obj, serializers.Serializer) and obj.__module__ == public.__name__
    ]


@pytest.mark.parametrize("serializer_class", public_serializers(), ids=lambda cls: cls.__name__)
def test_no_public_serializer_shows_a_private_field(serializer_class):
    fields = serializer_class().fields
    readable = {name for name, field in fields.items() if not field.write_only}
    assert not readable & PRIVATE_FIELDS


def test_no_answer_of_the_public_api_contains_an_email_or_ip(anonymous, reader_user):
    reader_user.email = EMAIL
    reader_user.save()
    article = make_article()
    parent = make_comment(article, author_email=EMAIL, ip_address=IP, user=make_user(email=EMAIL))
    key, answer = solved_captcha()
    posted = anonymous.post(
        f"/api/v1/articles/{article.slug}/comments/",
        {"author_name": "Sam", "author_email": EMAIL, "body": "Hello.", "captcha_key": key, "captcha_answer": answer},
        format="json",
        REMOTE_ADDR=IP,
    )
    assert posted.status_code == 201
    answers = [
        posted,
        anonymous.get("/api/v1/articles/"),
        anonymous.get(f"/api/v1/articles/{article.slug}/"),
        anonymous.get(f"/api/v1/articles/{article.slug}/comments/"),
        anonymous.get(f"/api/v1/articles/{article.slug}/comments/", {"order": "newest"}),
        anonymous.post(f"/api/v1/comments/{parent.pk}/reports/", {"reason": "spam"}, format="json", REMOTE_ADDR=IP),
        anonymous.put(f"/api/v1/articles/{article.slug}/rating/", {"value": 4}, format="json", REMOTE_ADDR=IP),
    ]
    for response in answers:
        assert response.status_code < 300, response.content
        text = response.content.decode()
        assert EMAIL not in text and IP not in text and "example.org" not in text


def test_the_api_documentation_is_served_locally_without_a_cdn(anonymous):
    for url in ("/api/docs/", "/api/redoc/"):
        page = anonymous.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn" not in page.lower()
    schema = anonymous.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/articles/{slug}/comments/" in schema["paths"]


def test_every_operation_documents_its_error_answers(anonymous):
    schema = anonymous.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "429" in codes, (method, path)
            locations = {parameter["in"] for parameter in operation.get("parameters", [])}
            if "path" in locations:
                assert "404" in codes, (method, path)
            if "query" in locations:
                assert "400" in codes, (method, path)
            if "requestBody" in operation:
                assert "400" in codes and "415" in codes, (method, path)
            if "/moderation/" in path:
                assert {"401", "403"} <= codes, (method, path)
