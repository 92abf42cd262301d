"""Write one commenter's data as JSON, for an access request (docs/privacy.md)."""

from django.core.management.base import BaseCommand

from moderation import export
from moderation.management import commenter


class Command(BaseCommand):
    help = (
        "Write everything the site holds about a commenter as JSON: their comments (article, dates, status, text, "
        "address, IP address, user agent), their account and its verified address, the reports and votes it made."
    )

    def add_arguments(self, parser):
        commenter.add_arguments(parser)
        parser.add_argument("--output", metavar="FILE.json", help="Write here instead of standard output.")

    def handle(self, *args, **options):
        user, email = commenter.read(options)
        text = export.to_json(export.export(user=user, email=email))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as output:
                output.write(text + "\n")
            self.stderr.write(f"written to {options['output']}")
        else:
            self.stdout.write(text)
