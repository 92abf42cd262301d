"""Bulk decisions from the console: through the service, with a reason, saying what happened, in bounded queries."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comments.models import Comment
from moderation import services
from moderation.models import Ban, Decision
from newsite.models import Article
from tests.factories import make_comment, make_user

from .conftest import login, make_held

Status = Comment.Status
CONSOLE = reverse("admin:comments_comment_changelist")
# Measured on SQLite: publishing 10 comments costs 18 queries, 1,000 cost 25; banning 10 IPs 20, 1,000 IPs 34.
# The growth is only SQLite's insert batches (its parameter limit): never a query per comment.
QUERY_BUDGET_FOR_1000 = 40


def act(client, action, comments, queue="held", reason="", follow=False):
    return client.post(
        CONSOLE + f"?queue={queue}",
        {"action": action, "_selected_action": [c.pk for c in comments], "index": 0, "reason": reason},
        follow=follow,
    )


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def statuses(comments):
    return [Comment.objects.get(pk=c.pk).status for c in comments]


def test_approving_publishes_through_the_service_with_the_reason_and_says_so(client, moderator, article):
    comments = [make_held(article) for _ in range(3)]
    response = act(login(client, moderator), "approve_selected", comments, reason="fair criticism")
    assert said(response) == ["3 comments published"]
    assert statuses(comments) == [Status.PUBLISHED] * 3
    decisions = Decision.objects.filter(comment__in=comments)
    assert {(d.actor_id, d.action, d.from_status, d.to_status) for d in decisions} == {
        (moderator.pk, "approve", Status.HELD, Status.PUBLISHED)
    }
    assert all(d.reasons == ["fair criticism"] for d in decisions)
    assert Article.objects.get(pk=article.pk).comment_count == 3


@pytest.mark.parametrize(
    ("action", "queue", "start", "end", "audit"),
    [
        ("reject_selected", "held", Status.HELD, Status.REJECTED, "reject"),
        ("spam_selected", "held", Status.HELD, Status.SPAM, "spam"),
        ("not_spam_selected", "spam", Status.SPAM, Status.PUBLISHED, "not_spam"),
        ("remove_selected", "published", Status.PUBLISHED, Status.REMOVED, "remove"),
    ],
)
def test_each_decision_action_moves_the_comment_and_records_it(
    client, moderator, article, action, queue, start, end, audit
):
    comment = make_comment(article, status=start)
    act(login(client, moderator), action, [comment], queue=queue)
    assert statuses([comment]) == [end]
    assert Decision.objects.get(comment=comment).action == audit


def test_a_reason_is_optional(client, moderator, held):
    act(login(client, moderator), "reject_selected", [held])
    assert Decision.objects.get(comment=held).reasons == []


def test_comments_another_moderator_decided_meanwhile_are_left_alone_and_counted(
    client, moderator, second_moderator, article
):
    comments = [make_held(article) for _ in range(13)]
    # The other moderator rejected one while this one was reading the queue.
    services.decide(comments[0], Status.REJECTED, action="reject", actor=second_moderator, expected_from=[Status.HELD])
    response = act(login(client, moderator), "approve_selected", comments)
    assert said(response) == ["12 comments published, 1 had already been decided by someone else"]
    assert statuses(comments[:1]) == [Status.REJECTED]
    assert Decision.objects.filter(comment=comments[0]).count() == 1


def test_two_moderators_deciding_the_same_comment_apply_one_decision(client, moderator, second_moderator, held):
    from django.test import Client

    other = login(Client(), second_moderator)
    act(other, "approve_selected", [held])
    response = act(login(client, moderator), "reject_selected", [held])
    assert statuses([held]) == [Status.PUBLISHED]
    assert said(response) == ["0 comments rejected, 1 had already been decided by someone else"]
    assert list(Decision.objects.filter(comment=held).values_list("actor__username", flat=True)) == ["mod2"]


def test_an_action_on_an_empty_selection_says_so_and_changes_nothing(client, moderator, held):
    response = login(client, moderator).post(CONSOLE, {"action": "approve_selected", "index": 0}, follow=True)
    assert any("Items must be selected" in message for message in said(response))
    assert statuses([held]) == [Status.HELD]


def test_banning_authors_bans_the_account_and_the_email_and_rejects_their_comments(client, moderator, article):
    account = make_user("troll")
    by_account = make_held(article, user=account, author_email="troll@example.org")
    anonymous = make_held(article, author_email="Anon@Example.org")
    response = act(login(client, moderator), "ban_authors", [by_account, anonymous], reason="abuse")
    assert said(response) == ["3 author identities banned", "2 comments rejected"]
    assert Ban.objects.filter(kind=Ban.Kind.USER, user=account, reason="abuse", created_by=moderator).exists()
    assert set(Ban.objects.filter(kind=Ban.Kind.EMAIL).values_list("value", flat=True)) == {
        "troll@example.org",
        "anon@example.org",
    }
    assert statuses([by_account, anonymous]) == [Status.REJECTED] * 2
    assert Decision.objects.get(comment=anonymous).reasons == ["author banned: abuse"]


def test_banning_an_author_twice_adds_no_second_ban(client, moderator, article):
    comment = make_held(article, author_email="twice@example.org")
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="twice@example.org")
    response = act(login(client, moderator), "ban_authors", [comment])
    assert said(response)[0] == "0 author identities banned, 1 already banned"
    assert Ban.objects.count() == 1


def test_banning_ips_skips_addresses_inside_a_banned_network(client, moderator, article):
    inside = make_held(article, ip_address="198.51.100.9")
    outside = make_held(article, ip_address="203.0.113.5")
    Ban.objects.create(kind=Ban.Kind.IP, value="198.51.100.0/24")
    response = act(login(client, moderator), "ban_ips", [inside, outside])
    assert said(response)[0] == "1 IP address banned, 1 already banned"
    assert Ban.objects.filter(kind=Ban.Kind.IP, value="203.0.113.5/32").exists()


@pytest.mark.parametrize("action", ["approve_selected", "spam_selected", "ban_ips"])
def test_an_action_on_1000_comments_costs_a_bounded_number_of_queries(
    client, moderator, article, action, django_assert_max_num_queries
):
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name=f"Reader {n}",
            author_email=f"r{n}@example.org",
            ip_address=f"10.0.{n // 250}.{n % 250}",
            body=f"Comment {n}",
            body_html=f"<p>Comment {n}</p>",
            status=Status.HELD,
        )
        for n in range(1000)
    )
    login(client, moderator)
    client.get(CONSOLE)
    # A moderator ticks one row, then "Select all 1000" (a page of checkboxes stops at the admin's field limit).
    first = Comment.objects.filter(status=Status.HELD).first()
    with django_assert_max_num_queries(QUERY_BUDGET_FOR_1000):
        response = client.post(
            CONSOLE + "?queue=held",
            {"action": action, "_selected_action": [first.pk], "select_across": "1", "index": 0},
        )
    assert response.status_code == 302
    assert Comment.objects.filter(status=Status.HELD).count() == 0
    assert Decision.objects.count() == 1000


# --- what the moderator saw ----------------------------------------------------------------------


def seen_on_page(client, queue):
    """The hidden status of each row, as the console's list drew it for this moderator."""
    import re

    html = client.get(CONSOLE + f"?queue={queue}").content.decode()
    return re.findall(r'<input type="hidden" name="seen_status" value="(\d+:\w+)">', html)


def act_as_seen(client, action, comments, queue, seen, **extra):
    payload = {"action": action, "_selected_action": [c.pk for c in comments], "index": 0, "seen_status": seen}
    return client.post(CONSOLE + f"?queue={queue}", {**payload, **extra})


def test_each_row_of_the_console_carries_the_status_it_was_shown_in(client, moderator, article):
    held, published = make_held(article), make_comment(article)
    assert sorted(seen_on_page(login(client, moderator), "all")) == sorted(
        [f"{held.pk}:held", f"{published.pk}:published"]
    )


def test_from_the_all_tab_a_comment_decided_meanwhile_is_left_alone(client, moderator, second_moderator, article):
    held, other = make_held(article), make_held(article)
    seen = seen_on_page(login(client, moderator), "all")  # this moderator reads the list …
    services.decide(held, Status.PUBLISHED, action="approve", actor=second_moderator, expected_from=[Status.HELD])
    response = act_as_seen(client, "reject_selected", [held, other], "all", seen)  # … and rejects both
    assert said(response) == ["1 comment rejected, 1 had already been decided by someone else"]
    assert statuses([held, other]) == [Status.PUBLISHED, Status.REJECTED]
    assert list(Decision.objects.filter(comment=held).values_list("actor__username", flat=True)) == ["mod2"]


def test_a_ban_from_the_all_tab_rejects_only_what_the_moderator_saw(client, moderator, second_moderator, article):
    comment = make_held(article, ip_address="198.51.100.77")
    seen = seen_on_page(login(client, moderator), "all")
    services.decide(comment, Status.PUBLISHED, action="approve", actor=second_moderator, expected_from=[Status.HELD])
    response = act_as_seen(client, "ban_ips", [comment], "all", seen)
    assert said(response) == ["1 IP address banned", "0 comments rejected, 1 had already been decided by someone else"]
    assert statuses([comment]) == [Status.PUBLISHED]


def test_rows_the_all_tab_never_showed_are_not_decided_by_select_all(client, moderator, article):
    shown, beyond = make_held(article), make_comment(article)
    response = act_as_seen(
        login(client, moderator), "remove_selected", [shown], "all", [f"{shown.pk}:held"], select_across="1"
    )
    assert said(response) == [
        "1 comment removed, 1 not shown on your page were left alone (choose a queue to act on all of it)"
    ]
    assert statuses([shown, beyond]) == [Status.REMOVED, Status.PUBLISHED]


def test_a_moderators_decision_must_say_what_the_moderator_saw(moderator, held):
    with pytest.raises(TypeError, match="expected_from"):
        services.decide(held, Status.PUBLISHED, action="approve", actor=moderator)
    with pytest.raises(TypeError, match="expected_from"):
        services.decide_many([held.pk], Status.PUBLISHED, action="approve", actor=moderator)
    assert statuses([held]) == [Status.HELD]
