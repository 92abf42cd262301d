"""Bans and rules as admin models (invalid values refused with the reason), rule previews, article comment settings."""

from django.contrib.messages import get_messages
from django.urls import reverse

from comments.models import Comment
from moderation.models import Ban, Rule
from newsite.models import Article
from tests.factories import make_article, make_comment

from .conftest import login, make_held

Status = Comment.Status


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def add_ban(client, **fields):
    data = {"kind": "ip", "user": "", "value": "", "reason": "", "expires_at_0": "", "expires_at_1": ""}
    return client.post(reverse("admin:moderation_ban_add"), {**data, **fields})


def add_rule(client, **fields):
    data = {"kind": "word", "pattern": "", "action": "hold", "note": "", "is_active": "on"}
    return client.post(reverse("admin:moderation_rule_add"), {**data, **fields})


def test_a_ban_on_a_bad_ip_network_is_not_saved_and_says_why(client, moderator):
    response = add_ban(login(client, moderator), kind="ip", value="300.1.2.0/24")
    assert response.status_code == 200
    assert "Not an IP address or network" in response.content.decode()
    assert not Ban.objects.exists()


def test_a_ban_on_a_network_until_a_date_is_saved_normalised_with_its_author(client, moderator):
    response = add_ban(
        login(client, moderator),
        kind="ip",
        value=" 198.51.100.7/24 ",
        reason="bot farm",
        expires_at_0="2031-01-31",
        expires_at_1="12:00",
    )
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert (ban.value, ban.reason, ban.created_by) == ("198.51.100.0/24", "bot farm", moderator)
    assert ban.expires_at.year == 2031


def test_an_account_ban_needs_the_account(client, moderator):
    response = add_ban(login(client, moderator), kind="user")
    assert "Choose the account to ban." in response.content.decode()


def test_a_rule_with_a_broken_regex_is_not_saved_and_says_why(client, moderator):
    response = add_rule(login(client, moderator), kind="regex", pattern="(unclosed", action="reject")
    assert response.status_code == 200
    assert "Invalid regular expression" in response.content.decode()
    assert not Rule.objects.exists()


def test_saving_a_rule_previews_the_recent_comments_it_would_have_matched(client, moderator, article):
    caught = make_comment(article, body="Visit www.cheap-pills.example for pills")
    make_comment(article, body="An honest remark about the harbour")
    response = add_rule(login(client, moderator), kind="domain", pattern="cheap-pills.example", action="spam")
    rule = Rule.objects.get()
    assert rule.created_by == moderator
    assert said(response)[0].startswith("Preview: this rule would have matched 1 of the latest 2 comments.")
    content = client.get(reverse("admin:moderation_rule_change", args=[rule.pk])).content.decode()
    assert reverse("admin:comments_comment_change", args=[caught.pk]) in content
    assert "An honest remark" not in content


def test_the_rule_preview_matches_disguised_words_like_the_checks(client, moderator, article):
    make_comment(article, body="Buy v1agra now")
    response = add_rule(login(client, moderator), kind="word", pattern="viagra", action="reject")
    assert "would have matched 1 of the latest 1 comments" in said(response)[0]


def test_article_admin_closes_and_premoderates_comments(client, moderator):
    first, second = make_article(), make_article()
    changelist = reverse("admin:newsite_article_changelist")
    login(client, moderator)
    response = client.post(changelist, {"action": "close_comments", "_selected_action": [first.pk], "index": 0})
    assert said(response) == ["1 article closed to comments."]
    client.post(changelist, {"action": "premoderate_comments", "_selected_action": [second.pk], "index": 0})
    modes = dict(Article.objects.values_list("pk", "comment_mode"))
    assert (modes[first.pk], modes[second.pk]) == (Article.CommentMode.CLOSED, Article.CommentMode.PREMODERATED)


def test_article_admin_shows_each_articles_queue_counts_linked_to_the_console(client, moderator, article):
    make_held(article)
    make_held(article)
    make_comment(article, report_count=1)
    content = login(client, moderator).get(reverse("admin:newsite_article_changelist")).content.decode()
    console = reverse("admin:comments_comment_changelist")
    assert f'<a href="{console}?queue=held&amp;article={article.pk}">2</a>' in content
    assert f'<a href="{console}?queue=reported&amp;article={article.pk}">1</a>' in content


def test_the_article_change_page_has_the_comment_settings(client, moderator, article):
    content = login(client, moderator).get(reverse("admin:newsite_article_change", args=[article.pk])).content
    assert b'name="comment_mode"' in content and b'name="comments_close_at_0"' in content
