"""Whether a staff session passed the second factor the admin asks for (ADMIN_REQUIRE_OTP, django-otp).

The admin site and the moderation API ask the same question, so it is answered once, here."""

from django.conf import settings


def second_factor_ok(user):
    """True unless the admin needs a second factor and this session was not verified by one."""
    return not settings.ADMIN_REQUIRE_OTP or bool(getattr(user, "is_verified", lambda: False)())
