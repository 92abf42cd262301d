"""The demo newsroom's desk: the moderators' shifts, two sections' off-shift policies, and the staff list.

Weekdays 07:00–22:00 and weekends 09:00–18:00 in the site's time zone; outside them Politics pre-moderates new
comments and Sport closes comments on stories published in the last six hours (`moderation.off_shift`). The staff
list is the stories' writers, as their bylines name them. Added once: what an editor changed since is left alone.
"""

from datetime import time

from moderation.models import OffShiftPolicy, Shift
from newsite.models import Section, StaffMember

from .stories import STORIES

WEEKDAY_HOURS, WEEKEND_HOURS = (time(7), time(22)), (time(9), time(18))
POLICIES = {
    "politics": {"action": OffShiftPolicy.Action.PREMODERATE},
    "sport": {"action": OffShiftPolicy.Action.CLOSE_RECENT, "recent_hours": 6},
}
TITLES = ("Dr ",)


def writers():
    """ "Dr Priya Lind, science editor" -> "Priya Lind": the name before the role."""
    names = []
    for story in STORIES:
        name = story["byline"].split(",")[0].strip()
        for title in TITLES:
            name = name.removeprefix(title)
        names.append(name)
    return list(dict.fromkeys(names))


def create_desk():
    if not Shift.objects.exists():
        Shift.objects.bulk_create(
            Shift(weekday=day, starts_at=hours[0], ends_at=hours[1])
            for day in range(7)
            for hours in [WEEKDAY_HOURS if day < 5 else WEEKEND_HOURS]
        )
    for slug, policy in POLICIES.items():
        section = Section.objects.filter(slug=slug).first()
        if section is not None:
            OffShiftPolicy.objects.get_or_create(section=section, defaults=policy)
    for name in writers():
        StaffMember.objects.get_or_create(name=name)
