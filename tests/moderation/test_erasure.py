"""Erasing a commenter's personal data on request: `manage.py erase_commenter --email … | --user …`."""

import io

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from comments.models import Comment, Report, VerifiedEmail
from moderation import classifier, erasure, tasks
from moderation.erasure import ERASED_NAME, REMOVED_TEXT
from moderation.models import Appeal, Ban, ClassifierState, Decision, Erasure, TrainingExample
from newsite.models import Article, ArticleRating
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status
EMAIL, IP, AGENT = "ada.lovelace@example.org", "198.51.100.23", "AdaBrowser/1.0"


@pytest.fixture
def erase(django_capture_on_commit_callbacks):
    """Run the command as an operator would, with what it sets off after commit."""

    def run(*args):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("erase_commenter", *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def thread():
    """Ada's two published comments and a held one, Ben's reply quoting her, and a comment by someone else."""
    article = make_article(headline="Bridge repairs start")
    own = {"author_name": "Ada Lovelace", "author_email": EMAIL, "ip_address": IP, "user_agent": AGENT}
    first = make_comment(
        article, body="The engine [b]works[/b].", body_html="The engine <strong>works</strong>.", **own
    )
    second = make_comment(article, body="Second thoughts.", body_html="Second thoughts.", **own)
    held = make_comment(article, status=Status.HELD, body="Still waiting.", body_html="Still waiting.", **own)
    quoting = "[quote=Ada Lovelace]The engine [b]works[/b].[/quote]\nIt does not."
    reply = make_comment(article, parent=first, author_name="Ben", body=quoting, body_html="<blockquote>…</blockquote>")
    other = make_comment(article, author_name="Cleo", author_email="cleo@example.org", body="Unrelated.")
    return article, [first, second, held], reply, other


def page(article):
    return Client().get(article.get_absolute_url()).content.decode()


def feed(article):
    response = Client().get(reverse("comments:article-feed-atom", args=[article.slug]))
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_erasing_by_email_keeps_the_texts_under_former_reader_on_the_page_and_in_the_feed(thread, erase):
    article, ada, reply, other = thread
    assert "Ada Lovelace" in page(article)  # the page and the feed are cached before the erasure
    assert any(entry.author == "Ada Lovelace" for entry in feed(article).entries)

    printed = erase("--email", EMAIL.upper())

    assert "personal data erased on request, 3 comments" in printed
    for comment in ada:
        comment.refresh_from_db()
        assert (comment.author_name, comment.author_email, comment.ip_address, comment.user_agent) == (
            ERASED_NAME,
            "",
            None,
            "",
        )
    assert [c.body for c in ada] == ["The engine [b]works[/b].", "Second thoughts.", "Still waiting."]
    assert ada[2].status == Status.HELD  # a kept text is still the moderators' to decide
    html = page(article)
    assert "Ada Lovelace" not in html and f">{ERASED_NAME}</a></span>" in html  # Ben's "in reply to"
    assert "The engine <strong>works</strong>." in html
    entries = feed(article).entries
    assert {entry.author for entry in entries} == {ERASED_NAME, "Ben", "Cleo"}
    assert all("Ada" not in entry.title for entry in entries)
    reply.refresh_from_db()
    assert reply.body == f"[quote={ERASED_NAME}]The engine [b]works[/b].[/quote]\nIt does not."
    assert Comment.objects.get(pk=other.pk).author_name == "Cleo"


def test_erasing_with_texts_removed_shows_the_notice_and_the_thread_stays_readable(thread, erase, settings):
    settings.PRIVACY_ERASE_BODIES = True
    article, (first, second, held), reply, _ = thread
    page(article)

    erase("--email", EMAIL)

    first.refresh_from_db()
    assert (first.status, first.body) == (Status.PUBLISHED, "")
    assert first.body_html == f"<em>{REMOVED_TEXT}</em>"
    html = page(article)
    assert html.count(REMOVED_TEXT) >= 2 and "The engine" not in html and "Second thoughts" not in html
    assert "It does not." in html  # the reply is still there, its quote emptied
    reply.refresh_from_db()
    assert reply.body == f"[quote={ERASED_NAME}][i]{REMOVED_TEXT}[/i][/quote]\nIt does not."
    entries = feed(article).entries
    ours = [entry for entry in entries if entry.author == ERASED_NAME]
    assert len(ours) == 2 and all(REMOVED_TEXT in entry.content[0].value for entry in ours)
    held.refresh_from_db()
    assert held.status == Status.REMOVED  # no moderator is asked to judge an erased text
    decision = Decision.objects.get(comment=held)
    assert (decision.action, decision.from_status, decision.to_status) == ("erase", Status.HELD, Status.REMOVED)
    assert Article.objects.get(pk=article.pk).comment_count == 4


def test_erasing_an_account_closes_it_and_keeps_its_votes_and_reports_counting(erase):
    user = make_user("ada", email=EMAIL, first_name="Ada", verified=True)
    article = make_article()
    comment = make_comment(article, user=user, author_name="Ada", author_email=EMAIL, ip_address=IP)
    ArticleRating.objects.create(article=article, user=user, voter_key=f"user:{user.pk}", value=4)
    report = Report.objects.create(comment=make_comment(article), user=user, reporter_key="f" * 64, reason="spam")

    printed = erase("--user", "ada")

    assert "1 comment; account closed" in printed
    comment.refresh_from_db()
    assert (comment.user, comment.author_name, comment.author_email, comment.ip_address) == (
        None,
        ERASED_NAME,
        "",
        None,
    )
    user.refresh_from_db()
    assert (user.username, user.email, user.first_name, user.is_active) == (f"former-reader-{user.pk}", "", "", False)
    assert not user.has_usable_password() and not VerifiedEmail.objects.filter(user=user).exists()
    vote = ArticleRating.objects.get(article=article)
    assert (vote.user, vote.value, vote.voter_key) == (None, 4, f"expired:{vote.pk}")
    report.refresh_from_db()
    assert (report.user, report.reporter_key) == (None, f"expired:{report.pk}")
    reader = Client()
    reader.post(reverse("login"), {"username": "ada", "password": "a-long-test-password"})
    assert "_auth_user_id" not in reader.session


def test_the_audit_record_says_how_many_comments_and_nothing_of_the_address_is_left_but_its_ban(thread, erase):
    Ban.objects.create(kind=Ban.Kind.EMAIL, value=EMAIL, reason="shouting")

    erase("--email", EMAIL)

    record = Erasure.objects.get()
    assert str(record) == "personal data erased on request, 3 comments"
    assert (record.via, record.comments, record.bodies_removed, record.replies_edited) == ("command", 3, False, 1)
    dump = io.StringIO()
    call_command("dumpdata", "comments", "moderation", "newsite", "auth", stdout=dump)
    remaining = dump.getvalue().replace(f'"value": "{EMAIL}"', "")  # the ban keeps what it bans
    assert EMAIL not in remaining and IP not in remaining and AGENT not in remaining and "Ada Lovelace" not in remaining


def test_removed_texts_take_their_training_examples_with_them_and_the_model_forgets_them(
    thread, erase, settings, monkeypatch
):
    settings.PRIVACY_ERASE_BODIES = True
    _, (first, *_), _, other = thread
    TrainingExample.objects.create(comment=first, body=first.body, is_spam=False)
    kept = [
        TrainingExample.objects.create(comment=other, body=other.body, is_spam=False),
        TrainingExample.objects.create(body="CHEAP pills http://pills.example", is_spam=True),
    ]
    before = classifier.refit()
    assert before.examples_seen == 3
    enqueued = []
    monkeypatch.setattr(tasks.refit_classifier, "apply_async", lambda args=(), **_: enqueued.append(args))

    erase("--email", EMAIL)

    assert set(TrainingExample.objects.all()) == set(kept)
    assert enqueued == [(True,)]
    tasks.refit_classifier.apply(enqueued[0])
    after = ClassifierState.objects.get(name=classifier.STATE_NAME)
    assert (after.version, after.examples_seen) == (before.version + 1, 2)


def test_a_model_that_cannot_be_refitted_without_the_erased_texts_is_deleted(thread, erase, settings):
    settings.PRIVACY_ERASE_BODIES = True
    _, (first, *_), _, _ = thread
    TrainingExample.objects.create(comment=first, body=first.body, is_spam=False)
    TrainingExample.objects.create(body="CHEAP pills http://pills.example", is_spam=True)
    classifier.refit()

    erase("--email", EMAIL)
    tasks.refit_classifier.apply((True,))

    assert not ClassifierState.objects.exists()


def test_texts_kept_keep_their_training_examples(thread, erase):
    _, (first, *_), _, _ = thread
    TrainingExample.objects.create(comment=first, body=first.body, is_spam=False)
    erase("--email", EMAIL)
    assert TrainingExample.objects.get().body == first.body


def test_a_second_erasure_finds_nothing_more_to_erase(thread, erase):
    erase("--email", EMAIL)
    assert "personal data erased on request, 0 comments" in erase("--email", EMAIL)


def test_the_command_names_a_commenter_and_never_closes_a_staff_account():
    with pytest.raises(CommandError, match="name the commenter"):
        call_command("erase_commenter")
    with pytest.raises(CommandError, match="no account"):
        call_command("erase_commenter", "--user", "nobody")
    make_user("editor", is_staff=True)
    with pytest.raises(CommandError, match="staff account"):
        call_command("erase_commenter", "--user", "editor")
    assert get_user_model().objects.get(username="editor").is_active


def test_an_erasure_that_removes_the_texts_removes_the_texts_of_their_appeals_too(thread, erase, settings):
    _, (first, second, _), _, other = thread
    for comment in (first, second, other):
        decision = Decision.objects.create(
            comment=comment, action="remove", from_status="published", to_status="removed"
        )
        Appeal.objects.create(comment=comment, decision=decision, text=f"I am {comment.author_name}, look again.")
    erasure.erase(comment_ids=[first.pk], erase_bodies=False)
    assert Appeal.objects.get(comment=first).text == "I am Ada Lovelace, look again."  # texts kept: theirs too

    erasure.erase(comment_ids=[second.pk], erase_bodies=True)

    assert Appeal.objects.get(comment=second).text == erasure.ERASED_APPEAL
    assert Appeal.objects.get(comment=other).text == "I am Cleo, look again."


def test_an_erasure_that_removes_the_texts_removes_their_earlier_texts_and_names_nobody_as_recommender(thread, erase):
    from django.utils import timezone

    from comments.models import CommentRevision, Recommendation

    _, (first, second, _), _, other = thread
    for comment in (first, second, other):
        CommentRevision.objects.create(
            comment=comment, body=f"{comment.author_name}'s first try", written_at=timezone.now()
        )
    erasure.erase(comment_ids=[first.pk], erase_bodies=False)
    assert CommentRevision.objects.filter(comment=first).exists()  # texts kept: the earlier ones too

    erasure.erase(comment_ids=[second.pk], erase_bodies=True)

    assert not CommentRevision.objects.filter(comment=second).exists()
    assert CommentRevision.objects.filter(comment=other).exists()
    reader = make_user("recommender")
    made = Recommendation.objects.create(comment=other, user=reader, recommender_key="h" * 64)
    erasure.erase(user=reader)
    made.refresh_from_db()
    assert made.user is None and made.recommender_key == f"expired:{made.pk}"
