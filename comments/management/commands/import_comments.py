"""Bring comments in from Disqus, WordPress or another copy of this site (comments.importing)."""

import re

from django.core.management.base import BaseCommand, CommandError

from comments.importing import disqus, loader, ours, wxr
from comments.importing.records import UnreadableFile

READERS = {"disqus": disqus, "wxr": wxr, "json": ours}
SOURCE_NAME = re.compile(r"[A-Za-z0-9-]{1,16}")


class Command(BaseCommand):
    help = (
        "Import comments onto our articles, matched by the last part of each thread's address. All of the file "
        "or nothing: any problem is listed, one line each, and nothing is written. Importing the same file again "
        "adds nothing. Nothing goes to the moderation checks or notifications unless --moderate."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--format", required=True, choices=sorted(READERS), help="disqus (XML), wxr (WordPress) or json (ours)."
        )
        parser.add_argument(
            "--source",
            help=(
                "A short name for the site the file comes from (letters, digits, '-', at most 16), for when two sites "
                "export in the same format: ids are remembered per source. Default: the format's name."
            ),
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count everything, write nothing.")
        parser.add_argument(
            "--moderate",
            action="store_true",
            help="Published and held comments arrive as submitted and go through the moderation checks.",
        )
        parser.add_argument(
            "--skip-unmatched",
            action="store_true",
            help="Leave out the threads of pages we have no article for (listed) instead of refusing the file.",
        )

    def handle(self, *args, file, **options):
        reader = READERS[options["format"]]
        source = options["source"] or reader.SOURCE
        if not SOURCE_NAME.fullmatch(source):
            raise CommandError(f"--source {source!r}: letters, digits and '-' only, at most 16 of them.")
        try:
            outcome = loader.import_posts(
                reader.read(file),
                source=source,
                dry_run=options["dry_run"],
                moderate=options["moderate"],
                skip_unmatched=options["skip_unmatched"],
            )
        except UnreadableFile as error:
            raise CommandError(f"{file}: {error}. Nothing was imported.") from None
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}. Nothing was imported.") from None
        self._report(outcome)
        if outcome.problems:
            raise CommandError(f"{outcome.problems.count:,} problem(s) in {file}. Nothing was imported.")

    def _report(self, outcome):
        write = self.stdout.write
        statuses = ", ".join(f"{count:,} {status}" for status, count in sorted(outcome.by_status.items()))
        verb = "would import" if not outcome.committed else "imported"
        write(f"read {outcome.read:,} posts; {verb} {outcome.imported:,}" + (f" ({statuses})" if statuses else ""))
        write(f"already imported before, left as they are: {outcome.already_imported:,}")
        if outcome.unmatched_urls:
            left = " (left out)" if outcome.skipped_unmatched else ""
            write(f"pages with no article of ours{left}:")
            for url, count in outcome.unmatched_urls.most_common(loader.MAX_LISTED):
                write(f"  {url}: {count:,} posts")
        for title, lines in (("notes", outcome.notes), ("problems", outcome.problems)):
            if lines:
                write(f"{title} ({lines.count:,}):")
                for line in lines.listed:
                    write(f"  {line}")
                if lines.count > len(lines.listed):
                    write(f"  … and {lines.count - len(lines.listed):,} more")
        if outcome.dry_run and not outcome.problems:
            write("dry run: nothing was written")
