"""Captchas issued without a database write: a signed key now, its challenge when the image is first fetched.

An article page is viewed far more often than a comment is posted, so the page carries only a
key we signed (random, with the time it was issued); the `CaptchaStore` row with the characters
to type is created when the reader's browser first asks for the image (or the audio), which it
does lazily, when the form scrolls into view. The posting gate checks the answer against that
row as before, and each row still answers one attempt. A key we did not sign, or one older than
a form may stay open, is not materialised (the image answers 410, as the library's does).

Every captcha the site's pages show is issued this way (a fresh form, a form shown again after an
error, the "New code" button: our `refresh` replaces the library's view, which inserted a row per
call), so a row is made in one place, `materialise`, and that is limited per client
(`COMMENTS_CAPTCHA_RATE_LIMIT`, counted like posting: an IPv6 reader by their /64), as is the
refresh itself. Rows left behind expire after `CAPTCHA_TIMEOUT` minutes and are deleted by a beat
task (`comments.tasks.purge_expired_captchas`).
"""

import contextlib
import hmac
import secrets
import time

from captcha import views as library_views
from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse

from core.clients import client_key
from core.keyed_hashes import keyed_hash
from core.limits import RETRY_AFTER_SECONDS

from . import posting

NONCE_HEX, STAMP_HEX, MAC_HEX = 16, 8, 16  # 40 characters: the library's hashkey column


# The salt is what the hand-made HMAC before it put in front of SECRET_KEY, so that keys issued then (in
# forms still open) still match: HMAC hashes a key longer than its 64-byte block into the very key
# salted_hmac derives, as it does here for any SECRET_KEY of 48 characters or more.
KEY_PURPOSE = "comments.captcha:"


def _mac(nonce_and_stamp):
    return keyed_hash(KEY_PURPOSE, nonce_and_stamp)[:MAC_HEX]


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


def over_limit(request, what):
    """Count one new captcha (`what`: "new" for a row, "refresh" for a key) for this client; True when over."""
    return posting.rate_limited(f"comments.captcha.{what}", client_key(request), settings.COMMENTS_CAPTCHA_RATE_LIMIT)


def too_many(message_type="text"):
    rate = posting.describe_rate(settings.COMMENTS_CAPTCHA_RATE_LIMIT)
    message = f"Too many new codes from your address (at most {rate}). Please wait a minute and try again."
    if message_type == "json":
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


GONE, MADE, LIMITED = "gone", "made", "limited"


def materialise(request, key):
    """The challenge behind an issued key: created on the first request for it (within the client's limit), then
    reused. GONE for a key we did not issue (or too old), LIMITED when this client made too many, else MADE."""
    if CaptchaStore.objects.filter(hashkey=key).exists():
        return MADE
    if not is_issued(key):
        return GONE
    if over_limit(request, "new"):
        return LIMITED
    challenge, response = captcha_settings.get_challenge()()
    # The image and the audio asked at the same moment: one row is enough.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        CaptchaStore.objects.create(hashkey=key, challenge=challenge, response=response)
    return MADE


def _served(request, key, serve):
    made = materialise(request, key)
    if made == GONE:
        return HttpResponse(status=410)
    if made == LIMITED:
        return too_many()
    return serve()


def image(request, key):
    return _served(request, key, lambda: library_views.captcha_image(request, key, scale=1))


def audio(request, key):
    return _served(request, key, lambda: library_views.captcha_audio(request, key))


def image_url(key):
    return reverse("captcha-issued-image", args=[key])


def audio_url(key):
    return reverse("captcha-issued-audio", args=[key]) if captcha_settings.CAPTCHA_FLITE_PATH else None


def refresh(request):
    """The "New code" button's JSON (the library's answer, same URL): a new issued key, no row, limited per client."""
    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        raise Http404
    if over_limit(request, "refresh"):
        return too_many("json")
    key = issue_key()
    return JsonResponse({"key": key, "image_url": image_url(key), "audio_url": audio_url(key)})
