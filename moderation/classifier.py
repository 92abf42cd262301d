"""The spam classifier that learns from this site's moderators.

Features are hashed (no vocabulary to keep): words and word pairs, character
n-grams inside words (they survive misspellings and look-alikes), the link domains
a few simple cues and self-promotion phrases. The model is a linear SVM refitted on the moderators'
decisions (`TrainingExample` rows, newest first, bounded by a setting); its weights
are stored in `ClassifierState` as plain arrays (no pickle), so every worker scores
with the same version and reloads when the version changes. Before any training
there is no model, and the other checks decide alone (the cold start).
"""

import io
import math
import re
import threading

import numpy as np
from django.conf import settings
from django.db import transaction
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.svm import LinearSVC
from sklearn.utils import murmurhash3_32

from . import text

STATE_NAME = "spam"
N_FEATURES = 2**20
DIGITS = re.compile(r"\d")
# Self-promotion, the commonest kind of comment spam: "check out my channel", "subscribe",
# "follow me", "like this comment". Each cue is a feature of its own (so the model weighs
# it against what moderators decided) and their count is one more; a cue alone decides nothing.
PROMOTION = re.compile(
    r"\b(?:my|our) (?:channel|videos?|music|songs?|page|blog|site|website|playlist|track|account|band|cover|rap)\b"
    r"|\bsub(?:scribe[ds]?|s)?\b|\bcheck (?:it |this |me |my |us )?out\b|\bfollow (?:me|us|my)\b|\bvisit\b"
    r"|\bclick\b|\blike this comment\b|\bthumbs up\b|\bgive (?:it|me) a (?:like|thumbs)|\bshare\b|\bfree\b"
    r"|\bplease (?:check|watch|look|visit|subscribe|like)\b|\bwatch my\b|\bgo to\b"
)


def analyze(document):
    """Every token of one document: `document` is (body, domains)."""
    body, domains = document
    plain = text.plain(body)
    words = text.WORD.findall(plain)
    tokens = list(words)
    tokens += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    for word in text.skeleton_words(body):
        padded = f" {word} "
        for size in (3, 4, 5):
            tokens += [padded[i : i + size] for i in range(len(padded) - size + 1)]
    tokens += [f"domain:{domain}" for domain in domains]
    tokens += _cues(body, plain, len(domains))
    promotion = [match.group(0) for match in PROMOTION.finditer(plain)]
    tokens += [f"promotion:{cue}" for cue in promotion] + [f"promotion:count:{min(len(promotion), 3)}"]
    return tokens


def _cues(body, plain, link_count):
    letters = [ch for ch in body if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0
    digits = len(DIGITS.findall(body))
    return [
        f"cue:links:{min(link_count, 3)}",
        f"cue:length:{min(int(math.log2(len(plain) + 1)), 11)}",
        f"cue:upper:{int(upper * 4)}",
        f"cue:digits:{min(digits // 4, 3)}",
        f"cue:exclaim:{min(body.count('!'), 3)}",
    ]


# Presence, not counts: "buy buy buy" says no more than "buy" (and measured slightly better).
VECTORIZER = HashingVectorizer(
    analyzer=analyze, n_features=N_FEATURES, alternate_sign=False, binary=True, norm="l2", dtype=np.float32
)


def features(documents):
    """A sparse matrix, one row per (body, domains) document."""
    return VECTORIZER.transform(documents)


def hashed(document):
    """One document's feature indices, exactly where VECTORIZER puts them, without its per-call overhead.

    Scoring one comment is on every check's path: sklearn's transform costs about three
    times the tokenising itself for a single row. Every value is 1 before the l2 norm.
    """
    return np.fromiter({abs(murmurhash3_32(token, seed=0)) % N_FEATURES for token in analyze(document)}, np.int64)


def document(body):
    return (body, text.domains(body))


class SpamModel:
    """Linear weights over hashed features; probability = logistic(scale × (margin − offset)).

    The SVM puts training points at margin ±1. Replays of labelled comments show
    comments just past the boundary are still mostly not spam, so the even-odds
    point sits at `offset` rather than 0 (calibrated on the benchmark in bench/).
    """

    scale = 3.0
    offset = 0.6

    def __init__(self, weights, intercept, examples=0, version=0):
        self.weights = weights  # dense float32 vector of N_FEATURES
        self.intercept = float(intercept)
        self.examples = examples
        self.version = version

    @classmethod
    def fit(cls, rows, labels, version=0):
        """Fit on a feature matrix and labels (True = spam); None unless both kinds are present."""
        labels = np.asarray(labels, dtype=bool)
        if labels.all() or not labels.any():
            return None
        svm = LinearSVC(C=settings.MODERATION_CLASSIFIER_C, class_weight={False: settings.MODERATION_HAM_WEIGHT,
                        True: 1.0}, max_iter=5000)  # fmt: skip
        svm.fit(rows, labels)
        return cls(svm.coef_.ravel().astype(np.float32), svm.intercept_[0], examples=len(labels), version=version)

    def margins(self, rows):
        return np.asarray(rows @ self.weights).ravel() + self.intercept

    def probability(self, body, domains=None):
        indices = hashed((body, text.domains(body) if domains is None else domains))
        margin = float(self.weights[indices].sum(dtype=np.float64)) / math.sqrt(len(indices)) + self.intercept
        return 1.0 / (1.0 + math.exp(-self.scale * (margin - self.offset)))

    def dumps(self):
        """Only the non-zero weights, as a compressed numpy archive."""
        index = np.flatnonzero(self.weights).astype(np.int32)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer, index=index, values=self.weights[index], intercept=np.array([self.intercept]),
            examples=np.array([self.examples]),
        )  # fmt: skip
        return buffer.getvalue()

    @classmethod
    def loads(cls, payload, version=0):
        with np.load(io.BytesIO(bytes(payload)), allow_pickle=False) as data:
            weights = np.zeros(N_FEATURES, dtype=np.float32)
            weights[data["index"]] = data["values"]
            return cls(weights, data["intercept"][0], examples=int(data["examples"][0]), version=version)


# --- The shared model: one per process, reloaded when the stored version moves -------------

_loaded = threading.local()


def current_model():
    """The site's model at its latest stored version (one small query), or None before any training."""
    from .models import ClassifierState

    # The save time with the version: a state deleted and trained afresh restarts at version 1.
    stamp = ClassifierState.objects.filter(name=STATE_NAME).values_list("version", "updated_at").first()
    if stamp is None:
        return None
    model = getattr(_loaded, "model", None)
    if model is None or getattr(_loaded, "stamp", None) != stamp:
        state = ClassifierState.objects.filter(name=STATE_NAME).first()
        model = SpamModel.loads(state.payload, version=state.version) if state and state.payload else None
        _loaded.model, _loaded.stamp = model, (state.version, state.updated_at) if state else None
    return model


def training_set(limit=None):
    """The newest moderator-labelled examples, as (bodies, labels)."""
    from .models import TrainingExample

    limit = limit or settings.MODERATION_CLASSIFIER_MAX_EXAMPLES
    rows = list(TrainingExample.objects.order_by("-updated_at", "-id").values_list("body", "is_spam")[:limit])
    return [body for body, _ in rows], [is_spam for _, is_spam in rows]


def refit():
    """Fit on the stored examples and store the result as a new version; returns the state (or None)."""
    from .models import ClassifierState

    bodies, labels = training_set()
    model = SpamModel.fit(features([document(body) for body in bodies]), labels) if bodies else None
    if model is None:
        return None
    with transaction.atomic():
        state, _ = ClassifierState.objects.select_for_update().get_or_create(name=STATE_NAME)
        state.version += 1
        state.payload = model.dumps()
        state.examples_seen = model.examples
        state.save()
    return state
