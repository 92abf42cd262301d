"""Editors' picks: made by a moderator through the one service (admin action, change-page button, API), audited,
shown with a badge and under the Editors' picks tab, and a pick no more once it leaves the page."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from moderation import services, statements, transparency
from moderation.models import Decision
from tests.admin.conftest import make_moderator
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def article():
    return make_article()


@pytest.fixture
def moderator():
    return make_moderator("picker")


def picked(comment):
    comment.refresh_from_db(fields=["picked_at"])
    return comment.is_pick


def test_a_pick_is_audited_and_shown_with_a_badge_under_its_tab(article, moderator, django_capture_on_commit_callbacks):
    chosen = make_comment(article, body_html="<p>The best of the thread</p>")
    make_comment(article, body_html="<p>An ordinary one</p>")
    page = Client().get(article.get_absolute_url() + "?order=picks").content.decode()
    assert "No editors' picks on this story yet." in page  # stored in the page cache: the pick must refresh it

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.set_picks([chosen.pk], services.PICK, actor=moderator)

    assert outcome.refused == {} and picked(chosen)
    decision = Decision.objects.get(comment=chosen)
    assert (decision.action, decision.actor, decision.from_status, decision.to_status) == (
        "pick",
        moderator,
        Status.PUBLISHED,
        Status.PUBLISHED,
    )
    picks = Client().get(article.get_absolute_url() + "?order=picks").content.decode()
    assert "The best of the thread" in picks and "An ordinary one" not in picks
    assert "Editors' picks: 1" in picks and "Editors' pick</span>" in picks
    everything = Client().get(article.get_absolute_url()).content.decode()
    assert everything.count("comment-pick-badge") == 1


def test_only_a_published_comment_can_be_a_pick_and_twice_is_refused(article, moderator):
    held = make_comment(article, status=Status.HELD)
    chosen = make_comment(article)
    services.set_picks([chosen.pk], services.PICK, actor=moderator)

    outcome = services.set_picks([held.pk, chosen.pk], services.PICK, actor=moderator)

    assert outcome.decided == []
    assert outcome.refused == {
        held.pk: "only a published comment can be a pick: it is held",
        chosen.pk: "already an editors' pick",
    }
    assert not picked(held)


def test_a_pick_that_leaves_the_page_is_a_pick_no_more(article, moderator):
    chosen = make_comment(article)
    services.set_picks([chosen.pk], services.PICK, actor=moderator)

    services.decide(chosen, Status.HELD, action="reported")
    assert not picked(chosen)
    services.decide(chosen, Status.PUBLISHED, action="approve", actor=moderator, expected_from=[Status.HELD])
    assert not picked(chosen)  # published again, but the desk picks it again if it wants


def test_undoing_a_pick(article, moderator):
    chosen = make_comment(article)
    services.set_picks([chosen.pk], services.PICK, actor=moderator)
    outcome = services.set_picks([chosen.pk], services.UNPICK, actor=moderator)
    assert outcome.refused == {} and not picked(chosen)
    assert list(chosen.decisions.values_list("action", flat=True)) == ["unpick", "pick"]


def test_a_pick_is_no_decision_in_the_statement_or_the_report(article, moderator, settings):
    settings.TIME_ZONE = "UTC"
    comment = make_comment(article, status=Status.SUBMITTED)
    services.decide(comment, Status.PUBLISHED, action="check")
    services.set_picks([comment.pk], services.PICK, actor=moderator)
    comment.refresh_from_db()

    assert statements.statement_for(comment).decision.action == "check"
    today = date.today()
    report = transparency.build(today, today)
    assert (report.total.decisions, report.total.human, report.total.human_decided) == (1, 0, 0)


def test_the_admin_action_and_the_change_page_button(client, article, moderator):
    first, second = make_comment(article), make_comment(article)
    client.force_login(moderator)
    changelist = reverse("admin:comments_comment_changelist")
    response = client.post(
        changelist + "?queue=published", {"action": "pick_selected", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 302 and picked(first) and picked(second)

    page = client.get(reverse("admin:comments_comment_change", args=[first.pk])).content.decode()
    assert 'value="unpick"' in page and 'value="pick"' not in page
    client.post(
        reverse("admin:comments_comment_decide", args=[first.pk]), {"decision": "unpick", "seen_status": "published"}
    )
    assert not picked(first)
    shown = client.get(reverse("admin:comments_comment_change", args=[first.pk])).content.decode()
    assert "The comment is no longer an editors&#x27; pick." in shown


def test_the_moderation_api_picks_and_refuses(article, moderator):
    chosen, held = make_comment(article), make_comment(article, status=Status.HELD)
    client = Client()
    client.force_login(moderator)
    url = reverse("moderation-api:pick", args=[chosen.pk])

    assert client.post(url).json()["action"] == "pick" and picked(chosen)
    assert client.post(url).status_code == 409
    assert client.post(reverse("moderation-api:pick", args=[held.pk])).status_code == 409
    assert client.delete(url).status_code == 200 and not picked(chosen)

    reader = Client()
    reader.force_login(make_user())
    assert reader.post(url).status_code == 403 and not picked(chosen)
