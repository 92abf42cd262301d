"""Erase one commenter's personal data on their request (docs/privacy.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from moderation import erasure
from moderation.management import commenter


class Command(BaseCommand):
    help = (
        'Erase a commenter\'s personal data: their comments are shown as by "former reader", without e-mail '
        "address, IP address or user agent (and without their texts when PRIVACY_ERASE_BODIES is on); an "
        "account is closed. The audit log records how many comments, never whose."
    )

    def add_arguments(self, parser):
        commenter.add_arguments(parser)

    def handle(self, *args, **options):
        user, email = commenter.read(options)
        try:
            record = erasure.erase(user=user, email=email, erase_bodies=settings.PRIVACY_ERASE_BODIES)
        except erasure.ErasureRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"{record.summary} (erasure #{record.pk})")
