"""A plain spam baseline to read the pipeline's figures against: a linear SVM on word and character n-grams.

No policy, no author history, no rules, no tuning: TF-IDF over word 1–2-grams and character
2–5-grams, a `LinearSVC` with scikit-learn's defaults, refitted every `REFIT_EVERY` labels
on all the labels so far. The replay is the one `spam_eval` scores: each row is predicted
before its label is learned (not spam until the first fit that has seen both classes), and
only rows after the warm-up are scored, with the same counts and rates (`moderation.replay.Scores`).
"""

from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from moderation import labelled
from moderation.policy import Status
from moderation.replay import Scores

REFIT_EVERY = 25


class Baseline:
    """Word 1–2-grams and character 2–5-grams, each TF-IDF weighted, side by side; a linear SVM on top."""

    def __init__(self, texts, labels):
        self.vectorizers = [
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True),
        ]
        self.svm = LinearSVC().fit(hstack([v.fit_transform(texts) for v in self.vectorizers]).tocsr(), labels)

    def predict(self, texts):
        return [bool(label) for label in self.svm.predict(hstack([v.transform(texts) for v in self.vectorizers]))]


def replay(examples, *, warmup=0, refit_every=REFIT_EVERY):
    """Predict each (text, is_spam) in order, then learn its label. Returns f1, fpr, precision, recall and counts."""
    scores = Scores()
    model, texts, labels = None, [], []
    for index, (text, is_spam) in enumerate(examples):
        predicted = model.predict([text])[0] if model else False
        if index >= warmup:
            scores.add(is_spam, Status.SPAM if predicted else Status.PUBLISHED)
        texts.append(text)
        labels.append(is_spam)
        if len(labels) % refit_every == 0 and len(set(labels)) == 2:
            model = Baseline(texts, labels)
    report = scores.report()
    del report["verdicts"], report["ham_held_for_abuse"]
    report.update(rows=len(texts), scored=max(len(texts) - warmup, 0), warmup=warmup)
    return report


def read_examples(paths, *, sort_by_date=False, text_column="CONTENT", label_column="CLASS", spam_label="1"):
    """[(text, is_spam)] read as `spam_eval` reads them: the same columns, the same order (merged by date if asked)."""
    rows = labelled.read_rows(
        paths, text_column=text_column, label_column=label_column, spam_label=spam_label, date_column="DATE"
    )
    if sort_by_date:
        rows.sort(key=lambda row: row[2] if row[2] is not None else float("-inf"))
    return [(submission.body, is_spam) for submission, is_spam, _ in rows]
