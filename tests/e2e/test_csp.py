"""The Content-Security-Policy in a real browser: every page sends it, and the pages (the readers', the
admin's, the API's documentation) still work under it with nothing refused; the live preview builds
only allowed elements, whatever HTML comes back."""

import json
import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

from .test_moderator_console import PASSWORD, moderators_group

pytestmark = pytest.mark.django_db(transaction=True)


def policy_of(response):
    header = response.headers.get("content-security-policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict_policy(response):
    policy = policy_of(response)
    assert policy.get("script-src") == ["'self'"], policy
    assert "'unsafe-inline'" not in policy.get("style-src", ["'unsafe-inline'"]), policy
    assert policy.get("object-src") == ["'none'"] and policy.get("frame-ancestors") == ["'none'"]


def test_the_readers_pages_work_under_the_policy(page, csp_violations):
    article = make_article(headline="Harbour wall repaired")
    make_comment(article, author_name="Early Reader", body_html="<strong>First</strong> comment")

    assert_strict_policy(page.goto("/"))
    expect(page.get_by_role("link", name="Harbour wall repaired").first).to_be_visible()
    assert_strict_policy(page.goto(article.section.get_absolute_url()))
    assert_strict_policy(page.goto(article.get_absolute_url()))
    expect(page.locator(".comment-body strong")).to_have_text("First")
    body = page.get_by_label("Your comment", exact=True)
    body.fill("word")
    body.evaluate("textarea => textarea.select()")
    page.get_by_role("button", name="Bold").click()
    expect(page.locator("[data-preview-body] strong")).to_have_text("word")
    image = page.locator("[data-captcha-image]")
    before = image.get_attribute("src")
    page.get_by_role("button", name="New code").click()
    expect(image).not_to_have_attribute("src", before)
    for path in ("/accounts/login/", "/accounts/signup/"):
        assert_strict_policy(page.goto(path))
        expect(page.locator("form.account-form")).to_be_visible()
    assert csp_violations == []


def test_the_admin_works_under_the_policy(page, csp_violations):
    moderator = make_user("desk", password=PASSWORD, is_staff=True)
    moderator.groups.add(moderators_group())
    article = make_article(headline="Ferry timetable changes")
    held = make_comment(article, status=Comment.Status.HELD, body="Cheap tickets", body_html="Cheap tickets")

    assert_strict_policy(page.goto("/admin/"))
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Held comments")).to_be_visible()
    assert_strict_policy(page.goto("/admin/comments/comment/?queue=held"))
    expect(page.locator("#result_list")).to_contain_text("Cheap tickets")
    page.locator("#action-toggle").check()  # the admin's own script ticks every row
    expect(page.locator(f"input[name=_selected_action][value='{held.pk}']")).to_be_checked()
    page.goto(f"/admin/comments/comment/{held.pk}/change/")
    expect(page.get_by_text("Cheap tickets").first).to_be_visible()
    page.goto(f"/admin/newsite/article/{article.pk}/change/")
    page.get_by_role("link", name="Today").first.click()  # the date widget is the admin's script too
    expect(page.locator("#id_comments_close_at_0")).not_to_have_value("")
    page.goto("/moderation/dashboard/")
    expect(page.locator("svg").first).to_be_visible()
    assert csp_violations == []


def test_the_api_documentation_works_under_the_policy(page, csp_violations):
    assert_strict_policy(page.goto("/api/docs/"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Newsite comments API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    page.goto("/api/redoc/")
    expect(page.get_by_role("heading", name=re.compile("Newsite comments API"))).to_be_visible()
    assert csp_violations == []


def test_the_preview_builds_only_allowed_elements_whatever_html_comes_back(page, csp_violations):
    """Even if the server's sanitiser failed, the preview would show text, not run or load anything.

    Parsing that HTML, even inertly, may have Chromium refuse (and report) its inline handlers, the
    policy at work (whether it reports them depends on the Chromium release): expected here and only
    here, and nothing else may be reported."""
    article = make_article()
    hostile = (
        '<strong>bold</strong> <img src="/x.png" onerror="window.ran=1"> <script>window.ran=2</script>'
        '<a href="javascript:window.ran=3">bad link</a> <a href="https://example.org/" rel="nofollow">good</a>'
        '<em onclick="window.ran=4">em</em>'
    )

    def reply(route):
        allowed = {"tags": ["a", "em", "strong"], "attributes": {"a": ["href", "rel"]}, "schemes": ["http", "https"]}
        route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"html": hostile, "allowed": allowed})
        )

    page.route("**/comments/preview/", reply)
    page.goto(article.get_absolute_url())
    page.get_by_label("Your comment", exact=True).fill("anything")
    preview = page.locator("[data-preview-body]")
    expect(preview.locator("strong")).to_have_text("bold")
    assert preview.locator("img, script").count() == 0
    assert preview.locator("a", has_text="bad link").get_attribute("href") is None
    assert preview.locator("a", has_text="good").get_attribute("href") == "https://example.org/"
    assert preview.locator("em").get_attribute("onclick") is None
    page.locator("[data-preview-body] em").click()
    assert page.evaluate("window.ran") is None
    assert all("inline event handler" in v or "script-src-attr" in v for v in csp_violations), csp_violations
    csp_violations.clear()
