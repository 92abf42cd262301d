"""Only moderators (and superusers) see the queues and decide; everyone else is refused."""

import pytest
from django.urls import reverse

from comments.models import Comment
from moderation.models import Ban, Decision, Rule

from .conftest import login

Status = Comment.Status
QUEUES = ["held", "staff_abuse", "reported", "spam", "published", "rejected", "removed", "all"]
ACTIONS = ["approve_selected", "reject_selected", "spam_selected", "not_spam_selected", "remove_selected"]
ACTIONS += ["ban_authors", "ban_ips"]


def pages(comment):
    decision = Decision.objects.filter(comment=comment).first()
    rule = Rule.objects.create(kind=Rule.Kind.WORD, pattern="scam", action=Rule.Action.HOLD)
    ban = Ban.objects.create(kind=Ban.Kind.EMAIL, value="spammer@example.org")
    urls = [reverse("admin:comments_comment_changelist") + f"?queue={queue}" for queue in QUEUES]
    urls += [
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse("admin:moderation_decision_changelist"),
        reverse("admin:moderation_rule_changelist"),
        reverse("admin:moderation_rule_change", args=[rule.pk]),
        reverse("admin:moderation_ban_changelist"),
        reverse("admin:moderation_ban_change", args=[ban.pk]),
        reverse("moderation:dashboard"),
    ]
    if decision:
        urls.append(reverse("admin:moderation_decision_change", args=[decision.pk]))
    return urls


@pytest.fixture
def who(request, moderator, staff, reader, superuser):
    return {"moderator": moderator, "staff": staff, "reader": reader, "superuser": superuser, "anonymous": None}[
        request.param
    ]


def _as(client, user):
    return login(client, user) if user else client


@pytest.mark.parametrize("who", ["anonymous", "reader"], indirect=True)
def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, who, held):
    for url in pages(held):
        response = _as(client, who).get(url)
        assert response.status_code == 302, url
        assert reverse("admin:login") in response["Location"], url


@pytest.mark.parametrize("who", ["staff"], indirect=True)
def test_staff_without_the_moderation_permission_are_refused_every_page(client, who, held):
    for url in pages(held):
        assert _as(client, who).get(url).status_code == 403, url


@pytest.mark.parametrize("who", ["moderator", "superuser"], indirect=True)
def test_moderators_and_superusers_open_every_queue_and_page(client, who, held):
    for url in pages(held):
        assert _as(client, who).get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "reader", "staff"], indirect=True)
@pytest.mark.parametrize("action", ACTIONS)
def test_only_moderators_can_run_a_decision_action(client, who, held, action):
    response = _as(client, who).post(
        reverse("admin:comments_comment_changelist") + "?queue=held",
        {"action": action, "_selected_action": [held.pk], "index": 0},
    )
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert reverse("admin:login") in response["Location"]
    held.refresh_from_db()
    assert held.status == Status.HELD
    assert not Ban.objects.exists()


@pytest.mark.parametrize("who", ["moderator", "superuser"], indirect=True)
@pytest.mark.parametrize("action", ACTIONS)
def test_moderators_and_superusers_can_run_every_action(client, who, held, action):
    response = _as(client, who).post(
        reverse("admin:comments_comment_changelist") + "?queue=held",
        {"action": action, "_selected_action": [held.pk], "index": 0},
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status != Status.HELD


@pytest.mark.parametrize("who", ["anonymous", "reader", "staff"], indirect=True)
def test_only_moderators_can_press_a_decision_button(client, who, held):
    response = _as(client, who).post(
        reverse("admin:comments_comment_decide", args=[held.pk]), {"decision": "approve", "seen_status": "held"}
    )
    assert response.status_code in (302, 403)
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_staff_without_the_permission_do_not_see_moderation_on_the_admin_index(client, staff, moderator):
    assert b"Moderation dashboard" not in login(client, staff).get(reverse("admin:index")).content
    assert reverse("moderation:dashboard").encode() in login(client, moderator).get(reverse("admin:index")).content


def test_the_moderators_group_cannot_delete_comments_nor_edit_their_text(client, moderator, held):
    login(client, moderator)
    page = client.get(reverse("admin:comments_comment_change", args=[held.pk]))
    assert b'name="body"' not in page.content
    response = client.post(reverse("admin:comments_comment_delete", args=[held.pk]))
    assert response.status_code == 403


MODERATORS_NEED = {
    "comments.view_comment",
    "comments.moderate_comment",
    "comments.view_report",
    "moderation.view_decision",
    "moderation.view_assessment",
    "moderation.view_ban",
    "moderation.add_ban",
    "moderation.change_ban",
    "moderation.delete_ban",
    "moderation.view_rule",
    "moderation.add_rule",
    "moderation.change_rule",
    "moderation.delete_rule",
    "moderation.view_erasure",
    "newsite.view_article",
    "newsite.change_comment_settings",
    # The desk's schedule is the moderators' to keep; who changed an article's mode, theirs to read.
    *(
        f"moderation.{verb}_{model}"
        for model in ("shift", "holiday", "offshiftpolicy")
        for verb in ("view", "add", "change", "delete")
    ),
    "newsite.view_commentmodechange",
    "newsite.view_staffmember",  # the names the Staff abuse queue protects (the editors keep the list)
    "moderation.view_appeal",  # decided through the appeal page's buttons, never edited
}


def test_the_moderators_group_holds_exactly_what_moderation_needs(db):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Moderators")
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert held == MODERATORS_NEED


def test_a_moderator_sets_an_articles_comment_settings_but_cannot_edit_the_story(client, moderator, article):
    login(client, moderator)
    url = reverse("admin:newsite_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'name="comment_mode"' in page
    assert 'name="headline"' not in page and 'name="body"' not in page
    response = client.post(
        url,
        {
            "comment_mode": "closed",
            "comments_close_at_0": "",
            "comments_close_at_1": "",
            "headline": "Rewritten by a moderator",
            "body": "Gone.",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.comment_mode == "closed"
    assert article.headline == "Harbour flood defences approved"
    assert article.body != "Gone."
    assert client.get(reverse("admin:newsite_article_add")).status_code == 403
    assert client.post(reverse("admin:newsite_article_delete", args=[article.pk]), {"post": "yes"}).status_code == 403
