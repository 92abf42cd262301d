"""Who the client is: the address the trusted proxies vouch for, and an IPv6 client by its /64."""

import pytest
from django.test import RequestFactory, override_settings

from core.clients import address_key, client_ip, client_key

PROXY = "10.0.0.2"


def request_from(remote_addr, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- no proxy configured: forwarded headers are nobody's word ------------------------------------


@pytest.mark.parametrize("forged", ["198.51.100.1", "198.51.100.1, 198.51.100.2", "garbage", "::1", ""])
def test_without_trusted_proxies_a_forwarded_header_is_ignored(forged):
    assert client_ip(request_from("203.0.113.9", forged)) == "203.0.113.9"


def test_a_request_without_an_address_has_no_client_ip_and_one_unknown_key():
    request = request_from("")
    assert client_ip(request) is None
    assert client_key(request) == "unknown"


# --- behind a counted number of proxies ------------------------------------------------------------


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended():
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_what_the_client_wrote_before_the_proxys_entry_is_ignored():
    for forged in ("192.0.2.1", "192.0.2.1, 192.0.2.2", "nonsense", "127.0.0.1"):
        assert client_ip(request_from(PROXY, f"{forged}, 198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_two_readers_are_two_clients():
    first = client_key(request_from(PROXY, "198.51.100.7"))
    second = client_key(request_from(PROXY, "198.51.100.8"))
    assert first != second


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right():
    assert client_ip(request_from(PROXY, "192.0.2.66, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_proxy_without_a_forwarded_header_is_taken_as_the_client():
    assert client_ip(request_from(PROXY)) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_proxies_writing_ports_brackets_or_mapped_ipv4_give_the_plain_address():
    assert client_ip(request_from(PROXY, "198.51.100.7:52100")) == "198.51.100.7"
    assert client_ip(request_from(PROXY, "[2001:db8::5]:443")) == "2001:db8::5"
    assert client_ip(request_from(PROXY, "::ffff:198.51.100.7")) == "198.51.100.7"


# --- behind proxies known by their networks -----------------------------------------------------


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_trusted_network_vouches_only_for_requests_that_come_from_it():
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"
    # A reader reaching the app directly, around the proxy, cannot name another address.
    assert client_ip(request_from("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8:ffff::/48"])
def test_a_chain_of_trusted_proxies_is_walked_back_to_the_first_untrusted_hop():
    forwarded = "192.0.2.1, 198.51.100.7, 2001:db8:ffff::9, 10.1.2.3"
    assert client_ip(request_from(PROXY, forwarded)) == "198.51.100.7"


# --- IPv6: one /64 is one client ---------------------------------------------------------------------


def test_ipv6_addresses_in_one_64_are_one_client_key():
    first = client_key(request_from("2001:db8:1:2::1"))
    second = client_key(request_from("2001:db8:1:2:ffff:abcd:1234:5678"))
    assert first == second == "2001:db8:1:2::/64"
    assert client_key(request_from("2001:db8:1:3::1")) != first


def test_the_ip_of_an_ipv6_client_stays_the_full_address():
    assert client_ip(request_from("2001:db8:1:2::1")) == "2001:db8:1:2::1"


def test_an_ipv4_client_key_is_the_address_itself():
    assert client_key(request_from("203.0.113.9")) == "203.0.113.9"
    assert address_key("203.0.113.9") != address_key("203.0.113.10")


def test_address_keys_of_text_that_is_no_address_are_unknown():
    assert address_key(None) == address_key("") == address_key("not-an-ip") == "unknown"
