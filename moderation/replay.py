"""Replaying labelled comments through the live checks and policy, in memory: what `spam_eval` measures.

The context keeps author histories, repeat tallies and the classifier in memory, so
the site's data is read (its rules) but never written. Each comment is judged
before its label is revealed; the label then teaches the replay exactly what a
moderator's decision would teach the site: the author's history and the classifier.
"""

import time
import warnings
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from sklearn.metrics import confusion_matrix, matthews_corrcoef, precision_recall_fscore_support

from . import calibration, classifier, policy
from .checks import Submission, run_checks
from .checks.base import AuthorRecord, Context
from .context import LiveContext


class ReplayContext(Context):
    uses_network = False

    def __init__(self, model=None, refit_every=None, base=None):
        self.records = defaultdict(AuthorRecord)
        self.tallies = defaultdict(dict)  # key -> {member: time added}
        self.model = model  # what the replay's "moderators" taught, as the site's own model
        self.base = base  # the shipped base model, blended in as on a live site
        self.refit_every = refit_every or settings.MODERATION_CLASSIFIER_REFIT_EVERY
        self.rows, self.labels = [], []
        self._ruleset = LiveContext().rules()
        self._staff = LiveContext().staff_names()
        self.clock = 0.0
        self.learning_seconds = 0.0

    def rules(self):
        return self._ruleset

    def staff_names(self):
        return self._staff

    def author_record(self, submission):
        key = _known_author(submission)
        if not key:
            return AuthorRecord()
        record = self.records[key]
        if not submission.user_id:
            # As on the site: a typed name or address can only speak against a comment, never for it.
            record.maturity = 0.0
        return record

    def tally(self, key, member, window_seconds):
        members = self.tallies[key]
        members[member] = self.clock
        return sum(1 for added in members.values() if self.clock - added <= window_seconds)

    def spam_model(self):
        return classifier.blend(self.model, self.base)

    def learn(self, submission, is_spam):
        """What a moderator's publish / spam decision teaches: the author's record and the classifier."""
        started = time.perf_counter()
        key = _known_author(submission)
        if key:
            record = self.records[key]
            if is_spam:
                record.spam += 1
            else:
                record.published += 1
        self.rows.append(classifier.features([(submission.body, submission.domains)]))
        self.labels.append(is_spam)
        if len(self.labels) % self.refit_every == 0:
            limit = settings.MODERATION_CLASSIFIER_MAX_EXAMPLES
            import scipy.sparse

            refitted = classifier.SpamModel.fit(scipy.sparse.vstack(self.rows[-limit:]), self.labels[-limit:])
            self.model = refitted or self.model
        self.learning_seconds += time.perf_counter() - started


def _known_author(submission):
    """Whose history the comment adds to; None for a row with no author at all.

    On the site an anonymous reader without an e-mail address is a new author every time, so
    a labelled row without an author must not share one history with every other such row.
    """
    if submission.user_id or submission.author_email or submission.author_name.strip():
        return submission.author_key
    return None


@dataclass
class Scores:
    """Each scored comment's label beside what was made of it, and the figures `spam_eval` prints from them.

    "Positive" is kept from publication (held, spam or rejected), whatever the reason.
    """

    is_spam: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    ham_held_for_abuse: int = 0
    verdicts: dict = field(default_factory=lambda: defaultdict(int))
    judged: list = field(default_factory=list)  # calibration.Judged, for the threshold table

    def add(self, is_spam, verdict, abusive=False, spam_score=0.0, insisted=False):
        kept = verdict != policy.Status.PUBLISHED
        self.is_spam.append(is_spam)
        self.kept.append(kept)
        self.judged.append(calibration.Judged(spam_score, insisted and kept, is_spam))
        self.verdicts[f"{'spam' if is_spam else 'ham'}→{verdict}"] += 1
        # Counted within fp, not instead of it: data sets that label spam only call abuse "ham".
        self.ham_held_for_abuse += bool(kept and abusive and not is_spam)

    def report(self):
        precision = recall = f1 = mcc = 0.0
        tn = fp = fn = tp = 0
        if self.is_spam:
            matrix = confusion_matrix(self.is_spam, self.kept, labels=[False, True])
            tn, fp, fn, tp = (int(count) for count in matrix.ravel())
            precision, recall, f1, _ = precision_recall_fscore_support(
                self.is_spam, self.kept, labels=[False, True], average="binary", zero_division=0.0
            )
            with warnings.catch_warnings():  # one class only (a short replay): MCC is 0, said without a warning
                warnings.simplefilter("ignore", UserWarning)
                mcc = matthews_corrcoef(self.is_spam, self.kept)
        fpr = fp / (fp + tn) if fp + tn else 0.0
        ham_held_for_spam = fp - self.ham_held_for_abuse
        return {
            "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "precision": _rounded(precision), "recall": _rounded(recall), "f1": _rounded(f1),
            "mcc": _rounded(mcc), "fpr": round(fpr, 4), "ham_held_for_abuse": self.ham_held_for_abuse,
            "ham_held_for_spam": ham_held_for_spam,
            "fpr_spam": round(ham_held_for_spam / (fp + tn), 4) if fp + tn else 0.0,
            "verdicts": dict(sorted(self.verdicts.items())),
        }  # fmt: skip


def _rounded(figure):
    return round(float(figure), 4)


def replay(rows, *, warmup=0, model=None, refit_every=None, base=None, thresholds=None):
    """Judge each (Submission, is_spam, timestamp) in order, then learn its label. Returns the report dict.

    `base`: the shipped base model, blended in as on a live site. `thresholds`: also report what each
    hold threshold would have done (see `calibration`).
    """
    context = ReplayContext(model=model, refit_every=refit_every, base=base)
    scores = Scores()
    checking = 0.0
    count = 0
    for index, (submission, is_spam, timestamp) in enumerate(rows):
        context.clock = timestamp if timestamp is not None else context.clock
        submission.comment_id = submission.comment_id or index + 1
        started = time.perf_counter()
        signals = run_checks(submission, context)
        outcome = policy.judge(signals, submission.article_mode)
        checking += time.perf_counter() - started
        count += 1
        if index >= warmup:
            abusive = any(signal.name == "toxicity" and signal.verdict for signal in signals)
            insisted = any(signal.verdict in policy.STRENGTH for signal in signals)
            scores.add(is_spam, outcome.verdict, abusive, outcome.spam_score, insisted)
        context.learn(submission, is_spam)
    report = scores.report()
    report.update(
        rows=count,
        scored=max(count - warmup, 0),
        warmup=warmup,
        checks_per_second=round(count / checking, 1) if checking else None,
        learning_seconds=round(context.learning_seconds, 2),
    )
    if thresholds:
        stamps = [timestamp for _, _, timestamp in rows[warmup:] if timestamp is not None]
        days = (max(stamps) - min(stamps)) / 86400 if len(stamps) > 1 else 1.0
        report["thresholds"] = calibration.threshold_table(scores.judged, thresholds, days=max(days, 1.0))
    return report


__all__ = ["ReplayContext", "Scores", "Submission", "replay"]
