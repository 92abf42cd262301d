"""A moderator, in a real browser: logs in, opens Held, publishes one comment and bans one author;
the published comment then shows on the article page."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from comments.models import Comment
from moderation.models import Ban
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password"


def moderators_group():
    """The group the data migration creates (re-made here: transactional tests flush data between tests)."""
    migration = importlib.import_module("moderation.migrations.0011_moderators_read_appeals")
    group, _ = Group.objects.get_or_create(name=migration.MODERATORS_GROUP)
    for app_label, codename in migration.PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def test_a_moderator_publishes_one_held_comment_and_bans_another_author(page):
    moderator = make_user("desk", password=PASSWORD, is_staff=True)
    moderator.groups.add(moderators_group())
    article = make_article(headline="Night buses return to the old town")
    fair = make_comment(
        article,
        status=Comment.Status.HELD,
        author_name="Fair Critic",
        body="The timetable still skips the hospital stop.",
        body_html="<p>The timetable still skips the hospital stop.</p>",
    )
    troll = make_comment(
        article,
        status=Comment.Status.HELD,
        author_name="Loud Troll",
        author_email="troll@example.org",
        body="Everyone here is an idiot.",
        body_html="<p>Everyone here is an idiot.</p>",
    )

    page.goto("/admin/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Held comments").click()
    expect(page.locator(".mod-queues a.current")).to_contain_text("Held")
    expect(page.locator("#result_list")).to_contain_text("The timetable still skips the hospital stop.")

    page.locator(f"input[name=_selected_action][value='{fair.pk}']").check()
    page.select_option("select[name=action]", "approve_selected")
    page.fill("input[name=reason]", "fair point")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 comment published")

    page.locator(f"input[name=_selected_action][value='{troll.pk}']").check()
    page.select_option("select[name=action]", "ban_authors")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 author identity banned")
    expect(page.locator("#result_list")).to_have_count(0)  # the Held queue is empty now
    assert Ban.objects.filter(kind=Ban.Kind.EMAIL, value="troll@example.org").exists()

    page.goto(article.get_absolute_url())
    comments = page.locator("#comments")
    expect(comments).to_contain_text("The timetable still skips the hospital stop.")
    expect(comments).not_to_contain_text("Everyone here is an idiot.")
