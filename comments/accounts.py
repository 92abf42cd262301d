"""Reader accounts: signing up without telling whether an address is registered, and proving the address.

A new account's e-mail address is unverified until the link mailed to it is followed and confirmed
with a button (mail scanners fetch links; they do not press buttons, so a scanner cannot confirm an
address someone else signed up with). Until then the account is not in good standing: it is asked
for the captcha, its reports count less and its history earns no trust.

Sign-up answers the same for an address that has an account and one that has not: the owner of a
registered address is told by e-mail that someone tried to sign up with it, and no link is sent.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from core.mail import MAIL_FAILURES

from .models import VerifiedEmail

logger = logging.getLogger(__name__)
VERIFIED_ATTRIBUTE = "_comments_email_verified"


class VerificationTokens(PasswordResetTokenGenerator):
    """Links that work once and for a while (`PASSWORD_RESET_TIMEOUT`): the hash covers the account's
    address and its verified address, so confirming (or changing the address) spends every earlier link."""

    key_salt = "comments.accounts.VerificationTokens"

    def _make_hash_value(self, user, timestamp):
        verified = VerifiedEmail.objects.filter(user_id=user.pk).values_list("email", flat=True).first() or ""
        return f"{user.pk}{user.password}{user.email}{verified}{timestamp}"


tokens = VerificationTokens()


# --- who is verified ---------------------------------------------------------------------------


def is_verified(user):
    """A signed-in account whose current e-mail address was proven; asked once per user object."""
    if user is None or not user.is_authenticated or not user.email:
        return False
    known = getattr(user, VERIFIED_ATTRIBUTE, None)
    if known is None:
        known = VerifiedEmail.objects.filter(user_id=user.pk, email=user.email).exists()
        setattr(user, VERIFIED_ATTRIBUTE, known)
    return known


def account_standing(user_id):
    """(verified, date joined) of an account in one query; (False, None) for one that is gone."""
    row = (
        get_user_model().objects.filter(pk=user_id).values_list("email", "date_joined", "verified_email__email").first()
    )
    if row is None:
        return False, None
    email, joined, verified_email = row
    return bool(email) and email == verified_email, joined


def verify(user):
    """The link was followed and confirmed: the account's current address is proven."""
    VerifiedEmail.objects.update_or_create(user=user, defaults={"email": user.email, "verified_at": timezone.now()})
    setattr(user, VERIFIED_ATTRIBUTE, True)


# --- the link ----------------------------------------------------------------------------------


def verification_path(user):
    return reverse("verify-email", args=[urlsafe_base64_encode(force_bytes(user.pk)), tokens.make_token(user)])


def account_from_link(uidb64, token):
    """The account a verification link was made for, while the link is good; else None."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or is_verified(user) or not tokens.check_token(user, token):
        return None
    return user


# --- e-mail ------------------------------------------------------------------------------------


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _send(subject, body, address):
    try:
        send_mail(f"{settings.SITE_NAME}: {subject}", body, settings.DEFAULT_FROM_EMAIL, [address])
    except MAIL_FAILURES:
        # Never a different answer to the reader, who may ask for a new link once signed in.
        logger.exception("account e-mail not sent")


def send_verification(user):
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    body = (
        "Hello,\n\n"  # not the display name: what a reader typed is never mailed to an address not yet proven
        f"Someone, probably you, signed up at {settings.SITE_NAME} with this e-mail address. To confirm it,\n"
        f'open this link and press "Confirm my address":\n\n{_absolute(verification_path(user))}\n\n'
        f"The link works for {days} day{'s' if days != 1 else ''}. Until the address is confirmed you are asked "
        "for the code in the image when you post,\n"
        "and no e-mail about your comments is sent.\n\n"
        "If you did not sign up, ignore this e-mail: nothing else will be sent.\n"
    )
    _send("confirm your e-mail address", body, user.email)


def send_signup_attempt(user):
    body = (
        "Hello,\n\n"
        f"Someone tried to sign up at {settings.SITE_NAME} with this e-mail address, which has an account "
        "already.\nNo new account was made and nothing was changed.\n\n"
        f"If it was you, log in instead: {_absolute(reverse('login'))}\n"
    )
    if not is_verified(user):
        body += "Your address is not confirmed yet: once logged in, the comment form sends you a new link.\n"
    body += "If it was not you, there is nothing to do.\n"
    _send("someone tried to sign up with your address", body, user.email)


# --- signing up --------------------------------------------------------------------------------


def sign_up(*, display_name, email, password):
    """Create an unverified account and mail its link, or tell the owner of a registered address.

    Returns the new account, or None when the address had one; the reader is answered the same
    either way (and the same work is done: the password is hashed in both cases).
    """
    users = get_user_model().objects
    existing = users.filter(Q(username__iexact=email) | Q(email__iexact=email)).order_by("pk").first()
    if existing is None:
        try:
            with transaction.atomic():
                user = users.create_user(username=email, email=email, password=password, first_name=display_name)
        except IntegrityError:  # the same address twice at once: the other sign-up won
            existing = users.filter(username__iexact=email).first()
        else:
            send_verification(user)
            return user
    make_password(password)
    if existing is not None:
        send_signup_attempt(existing)
    return None
