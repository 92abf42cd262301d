"""The captcha, all of it: issuing a code, serving its image, checking an answer, spending a used code.

Codes are issued without a database write: a signed key now, its challenge when the image is first fetched.

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
refresh itself. The API's `POST /api/v1/captcha/` issues the same keys (`issue_challenge`) and makes
the row at once, since its client shows the image next; its own throttle counts those. Rows left
behind expire after `CAPTCHA_TIMEOUT` minutes and are deleted by a beat task
(`comments.tasks.purge_expired_captchas`).

Each code answers one attempt, right or wrong (`problem`, then `spend`); a signed-in reader in good
standing is not asked (`required`).
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
from django.utils import timezone

from core.clients import client_key
from core.keyed_hashes import keyed_hash
from core.limits import RETRY_AFTER_SECONDS, describe_rate, rate_limited

from . import accounts
from .models import Comment

NONCE_HEX, STAMP_HEX, MAC_HEX = 16, 8, 16  # 40 characters: the library's hashkey column
USED = "That code has expired or was already used. Please enter the new code."


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
    return rate_limited(f"comments.captcha.{what}", client_key(request), settings.COMMENTS_CAPTCHA_RATE_LIMIT)


def too_many(message_type="text"):
    rate = describe_rate(settings.COMMENTS_CAPTCHA_RATE_LIMIT)
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
    _make_challenge(key)
    return MADE


def issue_challenge():
    """A new issued key with its challenge made now, for a client that fetches the image next (the API)."""
    key = issue_key()
    _make_challenge(key)
    return key


def _make_challenge(key):
    challenge, response = captcha_settings.get_challenge()()
    # The image and the audio asked at the same moment: one row is enough.
    with contextlib.suppress(IntegrityError), transaction.atomic():
        CaptchaStore.objects.create(hashkey=key, challenge=challenge, response=response)


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


# --- who is asked, and the answer ------------------------------------------------------------


def reader_in_good_standing(user):
    """A signed-in, active account with a verified address, none of whose comments was judged spam or rejected."""
    if user is None or not user.is_authenticated or not user.is_active or not accounts.is_verified(user):
        return False
    return not Comment.objects.filter(user=user, status__in=[Comment.Status.SPAM, Comment.Status.REJECTED]).exists()


def required(user):
    """Whether this reader must answer a captcha to post (or to get one from the API)."""
    return not (settings.COMMENTS_TRUSTED_SKIP_CAPTCHA and reader_in_good_standing(user))


def problem(key, answer):
    """Why this captcha answer fails, or None; and whether the code is now used up.

    Each code is good for one attempt, right or wrong: the caller deletes a used-up code
    (`spend`), with the comment when it is saved, so a post is one write transaction.
    """
    answer = (answer or "").strip().lower()
    if not answer:
        return "Please enter the code you see in the image.", False
    if captcha_settings.CAPTCHA_TEST_MODE and answer == "passed":
        return None, True
    store = CaptchaStore.objects.filter(hashkey=key or "", expiration__gt=timezone.now()).first()
    if store is None:
        return USED, False
    if store.response != answer:
        return "The code did not match the image. Please enter the new code.", True
    return None, True


def spend(key):
    """Delete a used-up code; False when another request used it first."""
    deleted, _ = CaptchaStore.objects.filter(hashkey=key or "").delete()
    return bool(deleted) or captcha_settings.CAPTCHA_TEST_MODE


def redeem(key, answer):
    """Check an answer and use its code up at once, for a form that saves no comment with it (sign-up)."""
    why, spent = problem(key, answer)
    if spent and not spend(key) and why is None:
        return USED
    return why
