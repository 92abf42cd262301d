"""Keyed hashes a reader holds (a proven address in a cookie or a mailed link, a captcha key in an open
form) still match after they became salted HMACs, for a SECRET_KEY as long as Django makes one."""

import hashlib
import hmac
import time

from comments import addresses, captchas
from comments.models import normalize_email
from core.keyed_hashes import keyed_hash

SECRET_KEY = "django-insecure-" + "k" * 50  # as `startproject` makes one: 66 characters


def hand_made_hmac(prefix, value):
    from django.conf import settings

    return hmac.new(f"{prefix}:{settings.SECRET_KEY}".encode(), value.encode(), hashlib.sha256).hexdigest()


def test_an_address_digest_made_before_still_matches(settings):
    settings.SECRET_KEY = SECRET_KEY
    address = "Reader@Example.org"
    assert addresses.digest(address) == hand_made_hmac("comments.addresses", normalize_email(address))[:32]


def test_a_captcha_key_issued_before_is_still_ours(settings):
    settings.SECRET_KEY = SECRET_KEY
    body = "0123456789abcdef" + f"{int(time.time()):08x}"
    assert captchas.is_issued(body + hand_made_hmac("comments.captcha", body)[:16])
    assert not captchas.is_issued(body + "0" * 16)


def test_one_value_hashed_for_two_purposes_gives_two_unrelated_hashes():
    assert keyed_hash("comments.reports.reporter", "ip:192.0.2.1") != keyed_hash("newsite.voters", "ip:192.0.2.1")
    assert len(keyed_hash("any", "value")) == 64
