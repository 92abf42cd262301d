"""Akismet, against a local server that speaks its protocol: its verdicts, its outages, and what moderators teach it."""

import pytest
from django.test import override_settings

from comments.models import Comment
from moderation import akismet_client, pipeline, services
from moderation.checks import Submission
from moderation.checks.akismet import AkismetCheck
from moderation.models import Assessment, Decision
from tests.factories import make_comment, make_user

from .akismet_server import FakeAkismet
from .contexts import GivenContext

Status = Comment.Status


@pytest.fixture
def fake():
    server = FakeAkismet().start()
    with override_settings(AKISMET_API_KEY=server.key, AKISMET_API_URL=server.url, AKISMET_TIMEOUT_SECONDS=2):
        yield server
    server.stop()


def submitted(body, **fields):
    return make_comment(status=Status.SUBMITTED, body=body, **fields)


def checked(body, **fields):
    """A submitted comment after the pipeline has decided it."""
    comment = submitted(body, **fields)
    pipeline.check(comment.pk)
    comment.refresh_from_db()
    return comment


def akismet_signal(comment):
    return next(s for s in Assessment.objects.get(comment=comment).signals if s["name"] == "akismet")


# --- reaching the server -----------------------------------------------------------------


def test_the_client_talks_to_the_configured_url_under_its_host_name(fake):
    assert akismet_client.site_client().verify_key() is True
    with override_settings(AKISMET_API_KEY="not-the-key"):
        assert akismet_client.site_client().verify_key() is False
    assert [request.host for request in fake.received("verify-key")] == [fake.url.removeprefix("http://")] * 2


def test_a_path_in_the_api_url_is_kept(fake):
    with override_settings(AKISMET_API_URL=fake.url + "/akismet/"):
        assert akismet_client.site_client().verify_key() is True
    assert fake.requests[-1].path == "/akismet/1.1/verify-key"


# --- verdicts ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_comment_akismet_calls_spam_is_kept_off_the_page_with_the_reason(fake):
    comment = submitted("Try the new casino tonight", author_email="reader@example.org", ip_address="203.0.113.9")
    outcome = pipeline.check(comment.pk)
    comment.refresh_from_db()
    assert comment.status in (Status.HELD, Status.SPAM)
    assert "Akismet: spam" in outcome.reasons
    assert akismet_signal(comment)["evidence"] == AkismetCheck.spam_evidence
    sent = fake.received("comment-check")[0].form
    assert (sent["comment_content"], sent["user_ip"], sent["comment_type"]) == (comment.body, "203.0.113.9", "comment")


@pytest.mark.django_db
def test_an_edited_comment_is_checked_again_and_akismet_is_told_it_is_an_edit(fake):
    from django.utils import timezone

    first = checked("A fair point about the budget")
    edited = checked("A fair point about the budget, and more", edited_at=timezone.now())
    first_sent, edit_sent = (request.form for request in fake.received("comment-check"))
    assert "recheck_reason" not in first_sent and first.edited_at is None
    assert edit_sent["recheck_reason"] == "edit" and edited.status == Status.PUBLISHED


@pytest.mark.django_db
def test_blatant_spam_akismet_says_to_discard_is_filed_as_spam(fake):
    comment = checked("blatantspam offer")
    assert comment.status == Status.SPAM
    assert Decision.objects.get(comment=comment).reasons[0] == "Akismet: blatant spam"


@pytest.mark.django_db
def test_a_comment_akismet_calls_clean_is_published_and_akismet_adds_nothing(fake):
    comment = checked("The library's opening hours should be longer.")
    assert comment.status == Status.PUBLISHED
    assert akismet_signal(comment)["evidence"] == 0 and akismet_signal(comment)["verdict"] is None
    assert len(fake.received("comment-check")) == 1


# --- outages: held for a person with the reason, never lost or published unchecked ---------


def assert_held_because_akismet_failed(comment):
    assert comment.status == Status.HELD
    reasons = Decision.objects.get(comment=comment).reasons
    assert any(reason.startswith("check failed: akismet: ") for reason in reasons), reasons


@pytest.mark.django_db
def test_when_akismet_is_down_the_comment_is_held_with_the_reason(fake):
    fake.stop()
    assert_held_because_akismet_failed(checked("The library's opening hours should be longer."))


@pytest.mark.django_db
@override_settings(AKISMET_TIMEOUT_SECONDS=0.3)
def test_a_slow_akismet_is_given_up_on_after_the_timeout(fake):
    fake.delay = 3  # it would say "true" (spam) if the check waited for it
    comment = checked("Try the new casino tonight")
    assert_held_because_akismet_failed(comment)
    assert "Akismet: spam" not in Decision.objects.get(comment=comment).reasons


def test_the_timeout_bounds_the_whole_answer_not_each_read(fake):
    fake.trickle = 0.3  # each byte well within the timeout, the whole answer not
    with override_settings(AKISMET_TIMEOUT_SECONDS=0.5):
        signal = AkismetCheck().run(Submission(body="Try the new casino tonight"), GivenContext())
    assert signal.verdict == Status.HELD
    assert signal.reasons == ("check failed: akismet: Akismet did not answer within 0.5 s",)


def test_a_wrong_key_is_a_failed_check_not_a_clean_comment(fake):
    with override_settings(AKISMET_API_KEY="revoked-key"):
        signal = AkismetCheck().run(Submission(body="Try the new casino tonight"), GivenContext())
    assert signal.verdict == Status.HELD and signal.reasons[0].startswith("check failed: akismet: ")


# --- moderators' decisions go back to Akismet ----------------------------------------------


def moderator_decides(capture, comment, to_status):
    with capture(execute=True):  # learning is enqueued after commit
        services.decide(
            comment, to_status, action="moderate", actor=make_user(is_staff=True), expected_from=[comment.status]
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("to_status", "operation"), [(Status.SPAM, "submit-spam"), (Status.PUBLISHED, "submit-ham")])
def test_a_moderators_spam_or_not_spam_decision_is_reported_to_akismet(
    fake, eager, django_capture_on_commit_callbacks, to_status, operation
):
    comment = make_comment(status=Status.HELD, body="Is this a casino advert or a question?", ip_address="198.51.100.4")
    moderator_decides(django_capture_on_commit_callbacks, comment, to_status)
    [report] = fake.received(operation)
    assert (report.form["comment_content"], report.form["user_ip"]) == (comment.body, "198.51.100.4")
    assert len(fake.requests) == 1


@pytest.mark.django_db
def test_without_a_key_nothing_is_sent_to_akismet(fake, eager, django_capture_on_commit_callbacks):
    with override_settings(AKISMET_API_KEY=""):
        comment = checked("Try the new casino tonight")
        moderator_decides(django_capture_on_commit_callbacks, make_comment(status=Status.HELD), Status.SPAM)
        moderator_decides(django_capture_on_commit_callbacks, make_comment(status=Status.HELD), Status.PUBLISHED)
    assert fake.requests == []
    assert "akismet" not in {signal["name"] for signal in Assessment.objects.get(comment=comment).signals}
