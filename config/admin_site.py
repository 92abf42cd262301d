"""The admin site: Django's, with a second factor for staff when ADMIN_REQUIRE_OTP is on.

With it on, the log-in form also asks for the code of the user's TOTP device (django-otp), and a
session counts for the admin only once verified by one: a moderator who logged in on the reader's
log-in page, by password alone, is asked again here. The setting is read per request.
"""

from django.conf import settings
from django.contrib import admin
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from core.second_factor import second_factor_ok


class SiteAdmin(admin.AdminSite):
    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.ADMIN_REQUIRE_OTP else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_REQUIRE_OTP else None

    def has_permission(self, request):
        return super().has_permission(request) and second_factor_ok(request.user)
