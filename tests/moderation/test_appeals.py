"""Appeals: the author appeals from their statement of reasons, a moderator reverses or upholds it in the appeals
queue, the outcome is audited (by the decision service when the comment's status changes) and told to the author."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from moderation import appeals, services
from moderation.models import Appeal, Decision
from tests.admin.conftest import make_moderator
from tests.factories import make_article, make_comment, make_user

Status = Comment.Status


@pytest.fixture
def moderator(db):
    return make_moderator("appeals-desk")


@pytest.fixture
def author(db):
    return make_user("the-author", verified=True)


@pytest.fixture
def browser(author):
    client = Client()
    client.force_login(author)
    return client


def rejected_comment(author, moderator, **fields):
    comment = make_comment(make_article(), user=author, status=Status.HELD, **fields)
    services.decide(comment, Status.REJECTED, action="reject", actor=moderator, reasons=["insulting"],
                    expected_from=[Status.HELD])  # fmt: skip
    return comment


def why(comment):
    return reverse("moderation:statement", args=[comment.pk])


def test_an_appeal_round_trip_reversed_publishes_the_comment_audits_it_and_tells_the_author(
    browser, author, moderator, mailoutbox, eager, django_capture_on_commit_callbacks
):
    comment = rejected_comment(author, moderator, notify_on_reply=True, author_email=author.email)
    response = browser.post(why(comment), {"text": "It was sarcasm about the council, not an insult."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.comment, appeal.decision, appeal.status) == (comment, comment.decisions.first(), "pending")
    assert "You appealed on" in browser.get(why(comment)).content.decode()

    admin = Client()
    admin.force_login(moderator)
    queue = admin.get(reverse("admin:moderation_appeal_changelist")).content.decode()
    assert "It was sarcasm about the council" in queue
    page = admin.get(reverse("admin:moderation_appeal_change", args=[appeal.pk])).content.decode()
    assert "Reverse: publish the comment" in page and "insulting" in page
    with django_capture_on_commit_callbacks(execute=True):
        decided = admin.post(
            reverse("admin:moderation_appeal_decide", args=[appeal.pk]),
            {"outcome": "reversed", "reply": "Fair enough: read in context it is not an insult."},
        )
    assert decided.status_code == 302

    comment.refresh_from_db()
    appeal.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert (appeal.status, appeal.outcome, appeal.decided_by) == ("decided", "reversed", moderator)
    audit = Decision.objects.filter(comment=comment).first()
    assert (audit.action, audit.actor, audit.from_status, audit.to_status) == (
        "approve",
        moderator,
        "rejected",
        "published",
    )
    assert audit.reasons == ["appeal granted: Fair enough: read in context it is not an insult."]
    assert "the decision is reversed" in browser.get(why(comment)).content.decode()
    outcome_mail = [mail for mail in mailoutbox if "appeal" in mail.subject]
    assert len(outcome_mail) == 1 and "The decision is reversed" in outcome_mail[0].body


def test_an_appeal_upheld_leaves_the_comment_as_it_is_and_says_so(browser, author, moderator):
    comment = rejected_comment(author, moderator)
    browser.post(why(comment), {"text": "Please look again."})
    appeals.decide_appeal(Appeal.objects.get().pk, "upheld", moderator=moderator, reply="It names a private person.")
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert comment.decisions.count() == 1  # no status change, no decision: the appeal row is the record
    html = browser.get(why(comment)).content.decode()
    assert "the decision stands" in html and "It names a private person." in html
    assert "Send the appeal" not in html  # one appeal per decision


def test_a_spam_filing_reversed_is_a_not_spam_decision_which_teaches_the_filter(browser, author, moderator):
    comment = make_comment(make_article(), user=author, status=Status.SUBMITTED)
    services.decide(comment, Status.SPAM, action="auto_spam", expected_from=[Status.SUBMITTED])
    browser.post(why(comment), {"text": "I am a real reader."})
    appeals.decide_appeal(Appeal.objects.get().pk, "reversed", moderator=moderator)
    assert Decision.objects.filter(comment=comment).first().action == "not_spam"


def test_a_reversal_is_refused_when_the_comment_was_decided_again_since_and_the_appeal_waits(
    browser, author, moderator
):
    comment = rejected_comment(author, moderator)
    browser.post(why(comment), {"text": "Please look again."})
    services.decide(comment, Status.SPAM, action="spam", actor=moderator, expected_from=[Status.REJECTED])
    with pytest.raises(appeals.AppealRefused, match="decided again since"):
        appeals.decide_appeal(Appeal.objects.get().pk, "reversed", moderator=moderator)
    assert Appeal.objects.get().status == "pending"
    comment.refresh_from_db()
    assert comment.status == Status.SPAM


def test_an_appeal_is_decided_once(browser, author, moderator):
    comment = rejected_comment(author, moderator)
    browser.post(why(comment), {"text": "Please look again."})
    appeal = Appeal.objects.get()
    appeals.decide_appeal(appeal.pk, "upheld", moderator=moderator)
    with pytest.raises(appeals.AppealRefused, match="decided already"):
        appeals.decide_appeal(appeal.pk, "reversed", moderator=moderator)


def test_an_empty_or_overlong_appeal_is_refused_with_the_reason_and_the_text_kept(browser, author, moderator, settings):
    comment = rejected_comment(author, moderator)
    empty = browser.post(why(comment), {"text": "   "})
    assert empty.status_code == 400 and "Please say why the decision should change." in empty.content.decode()
    settings.MODERATION_APPEAL_MAX_LENGTH = 2000
    long_text = "because " * 300
    overlong = browser.post(why(comment), {"text": long_text})
    html = overlong.content.decode()
    assert overlong.status_code == 400 and "at most 2000 characters" in html and long_text.strip()[:200] in html
    assert not Appeal.objects.exists()


def test_appeals_are_limited_per_reader_and_the_refused_text_is_kept(browser, author, moderator, settings):
    settings.MODERATION_APPEAL_RATE_LIMIT = "1/d"
    first, second = rejected_comment(author, moderator), rejected_comment(author, moderator)
    assert browser.post(why(first), {"text": "First appeal."}).status_code == 302
    refused = browser.post(why(second), {"text": "Second appeal, kept."})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "You have sent the most appeals allowed for now" in html and "Second appeal, kept." in html
    assert Appeal.objects.count() == 1


def test_while_redis_cannot_count_an_appeal_is_refused_with_a_503_and_the_text_kept(
    browser, author, moderator, redis_server
):
    comment = rejected_comment(author, moderator)
    redis_server.stop()
    response = browser.post(why(comment), {"text": "Sent while the counter is away."})
    assert response.status_code == 503 and response["Retry-After"]
    assert "Sent while the counter is away." in response.content.decode()
    assert not Appeal.objects.exists()


def test_nobody_but_the_author_can_appeal(author, moderator):
    comment = rejected_comment(author, moderator)
    stranger = Client()
    stranger.force_login(make_user("stranger"))
    assert stranger.post(why(comment), {"text": "I appeal for them."}).status_code == 404
    assert Client().post(why(comment), {"text": "Anonymous."}).status_code == 404
    assert not Appeal.objects.exists()


def test_a_held_comment_cannot_be_appealed(browser, author):
    comment = make_comment(make_article(), user=author, status=Status.SUBMITTED)
    services.decide(comment, Status.HELD, action="auto_hold", expected_from=[Status.SUBMITTED])
    response = browser.post(why(comment), {"text": "Hurry up."})
    assert response.status_code == 400 and "no decision you can appeal" in response.content.decode()
    assert not Appeal.objects.exists()


def test_only_moderators_decide_appeals(author, moderator):
    comment = rejected_comment(author, moderator)
    appeal = Appeal.objects.create(comment=comment, decision=comment.decisions.first(), text="Look again.")
    editor = make_user("editor", is_staff=True)
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("admin:moderation_appeal_decide", args=[appeal.pk]), {"outcome": "reversed"})
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == "pending"
