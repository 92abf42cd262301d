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


def test_forged_forwarded_addresses_do_not_buy_an_anonymous_client_more_requests(anonymous, settings):
    set_rates(settings, anon="3/minute")
    codes = [
        anonymous.get("/api/v1/articles/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_twenty_two_captchas_asked_with_rotating_forged_addresses_do_not_all_pass(anonymous, settings):
    set_rates(settings, captcha="20/minute")
    codes = [
        anonymous.post("/api/v1/captcha/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(22)
    ]
    assert codes.count(201) == 20
    assert codes[-2:] == [429, 429]


def test_behind_a_trusted_proxy_two_clients_have_two_budgets(anonymous, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    set_rates(settings, captcha="2/minute")

    def ask(forwarded):
        return anonymous.post("/api/v1/captcha/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [ask(f"192.0.2.{n}, 198.51.100.7") for n in range(3)] == [201, 201, 429]
    assert ask("198.51.100.8") == 201


def test_ipv6_clients_in_one_64_share_one_budget(anonymous, settings):
    set_rates(settings, anon="3/minute")
    addresses = ["2001:db8:3:4::1", "2001:db8:3:4::2", "2001:db8:3:4:1::3", "2001:db8:3:4:ffff::4"]
    assert [anonymous.get("/api/v1/articles/", REMOTE_ADDR=ip).status_code for ip in addresses] == [200, 200, 200, 429]
    assert anonymous.get("/api/v1/articles/", REMOTE_ADDR="2001:db8:3:5::1").status_code == 200
