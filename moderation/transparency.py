"""The transparency report: what the desk received and decided in a period, on which grounds, and how fast.

`manage.py moderation_report` and the admin page both print `build(since, until)`. Every figure comes
from aggregate queries grouped by section, so the number of queries depends on the figures asked for,
never on how many comments there were (tests/moderation/test_transparency.py asserts it). The one
figure that cannot be summed in SQL, the ground of an automatic decision (read from what the checks
found, as the author's statement of reasons reads it), is read in one streamed query.

Definitions (the README's "Transparency report" says the same):
- received: comments posted in the period;
- decisions: status changes made in the period, by outcome (the status they gave), automatic (no
  moderator) or human; those against a comment (held, rejected, spam, removed) also by ground
  (`GROUP_OF`: a moderator's decision is on the ground "moderator");
- reports: readers' reports made in the period; acted on: those whose comment a moderator then
  rejected, filed as spam or removed;
- appeals: appeals filed in the period, and what became of them (upheld, reversed, waiting);
- time to a human decision: from posting to the first decision a moderator made on the comment,
  for comments whose first human decision fell in the period (median and 90th percentile).
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from comments.models import Comment, Report

from .dashboard import duration
from .models import Appeal, Decision
from .statements import grounds_of

Status = Comment.Status
OUTCOMES = (Status.PUBLISHED, Status.HELD, Status.REJECTED, Status.SPAM, Status.REMOVED)
TAKEN_DOWN = (Status.REJECTED, Status.SPAM, Status.REMOVED)
# The report's groups of the statement of reasons' grounds (moderation.statements.GROUNDS).
GROUP_OF = {
    "moderator": "moderator",
    "site_rules": "rule",
    "spam": "classifier",
    "abuse": "toxicity",
    "staff_abuse": "toxicity",
    "reports": "reports",
    "links": "links and floods",
    "repeats": "links and floods",
    "bursts": "links and floods",
    "history": "author trust",
    "banned": "author trust",
    "first_comment": "author trust",
    "premoderated": "article mode",
    "closed": "article mode",
    "check_failed": "check unfinished",
    "erased": "erasure on request",
}
GROUNDS = tuple(dict.fromkeys(GROUP_OF.values()))
PERCENTILES = (("median", 0.5), ("p90", 0.9))
ALL_SECTIONS = "All sections"


@dataclass
class Figures:
    """One row of the report: a section's figures, or the whole site's."""

    section: str
    received: int = 0
    decisions: int = 0
    automated: int = 0
    human: int = 0
    by_outcome: dict = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    by_ground: dict = field(default_factory=lambda: dict.fromkeys(GROUNDS, 0))
    reports: int = 0
    reports_acted_on: int = 0
    appeals: int = 0
    appeals_upheld: int = 0
    appeals_reversed: int = 0
    appeals_waiting: int = 0
    human_decided: int = 0
    time_to_human: dict = field(default_factory=lambda: dict.fromkeys(name for name, _ in PERCENTILES))

    @property
    def outcome_counts(self):
        return [self.by_outcome[status] for status in OUTCOMES]

    @property
    def ground_counts(self):
        return [self.by_ground[ground] for ground in GROUNDS]

    @property
    def shown_waits(self):
        """The median and p90 waits as people read them ('3 h 51 min'), '–' where no moderator decided."""
        return [
            "–" if wait is None else duration(round(wait.total_seconds() / 60)) for wait in self.time_to_human.values()
        ]

    def as_dict(self):
        return {
            "section": self.section,
            "received": self.received,
            "decisions": {
                "total": self.decisions,
                "automated": self.automated,
                "human": self.human,
                "by_outcome": dict(self.by_outcome),
                "by_ground": dict(self.by_ground),
            },
            "reports": {"received": self.reports, "acted_on": self.reports_acted_on},
            "appeals": {
                "filed": self.appeals,
                "upheld": self.appeals_upheld,
                "reversed": self.appeals_reversed,
                "waiting": self.appeals_waiting,
            },
            "time_to_human_decision_seconds": {
                "comments": self.human_decided,
                **{name: seconds(value) for name, value in self.time_to_human.items()},
            },
        }


@dataclass
class TransparencyReport:
    since: datetime.date
    until: datetime.date  # the last day included
    total: Figures
    sections: list

    def as_dict(self):
        return {
            "period": {"since": self.since.isoformat(), "until": self.until.isoformat()},
            "total": self.total.as_dict(),
            "sections": [row.as_dict() for row in self.sections],
        }


def seconds(value):
    return None if value is None else round(value.total_seconds())


def period_bounds(since, until):
    """The period's first and last day, in the site's time zone, as the half-open range [since 00:00, until+1 00:00)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    return start, end


def build(since, until):
    if until < since:
        raise ValueError("the period ends before it starts")
    start, end = period_bounds(since, until)
    rows = {}

    def row(section):
        section = section or "No section"
        if section not in rows:
            rows[section] = Figures(section)
        return rows[section]

    _received(start, end, row)
    _decisions(start, end, row)
    _grounds(start, end, row)
    _reports(start, end, row)
    _appeals(start, end, row)
    total = _sum(rows.values())
    sections = sorted(rows.values(), key=lambda figures: figures.section)
    _time_to_human(start, end, total, sections)
    return TransparencyReport(since, until, total, sections)


SECTION = "article__section__name"


def _received(start, end, row):
    for line in (
        Comment.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(SECTION)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(line[SECTION]).received = line["n"]


def _decisions(start, end, row):
    section = f"comment__{SECTION}"
    counts = {"n": Count("pk"), "automated": Count("pk", filter=Q(actor__isnull=True))}
    counts |= {status: Count("pk", filter=Q(to_status=status)) for status in OUTCOMES}
    for line in _decided_in(start, end).values(section).annotate(**counts).order_by():
        figures = row(line[section])
        figures.decisions, figures.automated = line["n"], line["automated"]
        figures.human = line["n"] - line["automated"]
        figures.by_outcome = {status: line[status] for status in OUTCOMES}


def _decided_in(start, end):
    return Decision.objects.moderation_decisions().filter(created_at__gte=start, created_at__lt=end)


def _grounds(start, end, row):
    """Decisions against a comment by first ground, as their statements of reasons read them (one streamed query)."""
    decisions = (
        _decided_in(start, end)
        .exclude(to_status=Status.PUBLISHED)
        .select_related("comment__assessment", "comment__article__section")
        .only(
            "action",
            "actor_id",
            "reasons",
            "to_status",
            "comment__id",
            "comment__assessment__signals",
            "comment__article__section__name",
        )
    )
    for decision in decisions.iterator(chunk_size=500):
        grounds, _ = grounds_of(decision, decision.comment)
        ground = GROUP_OF.get(grounds[0].key, "rule") if grounds else "rule"
        row(decision.comment.article.section.name).by_ground[ground] += 1


def _reports(start, end, row):
    section = f"comment__{SECTION}"
    taken_down = Decision.objects.filter(
        comment=OuterRef("comment"),
        actor__isnull=False,
        to_status__in=TAKEN_DOWN,
        created_at__gte=OuterRef("created_at"),
    )
    lines = (
        Report.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(section)
        .annotate(n=Count("pk"), acted_on=Count("pk", filter=Q(Exists(taken_down))))
        .order_by()
    )
    for line in lines:
        figures = row(line[section])
        figures.reports, figures.reports_acted_on = line["n"], line["acted_on"]


def _appeals(start, end, row):
    section = f"comment__{SECTION}"
    lines = (
        Appeal.objects.filter(created_at__gte=start, created_at__lt=end)
        .values(section)
        .annotate(
            n=Count("pk"),
            upheld=Count("pk", filter=Q(outcome=Appeal.Outcome.UPHELD)),
            reversed=Count("pk", filter=Q(outcome=Appeal.Outcome.REVERSED)),
            waiting=Count("pk", filter=Q(status=Appeal.Status.PENDING)),
        )
        .order_by()
    )
    for line in lines:
        figures = row(line[section])
        figures.appeals, figures.appeals_upheld = line["n"], line["upheld"]
        figures.appeals_reversed, figures.appeals_waiting = line["reversed"], line["waiting"]


def _sum(rows):
    total = Figures(ALL_SECTIONS)
    for figures in rows:
        for name in ("received", "decisions", "automated", "human", "reports", "reports_acted_on"):
            setattr(total, name, getattr(total, name) + getattr(figures, name))
        for name in ("appeals", "appeals_upheld", "appeals_reversed", "appeals_waiting"):
            setattr(total, name, getattr(total, name) + getattr(figures, name))
        for status, n in figures.by_outcome.items():
            total.by_outcome[status] += n
        for ground, n in figures.by_ground.items():
            total.by_ground[ground] += n
    return total


def _first_human_decisions(start, end):
    earlier = Decision.objects.moderation_decisions().filter(
        comment=OuterRef("comment"), actor__isnull=False, created_at__lt=start
    )
    earlier_same_period = Decision.objects.moderation_decisions().filter(
        comment=OuterRef("comment"), actor__isnull=False, created_at__gte=start, pk__lt=OuterRef("pk")
    )
    return (
        _decided_in(start, end)
        .filter(actor__isnull=False)
        .exclude(Exists(earlier))
        .exclude(Exists(earlier_same_period))
        .annotate(wait=ExpressionWrapper(F("created_at") - F("comment__created_at"), output_field=DurationField()))
    )


def _time_to_human(start, end, total, sections):
    """Median and p90 waits: count the waits, then read the one at each rank (one query per figure)."""
    first = _first_human_decisions(start, end)
    section = f"comment__{SECTION}"
    counts = dict(first.values_list(section).annotate(n=Count("pk")).order_by())
    for figures in [total, *sections]:
        waits = first if figures is total else first.filter(**{section: figures.section})
        figures.human_decided = sum(counts.values()) if figures is total else counts.get(figures.section, 0)
        for name, fraction in PERCENTILES:
            figures.time_to_human[name] = _at_rank(waits, figures.human_decided, fraction)


def _at_rank(waits, n, fraction):
    """The nearest-rank percentile: the wait at rank ceil(n × fraction) of the n waits in order."""
    if not n:
        return None
    rank = max(1, math.ceil(n * fraction)) - 1
    return waits.order_by("wait", "pk").values_list("wait", flat=True)[rank : rank + 1].get()


CSV_COLUMNS = (
    ["section", "received", "decisions", "automated", "human"]
    + [f"outcome_{status}" for status in OUTCOMES]
    + [f"ground_{ground.replace(' ', '_')}" for ground in GROUNDS]
    + ["reports", "reports_acted_on", "appeals", "appeals_upheld", "appeals_reversed", "appeals_waiting"]
    + ["human_decided", "time_to_human_median_seconds", "time_to_human_p90_seconds"]
)


def csv_rows(report):
    """The header, one row per section, then the whole site's row (`ALL_SECTIONS`)."""
    yield CSV_COLUMNS
    for figures in [*report.sections, report.total]:
        yield (
            [figures.section, figures.received, figures.decisions, figures.automated, figures.human]
            + [figures.by_outcome[status] for status in OUTCOMES]
            + [figures.by_ground[ground] for ground in GROUNDS]
            + [figures.reports, figures.reports_acted_on, figures.appeals, figures.appeals_upheld]
            + [figures.appeals_reversed, figures.appeals_waiting, figures.human_decided]
            + [seconds(figures.time_to_human[name]) for name, _ in PERCENTILES]
        )


def context(report):
    """What the report's templates (the admin page, the standalone HTML) print."""
    return {
        "report": report,
        "rows": [*report.sections, report.total],
        "outcomes": [(status, Status(status).label) for status in OUTCOMES],
        "grounds": GROUNDS,
    }
