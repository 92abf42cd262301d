"""What each hold threshold would do: the table a newsroom chooses its MODERATION_HOLD_THRESHOLD from.

Given judged comments whose truth is known (a moderator's decision, or a replay's label), each
with its spam score and whether a check kept it off the page whatever the score (a rule, a flood,
abuse), every candidate threshold gives: the share published without a person, readers' comments
wrongly held, spam wrongly published, and the held comments per day a moderator would work through.
"""

from dataclasses import dataclass

DEFAULT_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.67, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Judged:
    spam_score: float
    kept_regardless: bool  # held, spam or rejected by a check that insisted
    is_spam: bool


def threshold_table(judged, thresholds=DEFAULT_THRESHOLDS, days=1.0):
    """One row per threshold: {threshold, auto_published, ham_held, spam_published, held_per_day}."""
    judged = list(judged)
    ham = sum(1 for item in judged if not item.is_spam)
    spam = len(judged) - ham
    days = max(days, 1e-9)
    rows = []
    for threshold in thresholds:
        kept = [item.kept_regardless or item.spam_score >= threshold for item in judged]
        ham_held = sum(1 for item, held in zip(judged, kept, strict=True) if held and not item.is_spam)
        spam_published = sum(1 for item, held in zip(judged, kept, strict=True) if not held and item.is_spam)
        rows.append(
            {
                "threshold": threshold,
                "auto_published": round(kept.count(False) / len(judged), 4) if judged else 0.0,
                "ham_held": round(ham_held / ham, 4) if ham else 0.0,
                "ham_held_count": ham_held,
                "spam_published": round(spam_published / spam, 4) if spam else 0.0,
                "spam_published_count": spam_published,
                "held_per_day": round(kept.count(True) / days, 1),
            }
        )
    return rows


def format_table(rows):
    header = f"{'threshold':>9} {'auto-published':>14} {'ham held':>9} {'spam published':>14} {'held/day':>9}"
    lines = [header]
    for row in rows:
        lines.append(
            f"{row['threshold']:>9.2f} {row['auto_published']:>14.1%} {row['ham_held']:>9.1%} "
            f"{row['spam_published']:>14.1%} {row['held_per_day']:>9.1f}"
        )
    return "\n".join(lines)
