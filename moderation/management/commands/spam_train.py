"""Warm-start the spam classifier from an export of past moderation decisions (CSV)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moderation import classifier, labelled
from moderation.models import TrainingExample


class Command(BaseCommand):
    help = "Import labelled comments (CSV) as training examples and refit the spam classifier."

    def add_arguments(self, parser):
        labelled.add_arguments(parser)
        parser.add_argument("--replace", action="store_true", help="Forget earlier imported examples first.")

    def handle(self, *args, **options):
        rows = labelled.read_options(options)
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
        spam = sum(1 for _, is_spam, _ in rows if is_spam)
        self.stdout.write(f"imported {len(rows)} examples ({spam} spam); classifier now at version {state.version}")
