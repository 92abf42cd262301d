"""Give a staff account an authenticator (TOTP) device for the admin's second factor (ADMIN_REQUIRE_OTP)."""

from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Create a TOTP device for USERNAME and print its otpauth:// link and secret, to add to an authenticator "
        "app; with ADMIN_REQUIRE_OTP=1 the admin's log-in then asks for the app's six-digit code."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator", help="What the device is called (default: %(default)s).")
        parser.add_argument(
            "--replace", action="store_true", help="Remove the account's other TOTP devices (a lost phone)."
        )

    def handle(self, *args, username, name, replace, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account with the username {username!r}")
        if not user.is_staff:
            self.stderr.write(f"note: {username} is not staff, so the admin stays closed to them anyway")
        with transaction.atomic():
            if replace:
                TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        secret = b32encode(device.bin_key).decode()
        self.stdout.write(
            f"TOTP device {name!r} added for {username}. Add it to an authenticator app with this link "
            f"(or type the secret):\n\n  {device.config_url}\n\n  secret: {secret}\n\n"
            "Keep both to yourself: anyone with them can make the codes."
        )
