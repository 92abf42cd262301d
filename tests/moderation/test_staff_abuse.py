"""Writers and staff named in abusive terms: found in linear time, held in the Staff abuse queue, never mailed to them,
counted per writer on the dashboard."""

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation import notifications, pipeline, queues, services, staff_names
from moderation.checks import staff_abuse
from moderation.checks.base import Context, Submission
from moderation.checks.staff_abuse import STAFF_ABUSE_PRIORITY, StaffAbuseCheck
from moderation.dashboard import figures
from newsite.models import StaffMember
from tests.factories import make_article, make_comment, make_user

Status = Comment.Status


def names(*people, byline=""):
    directory = staff_names.StaffNames()
    for name, handle in people:
        directory.add(name, handle=handle)
    return directory.with_byline(byline)


def found(directory, text):
    return [(m.name, m.start, m.end) for m in directory.mentions(staff_names.tokens(text))]


def test_names_are_found_by_their_words_whatever_the_case_or_accents_and_handles_however_written():
    directory = names(("Zoë Ng", "zoe_ng"), ("Jane Doe", ""))
    assert found(directory, "ZOE NG wrote this, and jane   doe.") == [("Zoë Ng", 0, 2), ("Jane Doe", 5, 7)]
    assert found(directory, "@Zoe_Ng @zoeng @JaneDoe @jane_doe @janet") == [
        ("Zoë Ng", 0, 1), ("Zoë Ng", 1, 2), ("Jane Doe", 2, 3), ("Jane Doe", 3, 4)
    ]  # fmt: skip
    assert found(directory, "Jane alone, Doe alone, Janedoe without the @") == []


def test_the_bylines_writers_are_known_on_their_article_by_the_surname_alone_but_not_by_an_initial():
    directory = names(byline="By Dr Sam Lind and A. Reporter")
    assert found(directory, "Lind is wrong, says a reader") == [("Sam Lind", 0, 1)]
    assert found(directory, "sam lind") == [("Sam Lind", 0, 2)]
    assert found(directory, "a reader says a lot") == []
    described = names(byline="Marta Okafor, City Hall correspondent")
    assert found(described, "City Hall is a joke, Okafor knows") == [("Marta Okafor", 5, 6)]


class Known(Context):
    def __init__(self, directory):
        self.directory = directory

    def staff_names(self):
        return self.directory


def signal(text, byline="", *people):
    return StaffAbuseCheck().run(Submission(body=text, article_byline=byline), Known(names(*people)))


def test_abusive_language_next_to_a_writers_name_holds_the_comment_at_the_highest_priority():
    held = signal("Jane Doe is a fucking idiot and should be sacked.", "By Jane Doe")
    assert (held.verdict, held.priority, held.targets) == (Status.HELD, STAFF_ABUSE_PRIORITY, ("Jane Doe",))
    assert held.reasons == ("abusive language aimed at staff: Jane Doe",)
    assert signal("@samed you are a moron", "", ("Sam Edwards", "samed")).targets == ("Sam Edwards",)


def test_criticism_of_a_writer_and_abuse_far_from_any_name_are_not_staff_abuse():
    assert (
        signal("Jane Doe's piece on the damn council budget was fair and well argued.", "By Jane Doe").verdict is None
    )
    far = "Jane Doe reports the council met on Tuesday to discuss the harbour, the buses and the new library. " * 2
    assert signal(far + "Whoever runs the parking office is a fucking idiot.", "By Jane Doe").verdict is None
    assert signal("What a fucking idiot.", "By Jane Doe").score is None  # no name: nothing to look at


def test_a_text_repeating_a_name_costs_one_score_per_stretch_of_nearby_mentions(monkeypatch):
    calls = []

    class CountingModel:
        def probability(self, text):
            calls.append(len(text))
            return 0.0

    monkeypatch.setattr(staff_abuse, "toxicity_model", lambda: CountingModel())
    text = "Jane Doe " * 2000 + "and nothing else " * 200 + "jane doe"
    signal(text, "By Jane Doe")
    assert len(calls) == 2  # the run of 2,000 mentions is one stretch; the last mention, far away, another
    assert sum(calls) < len(text)


@pytest.fixture
def writer_article(db):
    return make_article(byline="By Jane Doe")


def checked(article, body, **fields):
    comment = make_comment(article, status=Status.SUBMITTED, body=body, **fields)
    pipeline.check(comment.pk)
    comment.refresh_from_db()
    return comment


def test_a_comment_abusing_the_writer_waits_in_the_staff_abuse_queue(writer_article):
    abusive = checked(writer_article, "Jane Doe is a pathetic useless hack, what a moron.")
    fair = checked(writer_article, "Jane Doe explains the budget well.")
    assert (abusive.status, abusive.priority) == (Status.HELD, STAFF_ABUSE_PRIORITY)
    assert "abusive language aimed at staff: Jane Doe" in abusive.assessment.reasons
    assert fair.status == Status.PUBLISHED
    assert list(queues.QUEUES["staff_abuse"].comments()) == [abusive]
    assert queues.count_now()["staff_abuse"] == 1


def test_a_staff_member_added_to_the_list_is_protected_from_the_next_check(writer_article):
    assert checked(writer_article, "Sam Edwards is an idiot").priority != STAFF_ABUSE_PRIORITY
    StaffMember.objects.create(name="Sam Edwards", handle="samed")
    assert checked(writer_article, "Sam Edwards is an idiot, truly").priority == STAFF_ABUSE_PRIORITY
    StaffMember.objects.filter(name="Sam Edwards").update(is_active=False)
    staff_names.staff_changed()  # as saving the row in the admin does
    assert checked(writer_article, "Sam Edwards is an idiot, really").priority != STAFF_ABUSE_PRIORITY


def test_the_writer_is_never_mailed_a_reply_that_abused_them_even_once_a_moderator_published_it(
    writer_article, mailoutbox, django_capture_on_commit_callbacks
):
    writers_comment = make_comment(
        writer_article,
        author_name="Jane Doe",
        author_email="jane@newsite.test",
        notify_on_reply=True,
        email_verified_at=timezone.now(),
    )
    reply = checked(writer_article, "@janedoe you are a stupid cow", parent=writers_comment)
    assert reply.priority == STAFF_ABUSE_PRIORITY
    moderator = make_user("mod", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(reply, Status.PUBLISHED, action="approve", actor=moderator, expected_from=[Status.HELD])
    assert notifications.send_author_notices(reply.pk, Status.HELD) == 0
    assert mailoutbox == []
    fair = checked(writer_article, "@janedoe thank you, well reported", parent=writers_comment)
    assert notifications.send_author_notices(fair.pk) == 1  # an ordinary answer still reaches her


def test_the_dashboard_counts_abuse_per_writer(writer_article, client):
    checked(writer_article, "Jane Doe is a pathetic useless hack, what a moron.")
    checked(writer_article, "Jane Doe is an idiot.")
    StaffMember.objects.create(name="Sam Edwards")
    checked(make_article(byline="Sam Edwards"), "Sam Edwards is a fucking idiot")
    assert figures()["staff_abuse"] == [{"name": "Jane Doe", "count": 2}, {"name": "Sam Edwards", "count": 1}]
    superuser = make_user("boss", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    html = client.get(reverse("moderation:dashboard")).content.decode()
    assert "<td>Jane Doe</td><td>2</td>" in html
    tabs = client.get(reverse("admin:comments_comment_changelist") + "?queue=staff_abuse").content.decode()
    assert "Staff abuse comments" in tabs
