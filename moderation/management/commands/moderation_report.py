"""Print the transparency report for a period: `manage.py moderation_report --since DATE --until DATE`."""

import csv
import datetime
import io
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone

from moderation import transparency


def read_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD, for instance 2026-11-30.") from None


class Command(BaseCommand):
    help = (
        "The transparency report for a period (both days included, in the site's time zone): comments received, "
        "decisions by outcome and ground, automated or human, reports and those acted on, appeals and reversals, "
        "the median and 90th-percentile time to a moderator's decision, per section and in all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, metavar="YYYY-MM-DD", help="The period's first day.")
        parser.add_argument("--until", required=True, metavar="YYYY-MM-DD", help="The period's last day (included).")
        parser.add_argument("--format", choices=["json", "csv", "html"], default="json")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of standard output.")

    def handle(self, *args, **options):
        since, until = read_date(options["since"]), read_date(options["until"])
        if until < since:
            raise CommandError(f"The period ends ({until}) before it starts ({since}).")
        report = transparency.build(since, until)
        text = self.render(report, options["format"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as output:
                output.write(text)
            self.stderr.write(f"written to {options['output']}")
        else:
            self.stdout.write(text, ending="")

    def render(self, report, format):
        if format == "json":
            return json.dumps(report.as_dict(), indent=2) + "\n"
        if format == "csv":
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(transparency.csv_rows(report))
            return text.getvalue()
        context = {
            **transparency.context(report),
            "site_name": settings.SITE_NAME,
            "generated_at": timezone.localtime(),
        }
        return render_to_string("moderation/report/standalone.html", context)
