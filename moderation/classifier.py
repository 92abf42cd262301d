"""The spam classifier that learns from this site's moderators.

Features are hashed (no vocabulary to keep): words and word pairs, character
n-grams inside words (they survive misspellings and look-alikes), the link domains and
general cues of spam (contact details, money, shorteners, shouting: `cues`). The model is a
linear SVM refitted on the moderators' decisions (`TrainingExample` rows, newest first, bounded
by a setting), its score Platt-calibrated; its weights are stored in `ClassifierState` as plain
arrays (no pickle), so every worker scores with the same version and reloads when the version
changes. Before a site has decisions of its own, the base model shipped with the project
(`spam_train --base`) scores alone, and it is blended out as the site's decisions accumulate.
"""

import functools
import io
import itertools
import logging
import math
import re
import threading
import zipfile
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.svm import LinearSVC
from sklearn.utils import murmurhash3_32

from . import text
from .checks.base import logit, sigmoid

logger = logging.getLogger(__name__)
STATE_NAME = "spam"
N_FEATURES = 2**20
DIGITS = re.compile(r"\d")
# Cues that describe comment spam in general rather than one site's: each a feature of its own,
# so the model weighs it against what moderators decided; a cue alone decides nothing. Every
# pattern is a literal alternation or one simple character class (linear on any text).
MONEY = re.compile(
    r"[$£€¥₹]\s?\d|\d\s?(?:k|usd|eur|gbp|dollars?|euros?|pounds?)\b|\b(?:per|a|an|every) (?:day|week|month|hour)\b"
    r"|\b(?:earn|earning|income|profit|cash|paid|payout|investment|invest|bitcoin|crypto|forex|loan|loans|credit)\b"
)
CONTACT = re.compile(
    r"\b(?:whatsapp|telegram|viber|wechat|signal me|dm me|pm me|inbox me|text me|call me|email me|e-mail me"
    r"|message me|contact me|reach me|write to me|add me)\b"
)
SOLICITATION = re.compile(
    r"\b(?:click|visit|sign up|register|join now|buy|order now|discount|cheap|free|offer|limited time|guaranteed"
    r"|winner|prize|promo|coupon|work from home|make money|per cent off|% off)\b"
)
OBFUSCATED_LINK = re.compile(r"\b(?:dot|\(dot\)|\[dot\]|\{dot\})\s?(?:com|net|org|info|biz|ru|io|co|xyz)\b")
SHORTENERS = frozenset(
    {"bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy", "tiny.cc",
     "shorturl.at", "t.ly", "lnkd.in", "rebrand.ly", "bl.ink", "s.id", "v.gd", "qr.ae", "adf.ly", "shorte.st"}
)  # fmt: skip
PHONE_RUN = re.compile(r"[\d+()][\d+() .-]*")
PHONE_DIGITS = range(9, 16)


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
    tokens += cues(body, plain, domains)
    return tokens


def cues(body, plain, domains):
    """General signs of spam as tokens: links, shorteners, contact details, money, solicitation, shouting."""
    letters = [ch for ch in body if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0
    shouted = sum(1 for word in body.split() if len(word) > 2 and word.isalpha() and word.isupper())
    digits = len(DIGITS.findall(body))
    longest_run = max((len(list(run)) for _, run in itertools.groupby(plain)), default=0)
    references = sum(1 for domain in domains if text.is_reference_domain(domain))
    found = [
        f"cue:links:{min(len(domains) - references, 3)}",
        f"cue:length:{min(int(math.log2(len(plain) + 1)), 11)}",
        f"cue:upper:{int(upper * 4)}",
        f"cue:shouted:{min(shouted, 3)}",
        f"cue:digits:{min(digits // 4, 3)}",
        f"cue:exclaim:{min(body.count('!'), 3)}",
        f"cue:repeated:{min(longest_run // 3, 3)}",
    ]
    if references:
        found.append("cue:reference-link")
    if any(domain in SHORTENERS for domain in domains):
        found.append("cue:shortener")
    if any(_is_email_address(word) for word in plain.split() if "@" in word):
        found.append("cue:email-address")
    if any(len(DIGITS.findall(run.group(0))) in PHONE_DIGITS for run in PHONE_RUN.finditer(plain)):
        found.append("cue:phone-number")
    if OBFUSCATED_LINK.search(plain):
        found.append("cue:disguised-link")
    for name, pattern in (("money", MONEY), ("contact", CONTACT), ("solicit", SOLICITATION)):
        matches = pattern.findall(plain)
        found += [f"cue:{name}:{match}" for match in matches] + [f"cue:{name}:count:{min(len(matches), 3)}"]
    return found


def _is_email_address(word):
    local, _, host = word.strip(".,;:!?()<>[]\"'").rpartition("@")
    return bool(local) and "." in host.strip(".")


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

    `scale` and `offset` are Platt scaling fitted on cross-validated margins of the same
    examples (what an unseen comment's margin means on this site), so "spam score 0.9" is
    about nine in ten; with too few examples of either kind for folds, fixed values are used.
    """

    scale = 3.0
    offset = 0.0

    def __init__(self, weights, intercept, examples=0, version=0, scale=None, offset=None):
        self.weights = weights  # dense float32 vector of N_FEATURES
        self.intercept = float(intercept)
        self.examples = examples
        self.version = version
        self.scale = float(scale if scale is not None else type(self).scale)
        self.offset = float(offset if offset is not None else type(self).offset)

    @classmethod
    def fit(cls, rows, labels, version=0, calibrate=True):
        """Fit on a feature matrix and labels (True = spam); None unless both kinds are present."""
        labels = np.asarray(labels, dtype=bool)
        if labels.all() or not labels.any():
            return None
        svm = _svm().fit(rows, labels)
        scale, offset = _platt(rows, labels) if calibrate else (None, None)
        return cls(
            svm.coef_.ravel().astype(np.float32), svm.intercept_[0], examples=len(labels), version=version,
            scale=scale, offset=offset,
        )  # fmt: skip

    def margins(self, rows):
        return np.asarray(rows @ self.weights).ravel() + self.intercept

    def margin(self, body, domains=None):
        indices = hashed((body, text.domains(body) if domains is None else domains))
        return float(self.weights[indices].sum(dtype=np.float64)) / math.sqrt(len(indices)) + self.intercept

    def probability(self, body, domains=None):
        return sigmoid(self.scale * (self.margin(body, domains) - self.offset))

    def dumps(self):
        """Only the non-zero weights, as a compressed numpy archive."""
        index = np.flatnonzero(self.weights).astype(np.int32)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer, index=index, values=self.weights[index], intercept=np.array([self.intercept]),
            examples=np.array([self.examples]), calibration=np.array([self.scale, self.offset]),
        )  # fmt: skip
        return buffer.getvalue()

    @classmethod
    def loads(cls, payload, version=0):
        with np.load(io.BytesIO(bytes(payload)), allow_pickle=False) as data:
            weights = np.zeros(N_FEATURES, dtype=np.float32)
            weights[data["index"]] = data["values"]
            scale, offset = data["calibration"] if "calibration" in data.files else (None, None)
            return cls(
                weights, data["intercept"][0], examples=int(data["examples"][0]), version=version,
                scale=scale, offset=offset,
            )  # fmt: skip


class BlendedModel:
    """The shipped base model and the site's own, weighed by how much the site has taught its own.

    In log-odds: weight × site + (1 − weight) × temper × base, with weight = n / (n + takeover) for a
    site model fitted on n decisions (0 without one). The base model learned on another kind of
    site, so its say is tempered (MODERATION_BASE_MODEL_WEIGHT) towards even odds; obvious spam
    still scores high from the first comment, and the site's moderators take over as they decide.
    """

    problem = None  # set when the site's model should have been here but could not be read

    def __init__(self, site, base, weight, temper):
        self.site, self.base, self.weight, self.temper = site, base, weight, temper
        self.version = site.version if site else 0
        self.examples = site.examples if site else 0

    def probability(self, body, domains=None):
        domains = text.domains(body) if domains is None else domains
        base = self.temper * logit(self.base.probability(body, domains))
        if self.site is None:
            return sigmoid(base)
        site = logit(self.site.probability(body, domains))
        return sigmoid(self.weight * site + (1 - self.weight) * base)


def blend(site, base, takeover_examples=None, temper=None):
    """What the checks score with, given the site's model and the base model (either may be None)."""
    takeover_examples = settings.MODERATION_BASE_MODEL_EXAMPLES if takeover_examples is None else takeover_examples
    temper = settings.MODERATION_BASE_MODEL_WEIGHT if temper is None else temper
    if base is None:
        return site
    weight = 0.0
    if site is not None:
        weight = site.examples / (site.examples + takeover_examples) if takeover_examples > 0 else 1.0
    return site if weight >= 1.0 else BlendedModel(site, base, weight, temper)


def _svm():
    return LinearSVC(
        C=settings.MODERATION_CLASSIFIER_C, class_weight={False: settings.MODERATION_HAM_WEIGHT, True: 1.0},
        max_iter=5000,
    )  # fmt: skip


def _platt(rows, labels):
    """(scale, offset) from out-of-fold margins, or (None, None) when either kind has too few examples."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    folds = min(settings.MODERATION_CALIBRATION_FOLDS, int(labels.sum()), int((~labels).sum()))
    if folds < 2 or min(labels.sum(), (~labels).sum()) < settings.MODERATION_CALIBRATION_MIN_EXAMPLES:
        return None, None
    margins = np.zeros(len(labels))
    for train, held_out in StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(margins, labels):
        svm = _svm().fit(rows[train], labels[train])
        margins[held_out] = svm.decision_function(rows[held_out])
    # Unweighted: the score is a plain probability; the cost of holding a reader lives in the threshold.
    platt = LogisticRegression(C=1.0).fit(margins.reshape(-1, 1), labels)
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    if slope <= 0:
        return None, None
    return slope, -intercept / slope


@functools.lru_cache(maxsize=4)
def load_base_model(path):
    """The model shipped with the project (see `spam_train --base`), or None if the file is missing or unreadable."""
    try:
        payload = Path(path).read_bytes()
        return SpamModel.loads(payload, version=0)
    except (OSError, ValueError, KeyError) as error:
        logger.warning("shipped spam model not loaded from %s: %s", path, error)
        return None


def base_model():
    path = settings.MODERATION_BASE_MODEL_PATH
    return load_base_model(str(path)) if path else None


# --- The shared model: one per process, reloaded when the stored version moves -------------

_loaded = threading.local()


class StoredModelUnreadable(Exception):
    """The site's stored model exists but cannot be loaded (a corrupt or truncated payload)."""

    @classmethod
    def at(cls, version):
        return cls(f"the site's spam model (version {version}) cannot be read")


def current_model():
    """The model the checks score with: the site's own blended with the shipped base model (or either alone).

    A stored model that cannot be read is not a reason to stop checking: the base model scores
    alone, marked with the problem so the checks say so (see ClassifierCheck); with no base model
    either, the problem is raised for the check to fail (and hold) on.
    """
    try:
        return blend(site_model(), base_model())
    except StoredModelUnreadable as problem:
        base = base_model()
        if base is None:
            raise
        fallback = blend(None, base)
        fallback.problem = str(problem)
        return fallback


def site_model():
    """The site's model at its latest stored version (one small query), or None before any training."""
    from .models import ClassifierState

    # The save time with the version: a state deleted and trained afresh restarts at version 1.
    stamp = ClassifierState.objects.filter(name=STATE_NAME).values_list("version", "updated_at").first()
    if stamp is None:
        return None
    if getattr(_loaded, "unreadable", None) == stamp:  # tried and failed at this version: not every comment again
        raise StoredModelUnreadable.at(stamp[0])
    model = getattr(_loaded, "model", None)
    if model is None or getattr(_loaded, "stamp", None) != stamp:
        state = ClassifierState.objects.filter(name=STATE_NAME).first()
        try:
            model = SpamModel.loads(state.payload, version=state.version) if state and state.payload else None
        except (ValueError, KeyError, OSError, EOFError, zipfile.BadZipFile) as error:
            logger.error("stored spam model version %s cannot be loaded: %s", stamp[0], error)
            _loaded.unreadable = stamp
            raise StoredModelUnreadable.at(stamp[0]) from error
        _loaded.model, _loaded.stamp = model, (state.version, state.updated_at) if state else None
    return model


def training_set(limit=None):
    """The newest moderator-labelled examples, as (bodies, labels)."""
    from .models import TrainingExample

    limit = limit or settings.MODERATION_CLASSIFIER_MAX_EXAMPLES
    rows = list(TrainingExample.objects.order_by("-updated_at", "-id").values_list("body", "is_spam")[:limit])
    return [body for body, _ in rows], [is_spam for _, is_spam in rows]


def refit():
    """Fit on the stored examples and store the result as a new version; returns the state (or None).

    The stored state's `updated_at` is the moment its examples were read, so a decision made while
    the model was fitting counts as new for the next refit; and a fit that read its examples before
    the one already stored (two refits overlapping) is dropped rather than stored over it.
    """
    from .models import ClassifierState

    read_at = timezone.now()
    bodies, labels = training_set()
    model = SpamModel.fit(features([document(body) for body in bodies]), labels) if bodies else None
    if model is None:
        return None
    with transaction.atomic():
        state, created = ClassifierState.objects.select_for_update().get_or_create(name=STATE_NAME)
        if not created and state.payload and state.updated_at >= read_at:
            return state
        state.version += 1
        state.payload = model.dumps()
        state.examples_seen = model.examples
        state.save()
        ClassifierState.objects.filter(pk=state.pk).update(updated_at=read_at)
        state.updated_at = read_at
    return state
