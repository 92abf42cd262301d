"""The moderation API: moderators only, the queues with filters, and decisions through the service."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from comments.models import Comment
from moderation.models import Assessment, Decision
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def decide_url(comment_id):
    return f"/api/v1/moderation/comments/{comment_id}/decision/"


# --- who may ------------------------------------------------------------------------------------

CALLERS = {
    "anonymous": 401,
    "reader": 403,
    "staff": 403,
    "group_member_not_staff": 403,
    "inactive_moderator": 403,
    "moderator": None,
    "superuser": None,
}


def endpoints(held):
    return [
        ("get", "/api/v1/moderation/queues/", None, 200),
        ("get", "/api/v1/moderation/queues/held/", None, 200),
        ("post", decide_url(held.pk), {"action": "approve", "expected_status": ["held"]}, 200),
        (
            "post",
            "/api/v1/moderation/decisions/",
            {"ids": [held.pk], "action": "approve", "expected_status": ["held"]},
            200,
        ),
    ]


@pytest.mark.parametrize("caller", list(CALLERS))
def test_permission_matrix_only_moderators_and_superusers_get_in(request, caller):
    client = request.getfixturevalue(caller)
    for method, url, payload, allowed in endpoints(make_comment(status=Status.HELD)):
        response = getattr(client, method)(url, payload, format="json")
        expected = CALLERS[caller] or allowed
        assert response.status_code == expected, (caller, url, response.json())
        if expected in (401, 403):
            assert "detail" in response.json()
    if CALLERS[caller]:
        assert not Decision.objects.exists()


def test_an_anonymous_client_is_told_to_authenticate_with_a_token(anonymous):
    response = anonymous.get("/api/v1/moderation/queues/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_moderator_may_also_use_a_session_with_csrf(moderator_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(moderator_user)
    assert client.get("/api/v1/moderation/queues/").status_code == 200
    held = make_comment(status=Status.HELD)
    approve = {"action": "approve", "expected_status": ["held"]}
    assert client.post(decide_url(held.pk), approve, format="json").status_code == 403  # no CSRF token


# --- the public API stays public -----------------------------------------------------------------


@pytest.mark.parametrize("caller", list(CALLERS))
def test_every_caller_may_read_the_public_api(request, caller, story):
    article, published, _ = story
    client = request.getfixturevalue(caller)
    assert client.get("/api/v1/articles/").status_code == 200
    listed = client.get(f"/api/v1/articles/{article.slug}/comments/").json()["results"]
    assert [c["id"] for c in listed] == [c.pk for c in published]  # moderators see no more here


# --- queues -------------------------------------------------------------------------------------


def test_the_queue_counts(moderator):
    make_comment(status=Status.HELD)
    make_comment(status=Status.HELD)
    make_comment(status=Status.SPAM)
    make_comment(report_count=2)
    assert moderator.get("/api/v1/moderation/queues/").json() == {
        "held": 2,
        "staff_abuse": 0,
        "reported": 1,
        "spam": 1,
        "submitted": 0,
    }


def test_the_held_queue_shows_why_each_comment_is_held_without_email_or_ip(moderator):
    held = make_comment(status=Status.HELD, author_email="hidden@example.org", ip_address="198.51.100.4")
    Assessment.objects.create(comment=held, verdict=Status.HELD, spam_score=0.7, reasons=["4 links", "first comment"])
    make_comment()  # published: not in the queue
    response = moderator.get("/api/v1/moderation/queues/held/")
    assert response.status_code == 200
    (entry,) = response.json()["results"]
    assert entry["id"] == held.pk
    assert entry["reasons"] == ["4 links", "first comment"]
    assert entry["article"]["slug"] == held.article.slug
    assert "hidden@example.org" not in response.content.decode()
    assert "198.51.100.4" not in response.content.decode()


def test_the_queue_lists_the_most_reported_first(moderator):
    quiet = make_comment(status=Status.HELD, report_count=1)
    loud = make_comment(status=Status.HELD, report_count=5)
    ids = [c["id"] for c in moderator.get("/api/v1/moderation/queues/held/").json()["results"]]
    assert ids == [loud.pk, quiet.pk]


def test_queue_filters_by_article_section_author_and_time(moderator, moderator_user):
    section = make_section()
    article = make_article(section=section)
    mine = make_comment(article, status=Status.HELD, user=moderator_user)
    other = make_comment(status=Status.HELD)
    old = make_comment(article, status=Status.HELD)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))

    def ids(**params):
        response = moderator.get("/api/v1/moderation/queues/held/", params)
        assert response.status_code == 200, response.json()
        return {c["id"] for c in response.json()["results"]}

    assert ids() == {mine.pk, other.pk, old.pk}
    assert ids(article=article.slug) == {mine.pk, old.pk}
    assert ids(section=section.slug) == {mine.pk, old.pk}
    assert ids(user=moderator_user.pk) == {mine.pk}
    assert ids(since=(timezone.now() - timedelta(days=1)).isoformat()) == {mine.pk, other.pk}
    assert ids(until=(timezone.now() - timedelta(days=1)).isoformat()) == {old.pk}


@pytest.mark.parametrize("queue", ["reported", "spam", "submitted", "published", "rejected", "removed", "all"])
def test_every_queue_answers(moderator, queue):
    assert moderator.get(f"/api/v1/moderation/queues/{queue}/").status_code == 200


@pytest.mark.parametrize(
    "params, field",
    [
        ({"since": "yesterday"}, "since"),
        ({"until": ""}, "until"),
        ({"section": " "}, "section"),
        ({"user": "me"}, "user"),
        ({"user": "9" * 30}, "user"),
        ({"article": "not a slug!"}, "article"),
        ({"colour": "red"}, "colour"),
        ({"page": "99"}, "page"),
        ({"page": "zero"}, "page"),
    ],
)
def test_bad_queue_filters_are_a_400_naming_them(moderator, params, field):
    make_comment(status=Status.HELD)
    response = moderator.get("/api/v1/moderation/queues/held/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_a_time_with_any_valid_offset_filters_in_utc(moderator):
    comment = make_comment(status=Status.HELD)
    # 12:00 at +17:17 is 18:43 the day before in UTC: before the comment was posted.
    response = moderator.get("/api/v1/moderation/queues/held/", {"since": "2000-01-02T12:00:00+17:17"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [comment.pk]


def test_an_unknown_queue_is_a_404_listing_the_queues(moderator):
    response = moderator.get("/api/v1/moderation/queues/boring/")
    assert response.status_code == 404
    assert "held" in response.json()["detail"]


# --- decisions ----------------------------------------------------------------------------------


def test_a_decision_goes_through_the_service_with_actor_and_reason(
    moderator, moderator_user, django_capture_on_commit_callbacks
):
    held = make_comment(status=Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(
            decide_url(held.pk),
            {"action": "approve", "reason": "fair point", "expected_status": ["held"]},
            format="json",
        )
    assert response.status_code == 200
    body = response.json()
    assert (body["from_status"], body["to_status"], body["action"]) == ("held", "published", "approve")
    decision = Decision.objects.get(pk=body["id"])
    assert decision.actor == moderator_user
    assert decision.reasons == ["fair point"]
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED
    held.article.refresh_from_db()
    assert held.article.comment_count == 1


@pytest.mark.parametrize(
    "action, status", [("spam", "spam"), ("reject", "rejected"), ("remove", "removed"), ("hold", "held")]
)
def test_each_action_leads_to_its_status(moderator, action, status):
    comment = make_comment()
    response = moderator.post(
        decide_url(comment.pk), {"action": action, "expected_status": ["published"]}, format="json"
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == status


def test_deciding_an_already_decided_comment_is_a_409(moderator):
    held = make_comment(status=Status.HELD)
    approve = {"action": "approve", "expected_status": ["held"]}
    assert moderator.post(decide_url(held.pk), approve, format="json").status_code == 200
    again = moderator.post(decide_url(held.pk), approve, format="json")
    assert again.status_code == 409
    assert "already published" in again.json()["detail"]
    assert Decision.objects.count() == 1


def test_a_decision_expecting_the_old_status_is_a_409_when_someone_was_first(moderator):
    held = make_comment(status=Status.HELD)
    moderator.post(decide_url(held.pk), {"action": "spam", "expected_status": ["held"]}, format="json")
    response = moderator.post(decide_url(held.pk), {"action": "reject", "expected_status": ["held"]}, format="json")
    assert response.status_code == 409
    assert "already decided" in response.json()["detail"]
    held.refresh_from_db()
    assert held.status == Status.SPAM


@pytest.mark.parametrize("comment_id", ["999999", "abc", "0"])
def test_deciding_an_unknown_comment_is_a_404(moderator, comment_id):
    payload = {"action": "approve", "expected_status": ["held"]}
    assert moderator.post(decide_url(comment_id), payload, format="json").status_code == 404


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"expected_status": ["held"]}, "action"),
        ({"action": "delete", "expected_status": ["held"]}, "action"),
        ({"action": "approve", "reason": "x" * 301, "expected_status": ["held"]}, "reason"),
        ({"action": "approve"}, "expected_status"),
        ({"action": "approve", "expected_status": []}, "expected_status"),
        ({"action": "approve", "expected_status": ["pending"]}, "expected_status"),
        ({"action": "approve", "expected_status": "held"}, "expected_status"),
        ({"action": "approve", "expected_status": {str(1): "held"}}, "expected_status"),
        ({"action": "approve", "actor": 1, "expected_status": ["held"]}, "actor"),
    ],
)
def test_a_bad_decision_is_a_400_naming_the_field(moderator, payload, field):
    held = make_comment(status=Status.HELD)
    response = moderator.post(decide_url(held.pk), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Decision.objects.exists()


def test_bulk_decisions_report_what_was_decided_and_what_was_refused(moderator):
    held = [make_comment(status=Status.HELD) for _ in range(3)]
    already = make_comment(status=Status.SPAM)
    ids = [c.pk for c in held] + [already.pk, 987654]
    response = moderator.post(
        "/api/v1/moderation/decisions/",
        {"ids": ids, "action": "spam", "reason": "ads", "expected_status": ["held", "spam"]},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert sorted(d["comment"] for d in body["decided"]) == [c.pk for c in held]
    assert body["refused"] == {str(already.pk): "already spam", "987654": "no such comment"}
    assert Comment.objects.filter(status=Status.SPAM).count() == 4


def test_bulk_decisions_on_one_article_are_bounded_in_queries(moderator, django_assert_max_num_queries):
    article = make_article()
    ids = [make_comment(article, status=Status.HELD).pk for _ in range(40)]
    with django_assert_max_num_queries(15):
        response = moderator.post(
            "/api/v1/moderation/decisions/",
            {"ids": ids, "action": "approve", "expected_status": ["held"]},
            format="json",
        )
    assert len(response.json()["decided"]) == 40


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"action": "approve"}, "ids"),
        ({"ids": [], "action": "approve"}, "ids"),
        ({"ids": ["1"], "action": "approve"}, "ids"),
        ({"ids": 5, "action": "approve"}, "ids"),
        ({"ids": [2**70], "action": "approve"}, "ids"),
        ({"ids": list(range(1, 502)), "action": "approve"}, "ids"),
        ({"ids": [1], "action": "maybe", "expected_status": ["held"]}, "action"),
        ({"ids": [1], "action": "approve"}, "expected_status"),
        ({"ids": [1], "action": "approve", "expected_status": {}}, "expected_status"),
        ({"ids": [1], "action": "approve", "expected_status": {"2": "held"}}, "expected_status"),
        ({"ids": [1], "action": "approve", "expected_status": {"one": "held"}}, "expected_status"),
        ({"ids": [1], "action": "approve", "expected_status": {"1": "pending"}}, "expected_status"),
        ({"ids": [1], "action": "approve", "expected_status": {"1": ["held"]}}, "expected_status"),
        ({"ids": [1], "action": "approve", "expected_status": "held"}, "expected_status"),
    ],
)
def test_a_bad_bulk_decision_is_a_400_naming_the_field(moderator, payload, field):
    response = moderator.post("/api/v1/moderation/decisions/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


# --- the status the moderator saw ----------------------------------------------------------------


def test_a_decision_without_the_status_the_moderator_saw_is_refused_and_changes_nothing(moderator):
    held = make_comment(status=Status.HELD)
    response = moderator.post(decide_url(held.pk), {"action": "approve"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"expected_status": ["This field is required."]}
    response = moderator.post("/api/v1/moderation/decisions/", {"ids": [held.pk], "action": "approve"}, format="json")
    assert response.status_code == 400 and "expected_status" in response.json()
    held.refresh_from_db()
    assert held.status == Status.HELD and not Decision.objects.exists()


@pytest.fixture
def second_moderator(db):
    from django.contrib.auth.models import Group

    from .conftest import token_client

    user = make_user(first_name="Second", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return token_client(user)


def test_of_two_moderators_reading_the_same_comment_the_second_gets_a_409(moderator, second_moderator):
    comment = make_comment(status=Status.HELD)
    [seen] = moderator.get("/api/v1/moderation/queues/held/").json()["results"]
    [also_seen] = second_moderator.get("/api/v1/moderation/queues/held/").json()["results"]
    first = second_moderator.post(
        decide_url(comment.pk), {"action": "approve", "expected_status": [also_seen["status"]]}, format="json"
    )
    assert first.status_code == 200
    late = moderator.post(
        decide_url(comment.pk), {"action": "reject", "expected_status": [seen["status"]]}, format="json"
    )
    assert late.status_code == 409
    assert late.json() == {"detail": f"Comment {comment.pk} was not changed: already decided: it is published now."}
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED and Decision.objects.count() == 1


def test_bulk_decisions_may_say_the_status_each_comment_was_seen_in(moderator):
    held, reported = make_comment(status=Status.HELD), make_comment(status=Status.PUBLISHED, report_count=1)
    changed_since = make_comment(status=Status.PUBLISHED)  # read as held, published by someone else since
    seen = {str(held.pk): "held", str(reported.pk): "published", str(changed_since.pk): "held"}
    response = moderator.post(
        "/api/v1/moderation/decisions/",
        {"ids": [held.pk, reported.pk, changed_since.pk], "action": "reject", "expected_status": seen},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert sorted(d["comment"] for d in body["decided"]) == sorted([held.pk, reported.pk])
    assert body["refused"] == {str(changed_since.pk): "already decided: it is published now"}
