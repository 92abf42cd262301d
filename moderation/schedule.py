"""When the moderation desk is staffed: the weekly shifts and the holidays, read in the site's time zone.

A shift is wall-clock hours on a weekday (22:00 to 06:00 runs into the next day); a holiday takes a whole local day
off the desk, cutting a shift that runs into it. Wall-clock times are turned into instants day by day with zoneinfo,
so a shift keeps its hours across a change of the clocks (00:00 to 07:00 lasts six hours on the night the clocks go
forward), and every instant is compared in UTC: two local times on one zone compare by their wall clock, which is
wrong for the hour that happens twice when the clocks go back.

Without any shift there is no schedule at all (`has_shifts`): the site never treats itself as unstaffed.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from .models import Holiday, Shift

# How far `next_change` looks: beyond a year without a shift, the desk is taken to have none planned.
HORIZON_DAYS = 370
STEP_DAYS = 14
MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class WeeklyShift:
    weekday: int
    starts_at: time
    ends_at: time


class DeskSchedule:
    def __init__(self, shifts, holidays=(), zone=None):
        self.shifts = [WeeklyShift(s.weekday, s.starts_at, s.ends_at) for s in shifts]
        self.holidays = set(holidays)
        self.zone = zone or timezone.get_default_timezone()

    @classmethod
    def from_database(cls):
        return cls(Shift.objects.all(), Holiday.objects.values_list("date", flat=True))

    @property
    def has_shifts(self):
        return bool(self.shifts)

    def staffed_periods(self, start, end):
        """The staffed periods (UTC start, UTC end) that overlap [start, end), merged, in order.

        Shifts are laid out from two days before `start` to two days after `end`: a shift lasts at most a day, so
        every start or end of a period that falls within [start, end] is real. Outside it, a period may be cut short
        where the days laid out end.
        """
        start, end = _utc(start), _utc(end)
        day, last_day = start.astimezone(self.zone).date() - MARGIN, end.astimezone(self.zone).date() + MARGIN
        periods = []
        while day <= last_day:
            for shift in self.shifts:
                if shift.weekday == day.weekday():
                    periods += self._without_holidays(*self._instants(day, shift))
            day += timedelta(days=1)
        return [(s, e) for s, e in _merged(periods) if s < end and e > start]

    def is_staffed(self, at):
        at = _utc(at)
        return any(s <= at < e for s, e in self.staffed_periods(at, at + timedelta(seconds=1)))

    def next_change(self, at):
        """The first instant after `at` at which the desk comes on or goes off shift; None with none in a year."""
        at = _utc(at)
        for offset in range(0, HORIZON_DAYS, STEP_DAYS):
            window = (at + timedelta(days=offset), at + timedelta(days=offset + STEP_DAYS))
            for boundary in _boundaries(self.staffed_periods(*window)):
                if boundary > at and window[0] <= boundary <= window[1]:
                    return boundary
        return None

    def last_change(self, at):
        """The latest instant up to `at` at which the desk came on or went off shift; None with none in a year."""
        at = _utc(at)
        for offset in range(0, HORIZON_DAYS, STEP_DAYS):
            window = (at - timedelta(days=offset + STEP_DAYS), at - timedelta(days=offset))
            for boundary in reversed(_boundaries(self.staffed_periods(window[0], window[1] + timedelta(seconds=1)))):
                if window[0] <= boundary <= window[1]:
                    return boundary
        return None

    def _instants(self, day, shift):
        starts = datetime.combine(day, shift.starts_at, tzinfo=self.zone)
        ends_on = day + timedelta(days=1) if shift.ends_at <= shift.starts_at else day
        ends = datetime.combine(ends_on, shift.ends_at, tzinfo=self.zone)
        return _utc(starts), _utc(ends)

    def _without_holidays(self, starts, ends):
        """The parts of [starts, ends) outside holidays (a shift spans at most two local days)."""
        pieces = [(starts, ends)]
        for day in {starts.astimezone(self.zone).date(), ends.astimezone(self.zone).date()} & self.holidays:
            holiday = (self._midnight(day), self._midnight(day + timedelta(days=1)))
            pieces = [part for piece in pieces for part in _minus(piece, holiday)]
        return pieces

    def _midnight(self, day):
        return _utc(datetime.combine(day, time(0), tzinfo=self.zone))


def _utc(moment):
    return moment.astimezone(UTC)


def _boundaries(periods):
    return [boundary for period in periods for boundary in period]


def _minus(piece, hole):
    (s, e), (hs, he) = piece, hole
    return [(a, b) for a, b in ((s, min(e, hs)), (max(s, he), e)) if a < b]


def _merged(periods):
    merged = []
    for s, e in sorted(periods):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
