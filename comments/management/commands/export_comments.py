"""Write every article's comments as JSON Lines (comments.exporting), to move them elsewhere."""

from django.core.management.base import BaseCommand

from comments import exporting


class Command(BaseCommand):
    help = (
        "Export all comments as JSON Lines: a header, then one line per article with its comments (author name, "
        "dates, status, text, parent). E-mail and network addresses and browsers only with --with-personal-data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json", help="JSON Lines (the only format).")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of standard output.")
        parser.add_argument(
            "--with-personal-data",
            action="store_true",
            help="Also the commenters' e-mail addresses, IP addresses and user agents (a move of the same newsroom).",
        )
        parser.add_argument("--base-url", default="", help="Put before each article's path, e.g. https://news.example")

    def handle(self, *args, **options):
        lines = exporting.lines(personal_data=options["with_personal_data"], base_url=options["base_url"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as output:
                written = self._write(lines, lambda line: output.write(line + "\n"))
        else:
            written = self._write(lines, self.stdout.write)
        self.stderr.write(f"{written - 1:,} articles with comments written")

    def _write(self, lines, write):
        written = 0
        for line in lines:
            write(line)
            written += 1
        return written
