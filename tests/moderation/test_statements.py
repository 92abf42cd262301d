"""The statement of reasons: a comment's author, and only its author, reads why it is not on the page; nothing
internal (scores, rules' patterns, moderators' names) is shown; an opted-in author is mailed it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation import intake, notifications, pipeline, policy, services, statement_page
from moderation.models import Assessment, Rule
from moderation.statements import statement_for
from tests.comments.conftest import form_data, post_url
from tests.factories import make_article, make_comment, make_user

Status = Comment.Status


@pytest.fixture(autouse=True)
def _post_at_once(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0


@pytest.fixture
def article(db):
    return make_article(headline="Harbour flood defences approved")


@pytest.fixture
def moderator(db):
    return make_user("deskmod", is_staff=True)


def posted_unchecked(client, article, body):
    """A comment posted through the form by `client`'s browser (which remembers it), not yet checked."""
    assert client.post(post_url(article), form_data(article, body=body)).status_code == 302
    return Comment.objects.latest("pk")


def posted(client, article, body):
    """A comment posted through the form by `client`'s browser, then checked by the pipeline."""
    comment = posted_unchecked(client, article, body)
    pipeline.check(comment.pk)
    comment.refresh_from_db()
    return comment


def why_url(comment):
    return reverse("moderation:statement", args=[comment.pk])


def test_the_author_s_browser_reads_why_a_rule_rejected_the_comment_without_the_rule_itself(client, article):
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="casino", action=Rule.Action.REJECT)
    comment = posted(client, article, "Join my casino tonight for big wins.")
    assert comment.status == Status.REJECTED

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Your comment not published" in page and f'href="{why_url(comment)}"' in page

    response = client.get(why_url(comment))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your comment was not published." in html
    assert "Our automatic checks decided this" in html
    assert "Our moderation rules" in html
    assert "casino" not in html.replace("Join my casino tonight", "")  # its own text, but never the rule
    assert "reject word" not in html and "spam score" not in html
    assert "Send the appeal" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_nobody_else_reads_the_statement_not_another_browser_nor_another_account(client, article):
    comment = posted(client, article, "A comment a moderator will reject.")
    services.decide(comment, Status.REJECTED, action="reject", actor=make_user("m"), expected_from=[comment.status])
    assert Client().get(why_url(comment)).status_code == 404
    other = Client()
    other.force_login(make_user("someone-else"))
    assert other.get(why_url(comment)).status_code == 404
    assert "not published" not in Client().get(article.get_absolute_url()).content.decode()
    assert client.get(why_url(comment)).status_code == 200


def test_an_account_reads_the_statement_of_its_comments_from_any_browser(article, moderator):
    author = make_user("writer-of-comments")
    comment = make_comment(article, user=author, status=Status.PUBLISHED)
    services.decide(comment, Status.REMOVED, action="remove", actor=moderator, reasons=["personal attack"],
                    expected_from=[Status.PUBLISHED])  # fmt: skip
    browser = Client()
    browser.force_login(author)
    assert f'href="{why_url(comment)}"' in browser.get(article.get_absolute_url()).content.decode()
    html = browser.get(why_url(comment)).content.decode()
    assert "Your comment was removed from the page." in html
    assert "A moderator decided this" in html and "A moderator&#x27;s decision" in html
    assert "The moderator wrote: “personal attack”" in html
    assert "deskmod" not in html  # which moderator is not said


def test_the_mailed_link_opens_only_the_statement_it_was_signed_for(article, moderator):
    comment = make_comment(article, status=Status.PUBLISHED)
    services.decide(comment, Status.SPAM, action="spam", actor=moderator, expected_from=[Status.PUBLISHED])
    link = statement_page.link_path(comment)
    assert Client().get(link).status_code == 200
    token = link.rstrip("/").rsplit("/", 1)[-1]
    forged = reverse("moderation:statement-by-link", args=[f"{comment.pk + 1}:{token.split(':', 1)[1]}"])
    assert Client().get(forged).status_code == 404


def test_a_comment_the_spam_filter_filed_says_so_without_its_score(client, article):
    comment = posted_unchecked(client, article, "Cheap watches here, buy now, best prices, click.")
    Assessment.objects.create(
        comment=comment,
        verdict=Status.SPAM,
        spam_score=0.991,
        signals=[{"name": "classifier", "score": 0.991, "verdict": None, "reasons": [], "evidence": 4.2}],
    )
    services.decide(comment, Status.SPAM, action="auto_spam", reasons=["spam score 0.99"],
                    expected_from=[Status.SUBMITTED])  # fmt: skip
    html = client.get(why_url(comment)).content.decode()
    assert "Spam filter" in html and "Our automatic checks decided this" in html
    assert "0.99" not in html and "0.991" not in html


def test_a_held_comment_is_explained_but_not_appealable_while_it_waits(client, article):
    comment = posted_unchecked(client, article, "A calm and reasonable comment about the harbour.")
    services.decide(comment, Status.HELD, action="auto_hold", reasons=[policy.PREMODERATED_REASON],
                    expected_from=[Status.SUBMITTED])  # fmt: skip
    assert "Why is it held?" in client.get(article.get_absolute_url()).content.decode()
    html = client.get(why_url(comment)).content.decode()
    assert "is waiting for a moderator" in html and "Pre-moderated article" in html
    assert "Send the appeal" not in html and "you can appeal that decision here" in html


def test_comments_taken_down_by_reports_say_so(article):
    comment = make_comment(article, status=Status.PUBLISHED, report_weight=3.0)
    intake.comment_reported(comment)
    comment.refresh_from_db()
    assert [ground.key for ground in statement_for(comment).grounds] == ["reports"]


def opted_in_comment(article, **fields):
    return make_comment(
        article, notify_on_reply=True, author_email="amy@example.org", email_verified_at=timezone.now(), **fields
    )


def test_an_author_who_opted_in_is_mailed_the_statement_with_the_grounds_and_the_way_to_appeal(
    article, moderator, mailoutbox, eager, django_capture_on_commit_callbacks
):
    comment = opted_in_comment(article)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(comment, Status.REJECTED, action="reject", actor=moderator, reasons=["off-topic"],
                        expected_from=[Status.PUBLISHED])  # fmt: skip
    [mail] = mailoutbox
    assert mail.to == ["amy@example.org"]
    assert mail.subject.endswith("your comment on “Harbour flood defences approved” was not published")
    assert "A moderator decided this" in mail.body and "The moderator wrote: off-topic" in mail.body
    assert "you can appeal, once, on this page" in mail.body
    assert statement_page.link_path(comment) in mail.body
    assert comment.body not in mail.body  # nothing a reader typed goes into a mail
    notifications.send_statement(comment.decisions.first().pk)  # delivered again
    assert len(mailoutbox) == 1


def test_no_statement_is_mailed_without_the_opt_in_nor_for_a_comment_held_as_it_arrives(
    article, moderator, mailoutbox, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(make_comment(article), Status.REMOVED, action="remove", actor=moderator,
                        expected_from=[Status.PUBLISHED])  # fmt: skip
        arriving = opted_in_comment(article, status=Status.SUBMITTED)
        services.decide(arriving, Status.HELD, action="auto_hold", expected_from=[Status.SUBMITTED])
    assert mailoutbox == []
