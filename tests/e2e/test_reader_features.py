"""What readers of the best comment sections expect, in a real browser: edit your comment and see "edited",
recommend one and watch the Most recommended order change, see new comments announced without a reload,
and find a moderator's pick under Editors' picks."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from moderation import services
from tests.factories import make_article, make_comment, make_user

from .test_moderator_console import PASSWORD, moderators_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_posts_then_edits_within_the_window_and_sees_edited(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    page.get_by_label("Your name").fill("Second Thoughts")
    page.get_by_label("Your comment", exact=True).fill("The bridge opens in May.")
    page.get_by_label("Please enter the code you see in the image").fill("PASSED")
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator(".comments-awaiting")
    expect(mine).to_contain_text("The bridge opens in May.")

    mine.get_by_role("link", name="Edit").click()
    body = page.get_by_label("Your comment", exact=True)
    expect(body).to_have_value("The bridge opens in May.")
    body.fill("The bridge opens in June, not May.")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("Your comment is updated")).to_be_visible()
    expect(mine).to_contain_text("The bridge opens in June, not May.")
    expect(mine.locator(".comment-edited")).to_have_text("edited")
    assert Comment.objects.get().revisions.get().body == "The bridge opens in May."


def test_a_reader_recommends_and_the_most_recommended_order_changes(page):
    article = make_article()
    make_comment(article, author_name="Early Bird", body_html="<p>First in, nothing to add.</p>")
    make_comment(article, author_name="Sharp Eye", body_html="<p>The figures in paragraph two are wrong.</p>")
    page.goto(article.get_absolute_url() + "?order=recommended")
    cards = page.locator("ol.comment-list > li")
    expect(cards.first).to_contain_text("Early Bird")

    sharp = page.locator("li.comment", has_text="Sharp Eye")
    sharp.get_by_role("link", name=re.compile("^Recommend")).click()
    expect(sharp.locator("[data-recommend-count]")).to_have_text("1 recommended")
    expect(sharp.get_by_role("link", name=re.compile("^Recommended"))).to_have_attribute("aria-pressed", "true")

    page.reload()
    expect(cards.first).to_contain_text("Sharp Eye")
    expect(cards.first.locator("[data-recommend-count]")).to_have_text("1 recommended")


def test_an_open_page_announces_a_new_comment_without_a_reload(browser, live_server, settings):
    settings.COMMENTS_LIVE_POLL_SECONDS = 1
    article = make_article()
    make_comment(article, body_html="<p>Already here.</p>")
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article.get_absolute_url())
    banner = reader.locator("[data-live-banner]")
    expect(banner).to_be_hidden()

    arriving = make_comment(article, status=Comment.Status.SUBMITTED, body_html="<p>Just posted elsewhere.</p>")
    services.decide(arriving, Comment.Status.PUBLISHED, action="check")

    expect(banner).to_be_visible()
    expect(banner).to_contain_text("1 new comment")
    assert "Just posted elsewhere." not in reader.locator("#comment-list").inner_text()  # no reload happened
    banner.get_by_role("button", name="show").click()
    expect(reader.locator("#comment-list")).to_contain_text("Just posted elsewhere.")
    reader.context.close()


def test_a_moderator_picks_a_comment_and_readers_find_it_under_editors_picks(page, browser, live_server):
    moderator = make_user("picker", password=PASSWORD, is_staff=True)
    moderator.groups.add(moderators_group())
    article = make_article()
    chosen = make_comment(article, author_name="Careful Reader", body_html="<p>A source the story missed.</p>")
    make_comment(article, author_name="Passer-by", body_html="<p>Nice.</p>")

    page.goto("/admin/")
    page.fill("#id_username", "picker")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/comments/comment/{chosen.pk}/change/")
    page.get_by_role("button", name="Editors' pick").click()
    expect(page.locator(".messagelist")).to_contain_text("The comment is now an editors' pick.")

    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article.get_absolute_url())
    reader.get_by_role("link", name="editors' picks").click()
    picks = reader.locator("ol.comment-list > li")
    expect(picks).to_have_count(1)
    expect(picks.first).to_contain_text("A source the story missed.")
    expect(picks.first.locator(".comment-pick-badge")).to_have_text("Editors' pick")
    reader.context.close()
