"""Reading labelled comments from CSV files for `spam_train` and `spam_eval`, with one clear error per bad row."""

import csv
from datetime import datetime

from django.core.management.base import CommandError

from .checks import Submission


def add_arguments(parser):
    """The options `spam_train` and `spam_eval` share: the files and which columns hold what."""
    parser.add_argument("files", nargs="+", metavar="FILE.csv")
    parser.add_argument("--text-column", default="CONTENT")
    parser.add_argument("--label-column", default="CLASS")
    parser.add_argument("--spam-label", default="1", help="The label value that means spam; any other is not spam.")


def read_options(options, **columns):
    return read_rows(
        options["files"],
        text_column=options["text_column"],
        label_column=options["label_column"],
        spam_label=options["spam_label"],
        **columns,
    )


def read_rows(paths, *, text_column, label_column, spam_label, author_column=None, date_column=None):
    """[(Submission, is_spam, timestamp or None)] from every file, in file order."""
    rows = []
    for path in paths:
        rows += list(_read_file(path, text_column, label_column, spam_label, author_column, date_column))
    return rows


def _read_file(path, text_column, label_column, spam_label, author_column, date_column):
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed below
    except OSError as error:
        raise CommandError(f"{path}: cannot read: {error.strerror}") from error
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: row 1 (the header): {error}") from error
        for column in (text_column, label_column):
            if column not in header:
                raise CommandError(f"{path}: row 1 (the header): no column {column!r} (found: {', '.join(header)})")
        author_column = author_column if author_column in header else None
        date_column = date_column if date_column in header else None
        last_time = None
        row_number = 1
        try:
            for row_number, row in enumerate(reader, start=2):
                if None in row or any(row.get(column) is None for column in header):
                    raise CommandError(f"{path}: row {row_number}: expected {len(header)} fields")
                label = row[label_column].strip()
                if not label:
                    raise CommandError(f"{path}: row {row_number}: no label in column {label_column!r}")
                timestamp = _timestamp(row[date_column]) if date_column else None
                # Rows without a date keep their place after the previous dated row.
                last_time = timestamp if timestamp is not None else last_time
                submission = Submission(
                    body=row[text_column], author_name=(row[author_column] if author_column else "")
                )
                yield submission, label == spam_label, last_time
        except (csv.Error, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: row {row_number + 1}: {error}") from error


def _timestamp(value):
    try:
        return datetime.fromisoformat(value.strip()).timestamp() if value.strip() else None
    except ValueError:
        return None
