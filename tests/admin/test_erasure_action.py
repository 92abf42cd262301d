"""The console's "Erase this commenter's personal data": moderators only, after a confirmation page."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comments.models import Comment
from moderation.erasure import ERASED_NAME
from moderation.models import Decision, Erasure
from tests.factories import make_comment

from .conftest import login

pytestmark = pytest.mark.django_db
CONSOLE = reverse("admin:comments_comment_changelist")
EMAIL = "grace@example.org"


def ask(client, comments, **extra):
    data = {"action": "erase_commenters", "_selected_action": [c.pk for c in comments], "index": 0, **extra}
    return client.post(CONSOLE + "?queue=published", data)


def confirm(client, comments):
    data = {"action": "erase_commenters", "_selected_action": [c.pk for c in comments], "post": "yes"}
    return client.post(CONSOLE + "?queue=published", data)


@pytest.fixture
def graces(article):
    return [make_comment(article, author_name="Grace", author_email=EMAIL, ip_address="203.0.113.5") for _ in range(2)]


def names(comments):
    return [Comment.objects.get(pk=c.pk).author_name for c in comments]


def test_the_action_shows_a_confirmation_page_first_and_changes_nothing(client, moderator, graces):
    response = ask(login(client, moderator), graces[:1])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Erase these commenters" in page and f"the address {EMAIL}: 2 comments" in page
    assert 'name="post" value="yes"' in page and "No, take me back" in page
    assert names(graces) == ["Grace", "Grace"] and not Erasure.objects.exists()


def test_confirmed_every_comment_of_the_commenter_is_erased_and_audited_without_the_address(
    client, moderator, graces, article, django_capture_on_commit_callbacks
):
    anonymous = make_comment(article, author_name="No Address", author_email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(login(client, moderator), [graces[0], anonymous])

    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Personal data erased on request, 2 comments.", "Personal data erased on request, 1 comment."]
    assert names([*graces, anonymous]) == [ERASED_NAME] * 3
    assert all(Comment.objects.get(pk=c.pk).ip_address is None for c in graces)
    records = list(Erasure.objects.order_by("pk").values_list("actor_id", "via", "comments"))
    assert records == [(moderator.pk, "admin", 2), (moderator.pk, "admin", 1)]
    assert ERASED_NAME in client.get(article.get_absolute_url()).content.decode()


def test_the_action_is_for_moderators_only(client, staff, graces):
    login(client, staff)
    assert ask(client, graces).status_code == 403
    assert confirm(client, graces).status_code == 403
    assert names(graces) == ["Grace", "Grace"] and not Erasure.objects.exists()


def test_moderators_find_it_among_the_console_actions_and_the_erasures_in_the_log(client, moderator, graces):
    console = login(client, moderator).get(CONSOLE + "?queue=published").content.decode()
    assert "Erase this commenter&#x27;s personal data" in console
    confirm(client, graces)
    log = client.get(reverse("admin:moderation_erasure_changelist")).content.decode()
    assert "personal data erased on request, 2 comments" in log and EMAIL not in log


def test_with_texts_removed_a_held_comment_of_theirs_leaves_the_queue_as_the_moderators_decision(
    client, moderator, graces, article, settings, django_capture_on_commit_callbacks
):
    settings.PRIVACY_ERASE_BODIES = True
    held = make_comment(article, status=Comment.Status.HELD, author_name="Grace", author_email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(login(client, moderator), graces[:1])

    held.refresh_from_db()
    assert (held.status, held.body, held.author_name) == (Comment.Status.REMOVED, "", ERASED_NAME)
    decision = Decision.objects.get(comment=held)
    assert (decision.actor, decision.action, decision.to_status) == (moderator, "erase", Comment.Status.REMOVED)
    assert Erasure.objects.get().summary == "personal data erased on request, 3 comments; texts removed"
