"""Train the spam classifier from labelled comments (CSV): the site's own model, or the shipped base model."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moderation import classifier, labelled
from moderation.models import TrainingExample


class Command(BaseCommand):
    help = (
        "Import labelled comments (CSV) as training examples and refit the site's spam classifier; with --base, "
        "fit the base model that a site without decisions of its own starts from, and write it to a file."
    )

    def add_arguments(self, parser):
        labelled.add_arguments(parser)
        parser.add_argument("--replace", action="store_true", help="Forget earlier imported examples first.")
        parser.add_argument(
            "--base", action="store_true", help="Write a base model file instead of touching the database."
        )
        parser.add_argument(
            "--output",
            metavar="OUTPUT.npz",
            help="Where --base writes the model (default: MODERATION_BASE_MODEL_PATH). Never one of the input files.",
        )

    def handle(self, *args, **options):
        rows = labelled.read_options(options)
        spam = sum(1 for _, is_spam, _ in rows if is_spam)
        if options["base"]:
            output = Path(options["output"] or settings.MODERATION_BASE_MODEL_PATH)
            if any(output.resolve() == Path(name).resolve() for name in options["files"]):
                raise CommandError(f"{output} is one of the input files: choose another --output")
            self.write_base_model(rows, spam, output)
            return
        with transaction.atomic():
            if options["replace"]:
                TrainingExample.objects.filter(source=TrainingExample.Source.IMPORT).delete()
            TrainingExample.objects.bulk_create(
                [
                    TrainingExample(body=submission.body, is_spam=is_spam, source=TrainingExample.Source.IMPORT)
                    for submission, is_spam, _ in rows
                ],
                batch_size=500,
            )
        state = classifier.refit()
        if state is None:
            raise CommandError("imported, but the classifier needs both spam and non-spam examples to train")
        self.stdout.write(f"imported {len(rows)} examples ({spam} spam); classifier now at version {state.version}")

    def write_base_model(self, rows, spam, output):
        documents = [classifier.document(submission.body) for submission, _, _ in rows]
        model = classifier.SpamModel.fit(classifier.features(documents), [is_spam for _, is_spam, _ in rows])
        if model is None:
            raise CommandError("the base model needs both spam and non-spam examples to train")
        output.parent.mkdir(parents=True, exist_ok=True)
        payload = model.dumps()
        output.write_bytes(payload)
        classifier.load_base_model.cache_clear()
        self.stdout.write(
            f"base model from {len(rows)} examples ({spam} spam): {len(payload):,} bytes to {output}; "
            f"calibration scale {model.scale:.3f}, offset {model.offset:.3f}"
        )
