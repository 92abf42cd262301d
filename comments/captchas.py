"""Captchas issued without a database write: a signed key now, its challenge when the image is first fetched.

An article page is viewed far more often than a comment is posted, so the page carries only a
key we signed (random, with the time it was issued); the `CaptchaStore` row with the characters
to type is created when the reader's browser first asks for the image (or the audio), which it
does lazily, when the form scrolls into view. The posting gate checks the answer against that
row as before, and each row still answers one attempt. A key we did not sign, or one older than
a form may stay open, is not materialised (the image answers 410, as the library's does).
"""

import contextlib
import hashlib
import hmac
import secrets
import time

from captcha import views as library_views
from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse

NONCE_HEX, STAMP_HEX, MAC_HEX = 16, 8, 16  # 40 characters: the library's hashkey column


def _mac(nonce_and_stamp):
    secret = f"comments.captcha:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, nonce_and_stamp.encode(), hashlib.sha256).hexdigest()[:MAC_HEX]


def issue_key():
    body = secrets.token_hex(NONCE_HEX // 2) + f"{int(time.time()) & 0xFFFFFFFF:0{STAMP_HEX}x}"
    return body + _mac(body)


def is_issued(key):
    """A key we signed, issued no longer ago than a comment form may stay open."""
    if len(key) != NONCE_HEX + STAMP_HEX + MAC_HEX:
        return False
    body, mac = key[: NONCE_HEX + STAMP_HEX], key[NONCE_HEX + STAMP_HEX :]
    if not hmac.compare_digest(mac, _mac(body)):
        return False
    age = time.time() - int(body[NONCE_HEX:], 16)
    return 0 <= age <= settings.COMMENTS_FORM_MAX_SECONDS


def materialise(key):
    """The challenge behind an issued key: created on the first request for it, then reused."""
    if CaptchaStore.objects.filter(hashkey=key).exists():
        return True
    if not is_issued(key):
        return False
    challenge, response = captcha_settings.get_challenge()()
    # The image and the audio asked at the same moment: one row is enough.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        CaptchaStore.objects.create(hashkey=key, challenge=challenge, response=response)
    return True


def image(request, key):
    if not materialise(key):
        return HttpResponse(status=410)
    return library_views.captcha_image(request, key, scale=1)


def audio(request, key):
    if not materialise(key):
        return HttpResponse(status=410)
    return library_views.captcha_audio(request, key)
