"""The figures `spam_eval` prints (moderation.replay.Scores): the textbook formulas, to four places."""

import itertools
import json
import math

import pytest

from comments.models import Comment
from moderation.replay import Scores

Status = Comment.Status


def scores_of(tp, fp, tn, fn):
    scores = Scores()
    for is_spam, verdict, count in ((True, Status.HELD, tp), (False, Status.SPAM, fp),
                                    (False, Status.PUBLISHED, tn), (True, Status.PUBLISHED, fn)):  # fmt: skip
        for _ in range(count):
            scores.add(is_spam, verdict)
    return scores


def by_hand(tp, fp, tn, fn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / denominator if denominator else 0.0
    fpr = fp / (fp + tn) if fp + tn else 0.0
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "mcc": round(mcc, 4), "fpr": round(fpr, 4)}  # fmt: skip


COUNTS = [*itertools.product(range(4), repeat=4), (137, 12, 801, 40), (2000, 31, 5000, 230), (1, 1, 1, 1000)]


@pytest.mark.parametrize("counts", COUNTS)
def test_precision_recall_f1_mcc_and_fpr_are_the_textbook_figures_rounded_to_four_places(counts):
    report = scores_of(*counts).report()
    assert {key: report[key] for key in by_hand(*counts)} == by_hand(*counts)
    assert all(type(report[key]) is int for key in ("tp", "fp", "tn", "fn"))  # printed as JSON


def test_nothing_scored_reports_zeros_and_the_report_is_plain_json():
    report = Scores().report()
    assert json.loads(json.dumps(report))["f1"] == 0.0
    assert (report["tp"], report["fp"], report["tn"], report["fn"], report["mcc"]) == (0, 0, 0, 0, 0.0)
