"""The comment changelist is the console: queues with counts, priority order, columns, search and filters."""

import re

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment, make_section

from .conftest import login, make_held

Status = Comment.Status
CONSOLE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def console(client, moderator):
    login(client, moderator)

    def get(query=""):
        response = client.get(CONSOLE + query)
        assert response.status_code == 200
        return response

    return get


def listed(response):
    return [row.pk for row in response.context["cl"].result_list]


def test_the_console_opens_on_the_held_queue(console, article):
    held = make_held(article)
    make_comment(article)
    response = console()
    assert listed(response) == [held.pk]
    assert response.context["title"] == "Held comments"


def test_every_queue_shows_its_size_and_its_comments(console, article):
    held = make_held(article)
    reported = make_comment(article, report_count=2)
    spam = make_comment(article, status=Status.SPAM)
    rejected = make_comment(article, status=Status.REJECTED)
    removed = make_comment(article, status=Status.REMOVED)
    content = console().content.decode()
    for label, size in [("Held", 1), ("Reported", 1), ("Spam", 1), ("Published", 1), ("Rejected", 1), ("All", 5)]:
        assert re.search(rf"{label} <span class=\"mod-count\">{size}</span>", content), label
    assert listed(console("?queue=reported")) == [reported.pk]
    assert listed(console("?queue=spam")) == [spam.pk]
    assert listed(console("?queue=rejected")) == [rejected.pk]
    assert listed(console("?queue=removed")) == [removed.pk]
    assert set(listed(console("?queue=all"))) == {held.pk, reported.pk, spam.pk, rejected.pk, removed.pk}


def test_held_comments_are_ordered_by_reports_then_score_then_age(console, article):
    oldest_clean = make_held(article, spam_score=0.1)
    suspicious = make_held(article, spam_score=0.9)
    reported = make_held(article, spam_score=0.2, report_count=4)
    newer_clean = make_held(article, spam_score=0.1)
    assert listed(console()) == [reported.pk, suspicious.pk, oldest_clean.pk, newer_clean.pk]


def test_each_row_shows_excerpt_article_author_status_reasons_score_reports_and_age(console, held):
    content = console().content.decode()
    assert "Cheap watches at www.watch-deals.example" in content
    assert "Harbour flood defences approved" in content
    assert held.author_name in content
    assert "4 links; first comment by this author" in content
    assert "0.60" in content
    assert 'class="mod-status mod-status-held"' in content


def test_the_excerpt_is_plain_escaped_text_whatever_the_html_holds(console, article):
    make_held(
        article,
        body="<script>alert(1)</script>",
        body_html="<p>&lt;script&gt;alert(1)&lt;/script&gt; and <b>bold</b></p>",
    )
    content = console().content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and bold" in content


@pytest.mark.parametrize(
    "term",
    ["needle-in-text", "Wanda Whistle", "wanda@example.net", "198.51.100.23"],
    ids=["text", "author name", "e-mail", "IP"],
)
def test_search_finds_a_held_comment_by_text_author_email_or_ip(console, article, term):
    wanted = make_held(
        article,
        body="A needle-in-text comment",
        author_name="Wanda Whistle",
        author_email="wanda@example.net",
        ip_address="198.51.100.23",
    )
    make_held(article, body="Something else", ip_address="192.0.2.1")
    assert listed(console(f"?q={term}")) == [wanted.pk]


def test_filters_by_article_section_and_reason(console):
    sport = make_section(name="Sport", slug="sport")
    match = make_article(section=sport, headline="Cup final")
    elsewhere = make_article()
    links = make_held(match, reasons=["5 links"])
    watch = make_held(elsewhere, reasons=["watch word: “idiot”"])
    assert listed(console(f"?article={match.pk}")) == [links.pk]
    assert listed(console(f"?section={sport.pk}")) == [links.pk]
    response = console("?reason=links")
    assert listed(response) == [links.pk]
    assert "watch word: “idiot”" in [key for key, _ in response.context["cl"].filter_specs[3].lookup_choices]
    assert listed(console("?reason=watch+word")) == [watch.pk]


def test_the_date_hierarchy_narrows_to_a_day(console, held):
    day = held.created_at
    assert listed(console(f"?created_at__year={day.year}&created_at__month={day.month}&created_at__day={day.day}"))
    assert not listed(console(f"?created_at__year={day.year - 1}"))


def test_the_console_costs_the_same_queries_for_10_and_100_held_comments(client, moderator, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, moderator)
    client.get(CONSOLE)  # the first request of a session also writes the session
    counts = []
    for target in (10, 100):
        while Comment.objects.filter(status=Status.HELD).count() < target:
            make_held(article)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CONSOLE).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
