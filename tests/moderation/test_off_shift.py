"""Outside the moderators' hours each section does what its policy says, and gets its modes back at the next shift."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import cache as comment_cache
from moderation import off_shift, tasks
from moderation.models import OffShiftPolicy, Shift
from newsite import comment_modes
from newsite.models import Article, CommentModeChange
from tests.factories import make_article, make_section, make_user

Mode = Article.CommentMode
Action = OffShiftPolicy.Action


@pytest.fixture(autouse=True)
def _london(settings):
    settings.TIME_ZONE = "Europe/London"


def shift_around(starts_in_hours, ends_in_hours):
    """A weekly shift from `starts_in_hours` to `ends_in_hours` from now (negative: ago), at most a day long."""
    now = timezone.now()
    starts = timezone.localtime(now + timedelta(hours=starts_in_hours))
    ends = timezone.localtime(now + timedelta(hours=ends_in_hours))
    return Shift.objects.create(weekday=starts.weekday(), starts_at=starts.time(), ends_at=ends.time())


def off_shift_for_an_hour():
    """The desk went off shift an hour ago (and is back next week)."""
    Shift.objects.all().delete()
    return shift_around(-3, -1)


def on_shift():
    Shift.objects.all().delete()
    return shift_around(-1, 1)


def reload(*articles):
    return [Article.objects.get(pk=article.pk) for article in articles]


@pytest.fixture
def politics(db):
    section = make_section(name="Politics", slug="politics")
    OffShiftPolicy.objects.create(section=section, action=Action.PREMODERATE)
    return section


def test_off_shift_the_open_articles_of_a_premoderating_section_are_premoderated_until_the_next_shift(
    politics, django_capture_on_commit_callbacks
):
    shift = off_shift_for_an_hour()
    story = make_article(section=politics)
    closed = make_article(section=politics, comment_mode=Mode.CLOSED)
    elsewhere = make_article()  # a section without a policy
    before = comment_cache.article_version(story.pk)

    with django_capture_on_commit_callbacks(execute=True):
        run = off_shift.apply()

    story, closed, elsewhere = reload(story, closed, elsewhere)
    assert run.summary == {"staffed": False, "switched": 1, "given_back": 0}
    assert (story.comment_mode, story.mode_before_schedule) == (Mode.PREMODERATED, Mode.OPEN)
    next_shift = timezone.localtime(story.scheduled_mode_until)
    assert (next_shift.weekday(), next_shift.time()) == (shift.weekday, shift.starts_at)
    assert story.scheduled_mode_until > timezone.now() + timedelta(days=6)
    assert closed.comment_mode == Mode.CLOSED and not closed.mode_before_schedule
    assert elsewhere.comment_mode == Mode.OPEN
    [change] = CommentModeChange.objects.all()
    assert (change.article_id, change.actor, change.from_mode, change.to_mode) == (
        story.pk,
        None,
        "open",
        "premoderated",
    )
    assert change.reason == "off shift: the section's policy is to pre-moderate new comments"
    assert comment_cache.article_version(story.pk) > before  # its page and comment list are built again

    assert off_shift.apply().summary["switched"] == 0  # a second run changes nothing and audits nothing
    assert CommentModeChange.objects.count() == 1


def test_at_the_next_shift_the_schedule_gives_back_the_mode_it_found(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    off_shift.apply()
    on_shift()

    run = off_shift.apply()

    [story] = reload(story)
    assert run.summary == {"staffed": True, "switched": 0, "given_back": 1}
    assert (story.comment_mode, story.mode_before_schedule, story.scheduled_mode_until) == (Mode.OPEN, "", None)
    given_back = CommentModeChange.objects.first()
    assert (given_back.actor, given_back.from_mode, given_back.to_mode) == (None, "premoderated", "open")
    assert given_back.reason == "the moderators' shift began"


def test_a_closing_section_closes_only_articles_published_in_its_last_hours(db):
    section = make_section()
    OffShiftPolicy.objects.create(section=section, action=Action.CLOSE_RECENT, recent_hours=6)
    off_shift_for_an_hour()
    fresh = make_article(section=section, published_at=timezone.now() - timedelta(hours=2))
    older = make_article(section=section, published_at=timezone.now() - timedelta(hours=7))
    future = make_article(section=section, published_at=timezone.now() + timedelta(hours=1))

    off_shift.apply()

    fresh, older, future = reload(fresh, older, future)
    assert (fresh.comment_mode, older.comment_mode, future.comment_mode) == (Mode.CLOSED, Mode.OPEN, Mode.OPEN)


def test_a_section_whose_policy_is_nothing_keeps_its_modes(db):
    section = make_section()
    OffShiftPolicy.objects.create(section=section, action=Action.NOTHING)
    off_shift_for_an_hour()
    story = make_article(section=section)
    assert off_shift.apply().summary["switched"] == 0
    assert reload(story)[0].comment_mode == Mode.OPEN


def test_an_article_a_moderator_opens_while_the_desk_is_off_shift_stays_open_for_the_rest_of_it(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    off_shift.apply()
    moderator = make_user("nightowl", is_staff=True)
    comment_modes.set_by_hand(Article.objects.filter(pk=story.pk), Mode.OPEN, actor=moderator)

    off_shift.apply()

    [story] = reload(story)
    assert (story.comment_mode, story.mode_before_schedule, story.comment_mode_set_by) == (Mode.OPEN, "", moderator)
    assert [change.actor for change in CommentModeChange.objects.all()] == [moderator, None]


def test_an_article_opened_by_hand_before_the_desk_went_off_shift_is_switched_like_the_others(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    Article.objects.filter(pk=story.pk).update(comment_mode_set_at=timezone.now() - timedelta(hours=2))
    off_shift.apply()
    assert reload(story)[0].comment_mode == Mode.PREMODERATED


def test_a_mode_a_moderator_set_by_hand_is_neither_switched_nor_undone_at_the_next_shift(db):
    section = make_section()
    OffShiftPolicy.objects.create(section=section, action=Action.CLOSE_RECENT, recent_hours=24)
    story = make_article(section=section)
    moderator = make_user("daydesk", is_staff=True)
    comment_modes.set_by_hand(Article.objects.filter(pk=story.pk), Mode.PREMODERATED, actor=moderator)
    Article.objects.filter(pk=story.pk).update(comment_mode_set_at=timezone.now() - timedelta(hours=5))

    off_shift_for_an_hour()
    off_shift.apply()
    assert reload(story)[0].comment_mode == Mode.PREMODERATED  # not closed: the schedule switches open articles only
    on_shift()
    off_shift.apply()
    assert reload(story)[0].comment_mode == Mode.PREMODERATED  # nor opened: it gives back only its own switches


def test_a_moderator_who_sets_the_mode_the_schedule_chose_keeps_it_after_the_shift_begins(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    off_shift.apply()
    comment_modes.set_by_hand(Article.objects.filter(pk=story.pk), Mode.PREMODERATED, actor=make_user("keeper"))
    on_shift()
    off_shift.apply()
    assert reload(story)[0].comment_mode == Mode.PREMODERATED


def test_an_article_switched_under_a_policy_since_changed_is_given_back_at_the_next_run(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    off_shift.apply()
    OffShiftPolicy.objects.filter(section=politics).update(action=Action.NOTHING)

    run = off_shift.apply()

    assert run.summary["given_back"] == 1
    assert reload(story)[0].comment_mode == Mode.OPEN
    assert CommentModeChange.objects.first().reason == "the section's off-shift policy changed"


def test_without_any_shift_nothing_is_switched_and_earlier_switches_are_given_back(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    off_shift.apply()
    Shift.objects.all().delete()

    run = off_shift.apply()

    assert run.summary == {"staffed": False, "switched": 0, "given_back": 1}
    assert reload(story)[0].comment_mode == Mode.OPEN
    assert CommentModeChange.objects.first().reason == "the moderators' schedule has no shifts"


def test_the_banner_says_when_the_desk_is_back_after_the_shifts_are_edited(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    off_shift.apply()
    sooner = shift_around(2, 4)

    off_shift.apply()

    [story] = reload(story)
    assert timezone.localtime(story.scheduled_mode_until).time() == sooner.starts_at
    assert story.schedule_notice == f"Comments are reviewed before publication until {sooner.starts_at:%H:%M}."


def test_the_beat_task_applies_the_schedule(politics):
    off_shift_for_an_hour()
    story = make_article(section=politics)
    assert tasks.apply_moderation_schedule() == {"staffed": False, "switched": 1, "given_back": 0}
    assert reload(story)[0].comment_mode == Mode.PREMODERATED
