"""A reader rates the article in a real browser and sees the score change without a reload."""

import pytest
from playwright.sync_api import expect

from newsite.models import ArticleRating
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_rates_the_article_and_sees_the_score_change(page):
    article = make_article(headline="Harbour ferries return")
    page.goto(article.get_absolute_url())
    score = page.locator("[data-rating-score]")
    expect(score).to_have_text("No votes yet")

    page.evaluate("window.notReloaded = true")
    page.locator("label[for=rating-4]").click()  # the fourth star

    expect(score).to_have_text("4.0 out of 5 from 1 vote")
    expect(page.locator("[data-rating-status]")).to_contain_text("your rating of 4 out of 5 is saved")
    assert page.evaluate("window.notReloaded") is True  # updated in place, no page load

    # Changing the vote replaces it; the count stays at one reader.
    page.locator("label[for=rating-2]").click()
    expect(score).to_have_text("2.0 out of 5 from 1 vote")
    assert ArticleRating.objects.get(article=article).value == 2


def test_a_keyboard_user_chooses_stars_with_the_arrow_keys_and_confirms_with_the_button(page):
    article = make_article()
    page.goto(article.get_absolute_url())
    page.locator("#rating-1").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#rating-3")).to_be_checked()
    assert not ArticleRating.objects.exists()  # moving along the stars does not vote yet

    page.get_by_role("button", name="Rate").click()
    expect(page.locator("[data-rating-score]")).to_have_text("3.0 out of 5 from 1 vote")


def test_without_javascript_the_form_posts_and_the_page_comes_back_with_the_score(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        article = make_article()
        page.goto(article.get_absolute_url())
        page.locator("label[for=rating-5]").click()
        page.get_by_role("button", name="Rate").click()
        expect(page.locator("[data-rating-score]")).to_have_text("5.0 out of 5 from 1 vote")
        expect(page.locator(".messages")).to_contain_text("your rating of 5 out of 5 is saved")
        expect(page.locator("#rating-5")).to_be_checked()
    finally:
        context.close()
