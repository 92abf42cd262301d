"""The moderation dashboard: queue sizes, who decided what today, how comments fare, abuse aimed at the newsroom per
writer, whether the desk is staffed, and a 30-day chart (SVG)."""

import math
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.template.response import TemplateResponse
from django.utils import timezone

from comments.models import Comment

from . import calibration, policy, queues
from .admin.filters import queue_sizes
from .admin.permissions import can_moderate
from .admin.schedule import desk_now
from .checks.staff_abuse import STAFF_ABUSE_PRIORITY, StaffAbuseCheck
from .models import Appeal, Assessment, Decision

Status = Comment.Status
CHART_DAYS = 30

# The first decision on a fresh comment says how the pipeline handled it.
OUTCOMES = [
    ("auto_published", "published automatically", Q(to_status=Status.PUBLISHED, actor__isnull=True)),
    ("held", "held for a moderator", Q(to_status=Status.HELD)),
    ("spam", "spam or rejected", Q(to_status__in=[Status.SPAM, Status.REJECTED])),
]


def _first_decisions(since):
    return Decision.objects.moderation_decisions().filter(from_status=Status.SUBMITTED, created_at__gte=since)


def outcome_shares(since):
    totals = _first_decisions(since).aggregate(
        total=Count("pk"), **{key: Count("pk", filter=condition) for key, _, condition in OUTCOMES}
    )
    total = totals.pop("total")
    return total, [
        {"key": key, "label": label, "count": totals[key], "percent": round(100 * totals[key] / total) if total else 0}
        for key, label, _ in OUTCOMES
    ]


def median_minutes_to_decision(since):
    """Median wait from posting to a moderator's decision, over the latest decisions made by people."""
    pairs = (
        Decision.objects.moderation_decisions()
        .filter(created_at__gte=since, actor__isnull=False)
        .order_by("-created_at")
        .values_list("created_at", "comment__created_at")[: settings.MODERATION_DASHBOARD_SAMPLE]
    )
    waits = [(decided - posted).total_seconds() / 60 for decided, posted in pairs if decided and posted]
    return round(statistics.median(waits)) if waits else None


def duration(minutes):
    """'45 min', '3 h 51 min', '2 days 4 h': a wait a person reads at a glance."""
    if minutes is None:
        return None
    if minutes < 90:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {rest} min"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h"


def decisions_today(now):
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        Decision.objects.moderation_decisions()
        .filter(created_at__gte=start)
        .values("actor__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "actor__username")
    )
    return [{"who": row["actor__username"] or "system", "count": row["n"]} for row in rows]


@dataclass
class Bar:
    x: float
    y: float
    height: float
    css: str
    label: str


def daily_outcomes(since, days):
    """Per day (oldest first): the count of each first-decision outcome."""
    rows = (
        _first_decisions(since)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(**{key: Count("pk", filter=condition) for key, _, condition in OUTCOMES})
    )
    by_day = {row["day"]: row for row in rows}
    first_day = timezone.localdate(since + timedelta(days=1))
    series = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        row = by_day.get(day, {})
        series.append((day, {key: row.get(key, 0) for key, _, _ in OUTCOMES}))
    return series


def chart(series, width=720, height=220, margin=32):
    """Stacked bars, one per day, as plain numbers for the SVG template."""
    step_value = max(1, math.ceil(max([sum(counts.values()) for _, counts in series] + [1]) / 4))
    peak = step_value * 4  # four gridlines at round numbers
    plot_w, plot_h = width - 2 * margin, height - 2 * margin
    step = plot_w / max(len(series), 1)
    bars, labels = [], []
    for index, (day, counts) in enumerate(series):
        x = margin + index * step + step * 0.15
        base = height - margin
        for key, label, _ in OUTCOMES:
            h = plot_h * counts[key] / peak
            if h:
                base -= h
                bars.append(Bar(x, base, h, key, f"{day:%d %b}: {counts[key]} {label}"))
        if index % 5 == 0 or index == len(series) - 1:
            labels.append({"x": margin + index * step + step / 2, "text": f"{day:%d %b}"})
    ticks = [{"y": height - margin - plot_h * i / 4, "value": step_value * i} for i in range(5)]
    return {
        "width": width,
        "height": height,
        "margin": margin,
        "bar_width": step * 0.7,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "right": width - margin,
        "bottom": height - margin,
    }


SETTLED = [Status.PUBLISHED, Status.SPAM, Status.REJECTED, Status.REMOVED]  # a status that says what it was


def threshold_table(since):
    """What each hold threshold would have done to the site's recent comments (one bounded query).

    The truth is each comment's status now: a moderator's decision where one was made, else the
    pipeline's that nobody overturned: published and left standing is wanted; spam, rejected or
    removed is not. Held-per-day is over the days the sample spans (it is capped in size).
    """
    rows = list(
        Assessment.objects.filter(checked_at__gte=since, comment__status__in=SETTLED)
        .order_by("-checked_at")
        .values_list("spam_score", "signals", "comment__status", "checked_at")[: settings.MODERATION_DASHBOARD_SAMPLE]
    )
    judged = [
        calibration.Judged(
            spam_score=score,
            kept_regardless=any(signal.get("verdict") in policy.STRENGTH for signal in signals or ()),
            is_spam=status != Status.PUBLISHED,
        )
        for score, signals, status, _ in rows
    ]
    days = (rows[0][3] - rows[-1][3]).total_seconds() / 86400 if rows else CHART_DAYS
    table = calibration.threshold_table(judged, days=max(days, 1.0))
    for row in table:
        row["current"] = math.isclose(row["threshold"], settings.MODERATION_HOLD_THRESHOLD, abs_tol=0.005)
    return len(judged), table


def staff_abuse_by_name(since):
    """How many comments abused each writer or staff member by name, most first (one bounded query)."""
    rows = (
        Assessment.objects.filter(checked_at__gte=since, comment__priority=STAFF_ABUSE_PRIORITY)
        .order_by("-checked_at")
        .values_list("signals", flat=True)[: settings.MODERATION_DASHBOARD_SAMPLE]
    )
    named = Counter(
        name
        for signals in rows
        for signal in signals or ()
        if isinstance(signal, dict) and signal.get("name") == StaffAbuseCheck.name
        for name in signal.get("targets") or ()
    )
    most_first = sorted(named.items(), key=lambda item: (-item[1], item[0]))
    return [{"name": name, "count": count} for name, count in most_first]


def figures(now=None):
    now = now or timezone.now()
    since = now - timedelta(days=CHART_DAYS)
    total, shares = outcome_shares(since)
    calibrated_on, thresholds = threshold_table(since)
    oldest = queues.held().select_related("article").order_by("created_at", "id").first()
    return {
        "sizes": queue_sizes(),  # exact, not the cached counts: this page is opened to see the truth
        "oldest": oldest,
        "today": decisions_today(now),
        "shares": shares,
        "checked": total,
        "median_wait": duration(median_minutes_to_decision(since)),
        "chart": chart(daily_outcomes(since, CHART_DAYS)),
        "outcomes": [(key, label) for key, label, _ in OUTCOMES],
        "days": CHART_DAYS,
        "thresholds": thresholds,
        "calibrated_on": calibrated_on,
        "hold_threshold": settings.MODERATION_HOLD_THRESHOLD,
        "desk": desk_now(),
        "staff_abuse": staff_abuse_by_name(since),
        "appeals_waiting": Appeal.objects.filter(status=Appeal.Status.PENDING).count(),
    }


def dashboard_view(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": "Moderation dashboard", **figures()}
    return TemplateResponse(request, "admin/moderation/dashboard.html", context)
