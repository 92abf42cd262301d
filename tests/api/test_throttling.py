"""Throttling is per client: one client over its budget does not slow another down."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def set_rates(settings, **rates):
    current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**current, **rates}}


def test_an_anonymous_client_over_its_budget_gets_429_and_others_do_not(anonymous, settings):
    set_rates(settings, anon="3/minute")
    codes = [anonymous.get("/api/v1/articles/", REMOTE_ADDR="203.0.113.5").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    throttled = anonymous.get("/api/v1/articles/", REMOTE_ADDR="203.0.113.5")
    assert "throttled" in throttled.json()["detail"].lower()
    assert "Retry-After" in throttled
    assert anonymous.get("/api/v1/articles/", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_signed_in_clients_each_have_their_own_budget(reader, moderator, settings):
    set_rates(settings, user="2/minute")
    assert [reader.get("/api/v1/articles/").status_code for _ in range(3)] == [200, 200, 429]
    assert moderator.get("/api/v1/articles/").status_code == 200


def test_writes_have_a_smaller_budget_than_reads(reader, settings):
    set_rates(settings, write="2/minute")
    article = make_article()
    url = f"/api/v1/articles/{article.slug}/rating/"
    assert [reader.put(url, {"value": 3}, format="json").status_code for _ in range(3)] == [200, 200, 429]
    assert reader.get(f"/api/v1/articles/{article.slug}/").status_code == 200
