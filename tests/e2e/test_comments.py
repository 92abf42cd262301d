"""A reader in a real browser: formats a comment with the toolbar, answers the captcha, posts, reports."""

import re

from playwright.sync_api import expect

from comments.models import Comment, Report
from newsite.models import Article
from tests.factories import make_article, make_comment


def test_a_reader_makes_text_bold_answers_the_captcha_and_sees_the_comment_awaiting_moderation(page, transactional_db):
    article = make_article(comment_mode=Article.CommentMode.PREMODERATED)
    page.goto(article.get_absolute_url())
    page.get_by_label("Your name").fill("Browser Reader")
    body = page.get_by_label("Your comment", exact=True)
    body.fill("Important point about the story")
    body.evaluate("textarea => textarea.setSelectionRange(0, 9)")
    page.get_by_role("button", name="Bold").click()
    expect(body).to_have_value("[b]Important[/b] point about the story")
    expect(page.locator("[data-preview-body] strong")).to_have_text("Important")
    page.get_by_label("Please enter the code you see in the image").fill("PASSED")
    page.get_by_role("button", name="Post comment").click()

    awaiting = page.locator(".comments-awaiting")
    expect(awaiting).to_contain_text("Awaiting moderation")
    expect(awaiting.locator(".comment-body strong")).to_have_text("Important")
    comment = Comment.objects.get()
    # Not published: still waiting for the checks, or held by them (the article is pre-moderated).
    assert comment.status in {Comment.Status.SUBMITTED, Comment.Status.HELD}
    assert re.search(rf"#comment-{comment.pk}$", page.url)


def test_the_toolbar_works_from_the_keyboard(page, transactional_db):
    article = make_article()
    page.goto(article.get_absolute_url())
    body = page.get_by_label("Your comment", exact=True)
    body.fill("word")
    body.evaluate("textarea => textarea.select()")
    body.press("Control+i")
    expect(body).to_have_value("[i]word[/i]")
    body.press("Control+u")
    expect(body).to_have_value("[i][u]word[/u][/i]")
    # The toolbar buttons are ordinary buttons: focus one and press Enter. The word stays selected.
    page.get_by_role("button", name="Quote").focus()
    page.keyboard.press("Enter")
    expect(body).to_have_value("[i][u][quote]word[/quote][/u][/i]")


def test_new_code_replaces_the_captcha_image_without_losing_the_text(page, transactional_db):
    article = make_article()
    page.goto(article.get_absolute_url())
    page.get_by_label("Your comment", exact=True).fill("Still here")
    image = page.locator("[data-captcha-image]")
    before = image.get_attribute("src")
    page.get_by_role("button", name="New code").click()
    expect(image).not_to_have_attribute("src", before)
    expect(page.get_by_label("Your comment", exact=True)).to_have_value("Still here")


def test_a_reader_reports_a_comment(page, transactional_db):
    article = make_article()
    comment = make_comment(article, author_name="Loud Reader", body_html="Buy cheap watches")
    page.goto(article.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name=re.compile("^Report")).click()
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Thank you for your report")).to_be_visible()
    assert Report.objects.get().reason == "spam"
