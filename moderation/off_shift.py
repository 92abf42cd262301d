"""What the site does while no moderator is on shift: each section's off-shift policy, switched on and given back.

Run every minute by Celery beat (`tasks.apply_moderation_schedule`); each run makes the articles agree with the
schedule now, so a missed run, a restart or a changed policy is caught up by the next one:

- on shift (or with no shifts entered at all), every article the schedule switched gets back the mode it had;
- off shift, a section whose policy is "pre-moderate" has its open articles pre-moderated, one whose policy is
  "close" has comments closed on the open articles published in its last N hours, and an article switched under a
  policy since changed is given back first.

The schedule switches only open articles and gives back exactly the mode it found, so a mode a person chose,
pre-moderated or closed, is never undone. A person who opens an article while the desk is off shift overrules the
schedule for the rest of that off-shift period: only an article nobody set since the desk went off shift is switched.
Every switch is audited (`newsite.CommentModeChange`, no actor: the schedule).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments import cache as comment_cache
from newsite import comment_modes
from newsite.models import Article

from .models import OffShiftPolicy
from .schedule import HORIZON_DAYS, DeskSchedule

Mode = Article.CommentMode
Action = OffShiftPolicy.Action
TARGET_MODE = {Action.PREMODERATE: Mode.PREMODERATED, Action.CLOSE_RECENT: Mode.CLOSED}
SHIFT_BEGAN = "the moderators' shift began"
NO_SCHEDULE = "the moderators' schedule has no shifts"
POLICY_CHANGED = "the section's off-shift policy changed"


@dataclass
class Run:
    staffed: bool
    switched: list = field(default_factory=list)  # (article id, section id)
    given_back: list = field(default_factory=list)

    @property
    def summary(self):
        return {"staffed": self.staffed, "switched": len(self.switched), "given_back": len(self.given_back)}


def apply(now=None, schedule=None):
    """Bring every article's mode in line with the schedule at `now`; what changed, for the log."""
    now = now or timezone.now()
    schedule = schedule or DeskSchedule.from_database()
    switched = Article.objects.exclude(mode_before_schedule="")
    if not schedule.has_shifts or schedule.is_staffed(now):
        run = Run(staffed=schedule.has_shifts)
        run.given_back = comment_modes.give_back_from_schedule(
            switched, reason=SHIFT_BEGAN if schedule.has_shifts else NO_SCHEDULE
        )
        return _refreshed(run)

    run = Run(staffed=False)
    # No change of shift within the horizon: off shift for longer than anyone could have set an article since.
    off_since = schedule.last_change(now) or now - timedelta(days=HORIZON_DAYS)
    back_at = schedule.next_change(now)
    policies = list(OffShiftPolicy.objects.select_related("section"))
    run.given_back = comment_modes.give_back_from_schedule(
        switched.exclude(_still_wanted(policies)), reason=POLICY_CHANGED
    )
    for policy in policies:
        if policy.action not in TARGET_MODE:
            continue
        candidates = _eligible(policy, now, off_since)
        reason = f"off shift: the section's policy is to {policy.describe()}"
        run.switched += comment_modes.switch_by_schedule(
            candidates, TARGET_MODE[policy.action], until=back_at, reason=reason
        )
    # The shifts may have been edited since the switch: the pages say when the desk is really back.
    Article.objects.exclude(mode_before_schedule="").exclude(scheduled_mode_until=back_at).update(
        scheduled_mode_until=back_at
    )
    return _refreshed(run)


def _still_wanted(policies):
    """The switched articles whose section's policy still asks for the mode they are in."""
    wanted = Q(pk__in=[])
    for policy in policies:
        if policy.action in TARGET_MODE:
            wanted |= Q(section_id=policy.section_id, comment_mode=TARGET_MODE[policy.action])
    return wanted


def _eligible(policy, now, off_since):
    articles = (
        Article.objects.published()
        .filter(section_id=policy.section_id)
        .exclude(comments_close_at__lte=now)
        .exclude(comment_mode_set_at__gte=off_since)  # a person set it since the desk went off shift
    )
    if policy.action == Action.CLOSE_RECENT:
        articles = articles.filter(published_at__gte=now - timedelta(hours=policy.recent_hours))
    return articles


def _refreshed(run):
    """The changed articles' pages and comment lists are stale (the form, the banner): bump them once committed."""
    changed = set(run.switched) | set(run.given_back)

    def bump():
        for article_id, section_id in changed:
            comment_cache.bump_article(article_id, section_id)

    transaction.on_commit(bump)
    return run
