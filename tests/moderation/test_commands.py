"""spam_train and spam_eval on small CSV files of our own: JSON figures, site data untouched, one line per bad row."""

import json

import pytest
from django.core.management import CommandError, call_command

from moderation.models import ClassifierState, TrainingExample

pytestmark = pytest.mark.django_db

ROWS = [
    ("Cheap watches at http://watches.example.com", 1),
    ("The council vote is on Tuesday.", 0),
    ("Free prizes, click http://prizes.example.org now", 1),
    ("I enjoyed the piece on the library.", 0),
] * 5


def write(path, rows, header="AUTHOR,CONTENT,CLASS"):
    lines = [header] + [f'reader{n},"{body}",{label}' for n, (body, label) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_spam_eval_prints_the_figures_and_leaves_the_site_untouched(tmp_path, capsys):
    call_command("spam_eval", str(write(tmp_path / "set.csv", ROWS)), "--warmup", "4", "--refit-every", "2")
    report = json.loads(capsys.readouterr().out)
    for key in ("tp", "fp", "tn", "fn", "precision", "recall", "f1", "mcc", "fpr", "checks_per_second"):
        assert key in report
    assert report["tp"] + report["fp"] + report["tn"] + report["fn"] == len(ROWS) - 4
    assert not ClassifierState.objects.exists() and not TrainingExample.objects.exists()


def test_spam_train_imports_examples_and_trains_the_site_model(tmp_path, capsys):
    call_command("spam_train", str(write(tmp_path / "set.csv", ROWS)))
    assert TrainingExample.objects.count() == len(ROWS)
    assert ClassifierState.objects.get().version == 1
    assert "classifier now at version 1" in capsys.readouterr().out


def test_a_row_without_a_label_is_named_in_one_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('AUTHOR,CONTENT,CLASS\nann,"fine",0\nbob,"no label",\n')
    with pytest.raises(CommandError, match=r"bad.csv: row 3: no label in column 'CLASS'"):
        call_command("spam_eval", str(path))


def test_a_missing_column_is_named(tmp_path):
    path = write(tmp_path / "other.csv", ROWS, header="AUTHOR,TEXT,CLASS")
    with pytest.raises(CommandError, match=r"row 1 \(the header\): no column 'CONTENT'"):
        call_command("spam_train", str(path))


def test_spam_eval_counts_not_spam_held_for_abuse_among_the_false_positives(tmp_path, capsys):
    rows = ROWS + [("You are a stupid fucking idiot", 0), ("This fucking song is so damn good", 0)]
    call_command("spam_eval", str(write(tmp_path / "set.csv", rows)), "--warmup", "4", "--refit-every", "2")
    report = json.loads(capsys.readouterr().out)
    assert report["ham_held_for_abuse"] == 1
    assert report["fp"] >= 1
