"""When the desk is staffed: weekly shifts in wall-clock time, across midnight, holidays and clock changes."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from moderation.models import Shift
from moderation.schedule import DeskSchedule

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
MONDAY, SATURDAY, SUNDAY = Shift.Weekday.MONDAY, Shift.Weekday.SATURDAY, Shift.Weekday.SUNDAY


def shift(weekday, starts, ends):
    return Shift(weekday=weekday, starts_at=time(*starts), ends_at=time(*ends))


def london(*parts, fold=0):
    return datetime(*parts, tzinfo=LONDON, fold=fold)


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def test_a_shift_that_ends_at_or_before_its_start_runs_past_midnight_into_the_next_day():
    night = DeskSchedule([shift(MONDAY, (22, 0), (2, 0))], zone=LONDON)  # Monday 2 June 2025, summer time
    assert not night.is_staffed(london(2025, 6, 2, 21, 59))
    assert night.is_staffed(london(2025, 6, 2, 22, 0))
    assert night.is_staffed(london(2025, 6, 3, 1, 59))
    assert not night.is_staffed(london(2025, 6, 3, 2, 0))
    assert night.next_change(london(2025, 6, 2, 23, 0)) == london(2025, 6, 3, 2, 0)
    assert night.last_change(london(2025, 6, 3, 1, 0)) == london(2025, 6, 2, 22, 0)
    assert night.next_change(london(2025, 6, 3, 2, 0)) == london(2025, 6, 9, 22, 0)  # a week later


def test_back_to_back_shifts_are_one_staffed_period_with_no_change_between_them():
    days = DeskSchedule([shift(MONDAY, (7, 0), (15, 0)), shift(MONDAY, (15, 0), (23, 0))], zone=LONDON)
    assert days.next_change(london(2025, 6, 2, 8, 0)) == london(2025, 6, 2, 23, 0)
    assert days.last_change(london(2025, 6, 2, 22, 0)) == london(2025, 6, 2, 7, 0)


def test_a_shift_keeps_its_wall_clock_hours_on_the_night_the_clocks_go_forward():
    # Sunday 30 March 2025: at 01:00 GMT the clocks in London go to 02:00 BST; 00:00 to 07:00 is six hours.
    early = DeskSchedule([shift(SUNDAY, (0, 0), (7, 0))], zone=LONDON)
    assert early.is_staffed(utc(2025, 3, 30, 0, 0))
    assert early.is_staffed(utc(2025, 3, 30, 5, 59))
    assert not early.is_staffed(utc(2025, 3, 30, 6, 0))  # 07:00 BST
    assert early.next_change(utc(2025, 3, 30, 3, 0)) == utc(2025, 3, 30, 6, 0)
    [(starts, ends)] = early.staffed_periods(utc(2025, 3, 30, 0, 0), utc(2025, 3, 30, 12, 0))
    assert (ends - starts).total_seconds() == 6 * 3600


def test_a_shift_keeps_its_wall_clock_hours_on_the_night_the_clocks_go_back():
    # Sunday 26 October 2025: at 02:00 BST the clocks go back to 01:00 GMT; 00:00 to 07:00 is eight hours.
    early = DeskSchedule([shift(SUNDAY, (0, 0), (7, 0))], zone=LONDON)
    assert not early.is_staffed(utc(2025, 10, 25, 22, 59))
    assert early.is_staffed(utc(2025, 10, 25, 23, 0))  # 00:00 BST
    assert early.is_staffed(london(2025, 10, 26, 1, 30, fold=1))  # the second 01:30, in GMT
    assert early.is_staffed(utc(2025, 10, 26, 6, 59))
    assert not early.is_staffed(utc(2025, 10, 26, 7, 0))  # 07:00 GMT
    [(starts, ends)] = early.staffed_periods(utc(2025, 10, 25, 20, 0), utc(2025, 10, 26, 12, 0))
    assert (ends - starts).total_seconds() == 8 * 3600


def test_a_night_shift_across_the_change_of_the_clocks_ends_at_its_wall_clock_time():
    night = DeskSchedule([shift(SATURDAY, (22, 0), (6, 0))], zone=LONDON)
    assert night.next_change(london(2025, 10, 25, 23, 0)) == utc(2025, 10, 26, 6, 0)  # 06:00 GMT
    assert night.next_change(london(2025, 3, 29, 23, 0)) == utc(2025, 3, 30, 5, 0)  # 06:00 BST


def test_a_holiday_takes_the_whole_local_day_off_the_desk_and_cuts_a_shift_that_runs_into_it():
    night = DeskSchedule(
        [shift(SUNDAY, (20, 0), (2, 0)), shift(MONDAY, (9, 0), (17, 0))], holidays=[date(2025, 8, 25)], zone=LONDON
    )  # Monday 25 August 2025: a bank holiday
    assert night.is_staffed(london(2025, 8, 24, 23, 59))
    assert not night.is_staffed(london(2025, 8, 25, 0, 30))
    assert not night.is_staffed(london(2025, 8, 25, 10, 0))
    assert night.next_change(london(2025, 8, 24, 21, 0)) == london(2025, 8, 25, 0, 0)
    assert night.next_change(london(2025, 8, 25, 0, 0)) == london(2025, 8, 31, 20, 0)


def test_without_shifts_there_is_no_schedule_and_no_change_to_wait_for():
    empty = DeskSchedule([], zone=LONDON)
    assert not empty.has_shifts
    assert empty.next_change(london(2025, 6, 2, 12, 0)) is None
    assert empty.last_change(london(2025, 6, 2, 12, 0)) is None


def test_a_desk_staffed_round_the_clock_never_changes():
    always = DeskSchedule([shift(day, (0, 0), (0, 0)) for day in range(7)], zone=LONDON)
    assert always.is_staffed(london(2025, 10, 26, 1, 30, fold=1))
    assert always.next_change(london(2025, 6, 2, 12, 0)) is None


def test_a_shift_in_the_hour_that_happens_twice_is_staffed_the_first_time_only():
    # On 26 October 2025 01:00–02:00 happens first in BST, then again in GMT: a wall-clock comparison sees both.
    short = DeskSchedule([shift(SUNDAY, (1, 0), (1, 45))], zone=LONDON)
    assert short.is_staffed(london(2025, 10, 26, 1, 30, fold=0))
    assert not short.is_staffed(london(2025, 10, 26, 1, 30, fold=1))
