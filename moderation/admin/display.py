"""Small HTML pieces the console shows: a safe excerpt, a status badge, reasons, an age, signals."""

import html

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.timesince import timesince

EXCERPT_CHARS = 160


def plain_text(body_html):
    """The sanitized HTML as plain text: tags dropped, entities decoded (escaped again on output)."""
    return " ".join(html.unescape(strip_tags(body_html or "")).split())


def excerpt(comment, chars=EXCERPT_CHARS):
    return Truncator(plain_text(comment.body_html) or comment.body).chars(chars)


def comment_link(comment, chars=60):
    """ "#42 The first words…", to the comment's page in the console."""
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    return format_html('<a href="{}">#{} {}</a>', url, comment.pk, excerpt(comment, chars))


def status_badge(status, label):
    return format_html('<span class="mod-status mod-status-{}">{}</span>', status, label)


def age(moment, now=None):
    if not moment:
        return "—"
    return timesince(moment, now or timezone.now(), depth=1)


def score(value):
    return "—" if value is None else f"{value:.2f}"


def reasons_list(reasons):
    reasons = [str(r) for r in reasons or [] if str(r).strip()]
    if not reasons:
        return "—"
    return format_html_join("; ", "{}", ((r,) for r in reasons))


def summary_line(assessment):
    """'held: 4 links; first comment by this author; spam score 0.81' — what the checks concluded."""
    if assessment is None:
        return ""
    parts = [str(r) for r in assessment.reasons or []]
    parts.append(f"spam score {assessment.spam_score:.2f}")
    return f"{assessment.verdict}: " + "; ".join(parts)


def normalise_signal(signal):
    """A check's signal as stored by the pipeline, read defensively: name, score, verdict, reasons."""
    if not isinstance(signal, dict):
        return {"name": str(signal), "score": None, "verdict": "", "reasons": []}
    reasons = signal.get("reasons") or []
    if isinstance(reasons, str):
        reasons = [reasons]
    value = signal.get("score")
    return {
        "name": signal.get("name") or signal.get("check") or "check",
        "score": value if isinstance(value, int | float) else None,
        "verdict": signal.get("verdict") or "",
        "reasons": [str(r) for r in reasons],
    }
