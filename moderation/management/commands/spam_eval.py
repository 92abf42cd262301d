"""Replay labelled comments through the live checks and policy, on an isolated model, and print the scores."""

import argparse
import json

from django.core.management.base import BaseCommand

from moderation import calibration, classifier, labelled
from moderation.replay import replay

# Each refit fits the model once per calibration fold as well; every 10 labels keeps a replay of
# thousands of rows in minutes while the model stays as fresh as a debounced live refit.
REPLAY_REFIT_EVERY = 10


def threshold_list(value):
    try:
        thresholds = [float(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {value!r}") from None
    if not thresholds or not all(0 < threshold < 1 for threshold in thresholds):
        raise argparse.ArgumentTypeError(f"thresholds must lie between 0 and 1: {value!r}")
    return thresholds


class Command(BaseCommand):
    help = (
        "Replay labelled comments (CSV) in file order through the same checks and policy a live comment goes "
        "through: each is judged before its label is revealed, then learned from as a moderator's decision. "
        "The site's data is left untouched. Prints JSON: tp fp tn fn precision recall f1 mcc fpr checks_per_second."
    )

    def add_arguments(self, parser):
        labelled.add_arguments(parser)
        parser.add_argument("--author-column", default="AUTHOR", help="Feeds the author's history, if present.")
        parser.add_argument("--date-column", default="DATE", help="The replay's clock (repeat windows), if present.")
        parser.add_argument("--warmup", type=int, default=0, help="Rows learned from but not scored.")
        parser.add_argument("--sort-by-date", action="store_true", help="Replay all files merged in date order.")
        parser.add_argument("--refit-every", type=int, default=REPLAY_REFIT_EVERY, help="Refit after this many labels.")
        parser.add_argument("--from-site-model", action="store_true", help="Start from a copy of the site's model.")
        parser.add_argument(
            "--from-base-model",
            action="store_true",
            help="Blend in the shipped base model as a new site does (never on the data it was trained on).",
        )
        parser.add_argument(
            "--thresholds",
            action="store_true",
            help="Also print what each hold threshold would have done (auto-published, ham held, spam published).",
        )
        parser.add_argument(
            "--threshold-values",
            type=threshold_list,
            default=calibration.DEFAULT_THRESHOLDS,
            metavar="T1,T2,...",
            help="The hold thresholds --thresholds looks at, each between 0 and 1.",
        )

    def handle(self, *args, **options):
        rows = labelled.read_options(
            options, author_column=options["author_column"], date_column=options["date_column"]
        )
        if options["sort_by_date"]:
            rows.sort(key=lambda row: row[2] if row[2] is not None else float("-inf"))
        model = classifier.site_model() if options["from_site_model"] else None
        base = classifier.base_model() if options["from_base_model"] else None
        thresholds = options["threshold_values"] if options["thresholds"] else None
        report = replay(
            rows, warmup=options["warmup"], model=model, refit_every=options["refit_every"], base=base,
            thresholds=thresholds,
        )  # fmt: skip
        if thresholds:
            self.stderr.write(calibration.format_table(report["thresholds"]))
        self.stdout.write(json.dumps(report))
