"""The moderators' schedule as moderators keep it, and who set an article's comment mode: admin and page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation import off_shift
from moderation.models import OffShiftPolicy, Shift
from newsite.models import Article, CommentModeChange
from tests.factories import make_article, make_section

from .conftest import login

Mode = Article.CommentMode


@pytest.fixture
def premoderating_section(db):
    section = make_section(name="Politics", slug="politics")
    OffShiftPolicy.objects.create(section=section, action=OffShiftPolicy.Action.PREMODERATE)
    return section


def staffed_from(starts_in_hours, ends_in_hours):
    Shift.objects.all().delete()
    starts = timezone.localtime(timezone.now() + timedelta(hours=starts_in_hours))
    ends = timezone.localtime(timezone.now() + timedelta(hours=ends_in_hours))
    return Shift.objects.create(weekday=starts.weekday(), starts_at=starts.time(), ends_at=ends.time())


def test_an_article_mode_set_from_the_console_records_the_moderator(client, moderator):
    story = make_article()
    login(client, moderator).post(
        reverse("admin:newsite_article_changelist"),
        {"action": "premoderate_comments", "_selected_action": [story.pk], "index": 0},
    )
    story.refresh_from_db()
    assert (story.comment_mode, story.comment_mode_set_by) == (Mode.PREMODERATED, moderator)
    [change] = CommentModeChange.objects.all()
    assert (change.actor, change.from_mode, change.to_mode) == (moderator, "open", "premoderated")


def test_an_article_mode_changed_in_its_form_records_who_changed_it(client, moderator):
    story = make_article()
    page = reverse("admin:newsite_article_change", args=[story.pk])
    response = login(client, moderator).post(
        page, {"comment_mode": "closed", "comments_close_at_0": "", "comments_close_at_1": ""}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.comment_mode, story.comment_mode_set_by) == (Mode.CLOSED, moderator)
    assert CommentModeChange.objects.get().to_mode == "closed"
    assert "mod, by hand" in client.get(page).content.decode()


def test_a_moderator_keeps_the_shifts_holidays_and_policies_and_sees_whether_the_desk_is_staffed(client, moderator):
    login(client, moderator)
    response = client.post(
        reverse("admin:moderation_shift_add"), {"weekday": "0", "starts_at": "22:00", "ends_at": "06:00"}
    )
    assert response.status_code == 302
    assert str(Shift.objects.get()) == "Monday 22:00–06:00"
    listing = client.get(reverse("admin:moderation_shift_changelist")).content.decode()
    assert "The moderation desk: Off shift until Monday" in listing or "On shift until Tuesday" in listing
    assert (
        client.post(reverse("admin:moderation_holiday_add"), {"date": "2025-12-25", "name": "Christmas"}).status_code
        == 302
    )
    section = make_section()
    refused = client.post(
        reverse("admin:moderation_offshiftpolicy_add"),
        {"section": section.pk, "action": "close_recent", "recent_hours": "0"},
    )
    assert "Say how many hours back an article counts as recent" in refused.content.decode()
    assert not OffShiftPolicy.objects.exists()


def test_staff_who_are_not_moderators_cannot_open_the_schedule(client, staff):
    for name in ("shift", "holiday", "offshiftpolicy"):
        assert login(client, staff).get(reverse(f"admin:moderation_{name}_changelist")).status_code == 403
    assert client.get(reverse("admin:newsite_commentmodechange_changelist")).status_code == 403


def test_the_log_of_mode_changes_tells_the_schedule_from_people(client, moderator, premoderating_section):
    staffed_from(-3, -1)
    make_article(section=premoderating_section, headline="Budget night")
    off_shift.apply()
    page = login(client, moderator).get(reverse("admin:newsite_commentmodechange_changelist") + "?by=schedule")
    html = page.content.decode()
    assert "Budget night" in html and "the schedule" in html


def test_the_article_page_says_until_when_comments_are_reviewed_and_stops_saying_it_at_the_next_shift(
    client, premoderating_section, django_capture_on_commit_callbacks
):
    story = make_article(section=premoderating_section)
    shift = staffed_from(-3, -1)
    assert "reviewed before publication" not in client.get(story.get_absolute_url()).content.decode()  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        off_shift.apply()
    html = client.get(story.get_absolute_url()).content.decode()
    until = timezone.localtime(Article.objects.get(pk=story.pk).scheduled_mode_until)
    assert f"Comments are reviewed before publication until {until:%A} {shift.starts_at:%H:%M}." in html

    staffed_from(-1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        off_shift.apply()
    assert "reviewed before publication" not in client.get(story.get_absolute_url()).content.decode()


def test_an_article_closed_off_shift_says_until_when(db):
    story = make_article(
        comment_mode=Mode.CLOSED,
        mode_before_schedule=Mode.OPEN,
        scheduled_mode_until=timezone.now() + timedelta(hours=3),
    )
    assert story.schedule_notice == f"Comments are closed until {timezone.localtime(story.scheduled_mode_until):%H:%M}."
    story.mode_before_schedule = ""
    assert story.schedule_notice == ""


def test_the_dashboard_says_whether_the_desk_is_staffed(client, moderator):
    login(client, moderator)
    assert "No shifts entered" in client.get(reverse("moderation:dashboard")).content.decode()
    shift = staffed_from(-1, 1)
    html = client.get(reverse("moderation:dashboard")).content.decode()
    ends = timezone.localtime(timezone.now() + timedelta(hours=1))
    assert f"The moderation desk: On shift until {ends:%A}" in html
    assert f"{shift.ends_at:%H:%M}." in html
