"""Authors editing their comments within the window (checked again, revisions kept, "edited" shown) and deleting
them at any time (text gone, the fact audited, replies say so); nobody else can, whatever they type."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import awaiting
from comments.models import Comment, CommentRevision
from moderation import services, transparency
from moderation.models import Decision, Rule
from tests.admin.conftest import make_moderator
from tests.factories import make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def browser_of(*comments):
    """A browser that posted these comments: their ids in its signed list of its own comments."""
    client = Client()
    client.cookies[awaiting.COOKIE] = signing.dumps([c.pk for c in comments], salt=awaiting.SALT, compress=True)
    return client


def posted(article, body="My first thought.", **fields):
    """A comment just posted and published by the checks."""
    comment = make_comment(article, status=Status.SUBMITTED, body=body, body_html=f"<p>{body}</p>", **fields)
    services.decide(comment, Status.PUBLISHED, action="check")
    comment.refresh_from_db()
    return comment


def edit(client, comment, body):
    return client.post(reverse("comments:edit", args=[comment.pk]), {"body": body}, REMOTE_ADDR="192.0.2.10")


def test_the_author_edits_within_the_window_and_it_is_checked_again(article, eager, django_capture_on_commit_callbacks):
    comment = posted(article)
    client = browser_of(comment)
    form = client.get(reverse("comments:edit", args=[comment.pk]))
    assert form.status_code == 200 and b"My first thought." in form.content

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(client, comment, "My [b]second[/b] thought.")

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "My [b]second[/b] thought." and "<strong>second</strong>" in comment.body_html
    assert comment.edited_at is not None and comment.status == Status.PUBLISHED  # the checks published it again
    assert list(CommentRevision.objects.filter(comment=comment).values_list("body", flat=True)) == ["My first thought."]
    assert list(comment.decisions.order_by("id").values_list("action", "to_status")) == [
        ("check", "published"),
        ("edited", "submitted"),
        ("auto_publish", "published"),
    ]
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "<strong>second</strong>" in page and 'class="comment-edited"' in page


def test_an_edit_that_turns_into_spam_is_kept_off_the_page(article, eager, django_capture_on_commit_callbacks):
    Rule.objects.create(kind=Rule.Kind.WORD, pattern="casino", action=Rule.Action.SPAM)
    comment = posted(article)
    with django_capture_on_commit_callbacks(execute=True):
        edit(browser_of(comment), comment, "Visit my casino tonight")
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    assert "casino" not in Client().get(article.get_absolute_url()).content.decode()


def test_an_account_edits_its_own_comment_from_any_browser(article):
    author = make_user()
    comment = posted(article, user=author)
    client = Client()
    client.force_login(author)
    assert edit(client, comment, "Changed from another device.").status_code == 302


def test_nobody_else_edits_it_whatever_name_or_address_they_type(article):
    comment = posted(article, author_name="Sam", author_email="sam@example.org")
    stranger = Client()
    response = stranger.post(
        reverse("comments:edit", args=[comment.pk]),
        {"body": "Hijacked", "author_name": "Sam", "author_email": "sam@example.org"},
        REMOTE_ADDR=comment.ip_address or "192.0.2.10",
    )
    assert response.status_code == 404
    other_account = Client()
    other_account.force_login(make_user())
    assert edit(other_account, comment, "Hijacked").status_code == 404
    # A browser that posted another comment holds no key to this one.
    assert edit(browser_of(posted(article)), comment, "Hijacked").status_code == 404
    comment.refresh_from_db()
    assert comment.body == "My first thought."


def test_after_the_window_the_text_comes_back_with_the_reason(article, settings):
    settings.COMMENTS_EDIT_WINDOW_SECONDS = 300
    comment = posted(article)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(seconds=301))

    response = edit(browser_of(comment), comment, "Too late, but my words are kept.")

    assert response.status_code == 409
    html = response.content.decode()
    assert "can be edited for 5 minutes after it is posted" in html and "Too late, but my words are kept." in html
    comment.refresh_from_db()
    assert comment.body == "My first thought." and comment.edited_at is None


def test_once_a_moderator_decided_it_cannot_be_edited(article):
    comment = make_comment(article, status=Status.HELD)
    services.decide(comment, Status.PUBLISHED, action="approve", actor=make_moderator("m"), expected_from=["held"])
    response = edit(browser_of(comment), comment, "After the moderator's approval")
    assert response.status_code == 409 and "A moderator has decided on this comment" in response.content.decode()


def test_bad_text_comes_back_in_the_form_with_the_error(article, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    comment = posted(article)
    response = edit(browser_of(comment), comment, "مرحبا 👋 " * 10)
    assert response.status_code == 400
    html = response.content.decode()
    assert "the limit is 20" in html and "مرحبا 👋" in html
    assert edit(browser_of(comment), comment, "   ").status_code == 400


def test_deleting_a_comment_with_a_reply_leaves_the_reply_saying_so(article, django_capture_on_commit_callbacks):
    comment = posted(article, body="Something I regret")
    reply = make_comment(article, parent=comment, body_html="<p>I disagree</p>")
    CommentRevision.objects.create(comment=comment, body="An even earlier text", written_at=timezone.now())
    article.refresh_from_db()
    count_before = article.comment_count
    client = browser_of(comment)
    assert client.get(reverse("comments:delete", args=[comment.pk])).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("comments:delete", args=[comment.pk]))

    assert response.status_code == 302
    comment.refresh_from_db()
    article.refresh_from_db()
    assert (comment.status, comment.body, comment.body_html) == (Status.REMOVED, "", "")
    assert comment.deleted_by_author_at is not None and not comment.revisions.exists()
    assert article.comment_count == count_before - 1
    fact = Decision.objects.get(comment=comment, action="deleted_by_author")
    assert fact.reasons == ["deleted by its author"] and fact.actor is None
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Something I regret" not in page and f'id="comment-{reply.pk}"' in page
    assert "in reply to a comment deleted by its author" in page
    feed = Client().get(reverse("comments:article-feed", args=[article.slug])).content.decode()
    assert "Something I regret" not in feed


def test_a_held_comment_can_be_deleted_too_and_only_by_its_author(article):
    held = make_comment(article, status=Status.HELD, body="Second thoughts")
    assert Client().post(reverse("comments:delete", args=[held.pk])).status_code == 404
    assert browser_of(held).post(reverse("comments:delete", args=[held.pk])).status_code == 302
    held.refresh_from_db()
    assert held.status == Status.REMOVED and held.body == ""


def test_an_authors_edits_and_deletions_are_no_moderation_decisions_in_the_report(article, settings):
    settings.TIME_ZONE = "UTC"
    comment = posted(article)
    edit(browser_of(comment), comment, "Edited once")
    browser_of(comment).post(reverse("comments:delete", args=[comment.pk]))
    today = timezone.now().date()
    assert transparency.build(today, today).total.decisions == 1  # the checks' publication only


def test_the_reader_finds_edit_and_delete_beside_their_own_comments(article):
    comment = posted(article)
    page = browser_of(comment).get(article.get_absolute_url()).content.decode()
    assert reverse("comments:edit", args=[comment.pk]) in page and reverse("comments:delete", args=[comment.pk]) in page
    assert reverse("comments:edit", args=[comment.pk]) not in Client().get(article.get_absolute_url()).content.decode()


def test_moderators_see_every_earlier_text_on_the_change_page(article):
    comment = posted(article)
    edit(browser_of(comment), comment, "Second version")
    edit(browser_of(comment), comment, "Third version")
    moderator = Client()
    moderator.force_login(make_moderator("reader-of-revisions"))
    page = moderator.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert page.index("My first thought.") < page.index("Second version") and "Edited by its author" in page


# --- the API ---------------------------------------------------------------------------------------


def api_url(comment):
    return reverse("api:comment", args=[comment.pk])


def patch(client, comment, body):
    return client.patch(api_url(comment), {"body": body}, content_type="application/json", REMOTE_ADDR="192.0.2.10")


def test_the_api_lets_the_author_edit_and_delete_and_nobody_else(article):
    comment = posted(article)
    assert Client().get(api_url(comment)).json()["edited_at"] is None

    assert patch(Client(), comment, "Hijacked").status_code == 403
    answer = patch(browser_of(comment), comment, "Put better")
    assert answer.status_code == 200 and answer.json()["status"] == "submitted"
    comment.refresh_from_db()
    assert comment.body == "Put better" and comment.edited_at is not None

    assert Client().delete(api_url(comment)).status_code == 403
    assert browser_of(comment).delete(api_url(comment)).status_code == 204
    assert browser_of(comment).delete(api_url(comment)).status_code == 404
    assert Client().get(api_url(comment)).status_code == 404


def test_the_api_refuses_a_late_or_decided_edit_with_409_and_bad_text_with_400(article):
    late = posted(article)
    Comment.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert patch(browser_of(late), late, "Too late").status_code == 409
    decided = make_comment(article, status=Status.HELD)
    services.decide(decided, Status.PUBLISHED, action="approve", actor=make_moderator("m2"), expected_from=["held"])
    assert patch(browser_of(decided), decided, "After approval").status_code == 409
    fresh = posted(article)
    bad = browser_of(fresh).patch(api_url(fresh), {"body": 5}, content_type="application/json")
    assert bad.status_code == 400 and "body" in bad.json()
    assert browser_of(fresh).patch(api_url(fresh), {"text": "x"}, content_type="application/json").status_code == 400


# --- what the review of the first version found ---------------------------------------------------


def test_an_edit_made_while_the_checks_run_is_not_published_by_that_run(article, monkeypatch):
    from moderation import pipeline

    Rule.objects.create(kind=Rule.Kind.WORD, pattern="casino", action=Rule.Action.SPAM)
    comment = make_comment(article, status=Status.SUBMITTED, body="A harmless first text")
    real_checks = pipeline.run_checks

    def checks_during_which_the_author_edits(submission, context):
        signals = real_checks(submission, context)  # the harmless text is judged...
        edit(browser_of(comment), comment, "Visit my casino tonight")  # ...while its author swaps it
        return signals

    monkeypatch.setattr(pipeline, "run_checks", checks_during_which_the_author_edits)
    assert pipeline.check(comment.pk) is None  # that run decides nothing
    comment.refresh_from_db()
    assert comment.status == Status.SUBMITTED

    monkeypatch.setattr(pipeline, "run_checks", real_checks)
    pipeline.check(comment.pk)  # the edit's own run
    comment.refresh_from_db()
    assert comment.status == Status.SPAM


def test_a_held_comment_cannot_be_edited_under_the_moderators_eyes(article):
    held = make_comment(article, status=Status.HELD, body="Reported text")
    response = edit(browser_of(held), held, "Something milder")
    assert response.status_code == 409 and "with the moderators" in response.content.decode()
    held.refresh_from_db()
    assert held.body == "Reported text"


def test_an_e_mail_ban_applies_to_edits(article):
    from moderation.models import Ban

    comment = posted(article, author_email="banned@example.org")
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="banned@example.org", reason="abuse")
    response = edit(browser_of(comment), comment, "Still here")
    assert response.status_code == 403 and "not allowed to post" in response.content.decode()


def test_a_comment_its_author_deleted_is_no_moderation_matter(article, mailoutbox):
    from moderation.context import LiveContext
    from moderation.receivers import statement_due

    comment = posted(article, author_email="gone@example.org", notify_on_reply=True)
    browser_of(comment).post(reverse("comments:delete", args=[comment.pk]))

    assert not statement_due(Status.PUBLISHED, Status.REMOVED, "deleted_by_author")
    with pytest.raises(services.DecisionRefused, match="its author deleted it"):
        services.decide(
            comment, Status.PUBLISHED, action="approve", actor=make_moderator("m3"), expected_from=["removed"]
        )
    later = make_comment(article, status=Status.SUBMITTED, author_email="gone@example.org")
    from moderation.checks import Submission

    assert LiveContext().author_record(Submission.from_comment(later)).rejected == 0


def test_replies_quoting_a_deleted_comment_no_longer_hold_its_text(article):
    comment = posted(article, body="Something I regret saying", author_name="Rue")
    reply = make_comment(article, parent=comment, body="[quote=Rue]Something I regret saying[/quote] No.")
    browser_of(comment).post(reverse("comments:delete", args=[comment.pk]))
    reply.refresh_from_db()
    assert "regret" not in reply.body and "regret" not in reply.body_html
    assert reply.body == "[quote=Rue][i]comment deleted by its author[/i][/quote] No."


def test_the_api_walks_thousands_of_equal_counts_in_recommended_order(article, settings):
    settings.API_PAGE_SIZE = 50
    from comments.models import Comment as Model

    Model.objects.bulk_create(
        Model(article=article, author_name=f"R{n}", body="x", body_html="x", status=Status.PUBLISHED)
        for n in range(1200)
    )
    top = Model.objects.filter(article=article).order_by("id")[600]
    Model.objects.filter(pk=top.pk).update(recommendation_count=4)
    url, seen = reverse("api:article-comments", args=[article.slug]) + "?order=recommended", []
    while url:
        page = Client().get(url).json()
        seen += [entry["id"] for entry in page["results"]]
        url = page["next"]
    ids = list(Model.objects.filter(article=article).order_by("id").values_list("id", flat=True))
    assert seen == [top.pk] + [pk for pk in ids if pk != top.pk]
    assert (
        Client()
        .get(reverse("api:article-comments", args=[article.slug]), {"order": "recommended", "cursor": "!!"})
        .status_code
        == 400
    )


def test_a_write_from_another_sites_page_is_refused(article):
    comment = make_comment(article)
    url = reverse("api:comment-recommendation", args=[comment.pk])
    assert Client().post(url, HTTP_ORIGIN="https://elsewhere.example").status_code == 403
    assert Client().post(url, HTTP_ORIGIN="http://testserver").status_code == 201
    comment.refresh_from_db()
    assert comment.recommendation_count == 1
