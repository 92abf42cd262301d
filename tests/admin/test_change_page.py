"""The comment change page: why it is held, who wrote it, where it sits, what was decided, and the buttons."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comments.models import Comment, Report
from moderation import services
from moderation.models import Ban, Decision
from tests.factories import make_comment, make_user

from .conftest import login, make_held

Status = Comment.Status


def page(client, comment):
    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def decide(client, comment, decision, seen="held", reason=""):
    return client.post(
        reverse("admin:comments_comment_decide", args=[comment.pk]),
        {"decision": decision, "seen_status": seen, "reason": reason},
    )


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_shows_the_rendered_comment_and_the_raw_text(client, moderator, article):
    comment = make_held(article, body="[b]Loud[/b] opinion", body_html="<p><strong>Loud</strong> opinion</p>")
    content = page(login(client, moderator), comment)
    assert "<strong>Loud</strong> opinion" in content
    assert "[b]Loud[/b] opinion" in content


def test_shows_every_signal_with_its_reasons_and_scores(client, moderator, held):
    content = page(login(client, moderator), held)
    assert "held: 4 links; first comment by this author; spam score 0.60" in content
    assert "<td>links</td><td>0.70</td>" in content
    assert "<td>author</td><td>0.40</td>" in content


def test_shows_the_authors_other_comments_by_account_email_or_ip_with_links(client, moderator, article):
    account = make_user("regular")
    comment = make_held(article, user=account, author_email="reg@example.org", ip_address="192.0.2.4")
    same_account = make_comment(article, user=account, author_email="", body="Same account earlier")
    same_email = make_comment(article, author_email="REG@example.org", status=Status.SPAM, body="Same e-mail spam")
    same_ip = make_comment(article, author_email="", ip_address="192.0.2.4", body="Same address")
    stranger = make_comment(article, body="Someone else entirely")
    content = page(login(client, moderator), comment)
    for other in (same_account, same_email, same_ip):
        assert reverse("admin:comments_comment_change", args=[other.pk]) in content
    assert reverse("admin:comments_comment_change", args=[stranger.pk]) not in content
    assert "3 other comments by the same account, e-mail or IP: 2 published, 1 spam." in " ".join(content.split())


def test_shows_the_article_and_the_thread_around_the_comment(client, moderator, article):
    parent = make_comment(article, author_name="Parent Author", body="The comment answered")
    comment = make_held(article, parent=parent)
    reply = make_comment(article, parent=comment, body_html="<p>An answer to the held one</p>")
    content = page(login(client, moderator), comment)
    assert article.headline in content
    assert "In reply to" in content and "Parent Author" in content
    assert "An answer to the held one" in content
    assert reverse("admin:comments_comment_change", args=[reply.pk]) in content


def test_shows_reports_and_the_audit_trail(client, moderator, article):
    comment = make_comment(article, report_count=1)
    Report.objects.create(comment=comment, reporter_key="k1", reason=Report.Reason.ABUSE, note="rude")
    services.decide(comment, Status.HELD, action="reported", reasons=["3 reader reports"])
    content = page(login(client, moderator), comment)
    assert "Abuse or harassment" in content and "rude" in content
    assert "3 reader reports" in content and "system" in content


def test_a_decision_button_decides_through_the_service(client, moderator, held):
    response = decide(login(client, moderator), held, "approve", reason="checked the links")
    assert said(response) == ["Comment published."]
    decision = Decision.objects.get(comment=held)
    assert (decision.actor, decision.to_status, decision.reasons) == (
        moderator,
        Status.PUBLISHED,
        ["checked the links"],
    )


def test_a_decision_on_a_comment_someone_else_just_decided_is_refused_with_a_message(
    client, moderator, second_moderator, held
):
    page(login(client, moderator), held)  # the moderator sees it held …
    services.decide(held, Status.PUBLISHED, action="approve", actor=second_moderator, expected_from=[Status.HELD])
    response = decide(client, held, "reject", seen="held")  # … another published it meanwhile
    assert "Not applied: already decided: it is published now" in said(response)[0]
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED
    assert Decision.objects.filter(comment=held).count() == 1


def test_ban_buttons_ban_the_author_or_the_ip_and_reject_the_comment(client, moderator, held):
    login(client, moderator)
    decide(client, held, "ban_ip", reason="bot network")
    assert Ban.objects.filter(kind=Ban.Kind.IP, value="203.0.113.7/32", reason="bot network").exists()
    held.refresh_from_db()
    assert held.status == Status.REJECTED
    decide(client, held, "ban_author", seen="rejected")
    assert Ban.objects.filter(kind=Ban.Kind.EMAIL, value=held.author_email.lower()).exists()


def test_the_page_offers_every_decision(client, moderator, held):
    content = page(login(client, moderator), held)
    for value in ("approve", "reject", "spam", "not_spam", "remove", "ban_author", "ban_ip"):
        assert f'name="decision" value="{value}"' in content


@pytest.mark.parametrize("decision", ["approve", "ban_ip"])
@pytest.mark.parametrize("seen", ["bogus", "x" * 5000, "HELD "])
def test_a_bogus_seen_status_is_refused_with_a_clear_400(client, moderator, held, decision, seen):
    response = decide(login(client, moderator), held, decision, seen=seen)
    assert response.status_code == 400
    assert "not a comment status" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.HELD
    assert not Decision.objects.filter(comment=held).exists()
    assert not Ban.objects.exists()


def test_a_button_without_the_status_the_moderator_saw_decides_nothing(client, moderator, held):
    response = login(client, moderator).post(
        reverse("admin:comments_comment_decide", args=[held.pk]), {"decision": "reject"}
    )
    assert response.status_code == 400
    assert "the form did not say which status you saw" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.HELD and not Decision.objects.filter(comment=held).exists()


def test_a_ban_button_without_the_seen_status_bans_nothing(client, moderator, held):
    response = login(client, moderator).post(
        reverse("admin:comments_comment_decide", args=[held.pk]), {"decision": "ban_ip"}
    )
    assert response.status_code == 400 and not Ban.objects.exists()
