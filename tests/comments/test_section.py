"""The comment section on the article page: counts, pages, order, replies, permalinks, and its cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.markup import render_comment
from comments.models import Comment
from moderation import services
from newsite.models import Article
from tests.factories import make_article, make_comment

from .safety import elements, unsafe_elements

pytestmark = pytest.mark.django_db


def add_published_comments(article, count):
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name=f"Reader {n}",
            author_email=f"reader{n}@example.org",
            body=f"Comment {n}",
            body_html=f"Comment {n}",
            status=Comment.Status.PUBLISHED,
            published_at=now,
        )
        for n in range(count)
    )
    Article.objects.filter(pk=article.pk).update(comment_count=count)
    article.refresh_from_db()


def page_html(client, article, query=""):
    response = client.get(f"{article.get_absolute_url()}{query}")
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("order", ["", "?order=newest", "?order=recommended", "?order=picks"])
def test_the_article_page_costs_the_same_queries_with_10_and_5000_comments(client, order):
    few, many = make_article(), make_article()
    add_published_comments(few, 10)
    add_published_comments(many, 5000)
    every_seventh = list(Comment.objects.filter(article=many).values_list("pk", flat=True))[::7]
    Comment.objects.filter(pk__in=every_seventh).update(recommendation_count=3, picked_at=timezone.now())
    client.get(make_article().get_absolute_url())  # fills the site-wide caches (navigation) first
    # First visits render the list (cache cold); second visits take it from the cache.
    cold = (queries_for(client, few.get_absolute_url() + order), queries_for(client, many.get_absolute_url() + order))
    warm = (queries_for(client, few.get_absolute_url() + order), queries_for(client, many.get_absolute_url() + order))
    assert cold[0] == cold[1], f"cold cache: {cold}"
    assert warm[0] == warm[1], f"warm cache: {warm}"
    assert warm[1] < cold[1], "the comment list was not served from the cache"
    if order != "?order=picks":  # the picks are one page
        sep = "&" if order else "?"
        deep = f"{many.get_absolute_url()}{order}{sep}page=90"
        assert queries_for(client, deep) == cold[0], "a deep page costs what the first does"
    # Every order costs what the first one does: no order reads more than the oldest-first page.
    other = make_article()
    add_published_comments(other, 10)
    assert queries_for(client, other.get_absolute_url()) == cold[0]


def test_the_heading_counts_published_comments_and_says_what_is_displayed(client, article, settings):
    settings.COMMENTS_PER_PAGE = 3
    for _ in range(7):
        make_comment(article)
    make_comment(article, status=Comment.Status.HELD, body="Held back")
    article.refresh_from_db()
    html = page_html(client, article, "?page=2")
    assert "Comments (7 posted)" in html
    assert "total: 7 | displaying: 4–6" in html
    assert "Held back" not in html


def test_comments_run_oldest_first_and_newest_first_keeps_the_page(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    first, second, third = (make_comment(article, body_html=f"Body {n}") for n in "ABC")
    path = article.get_absolute_url()
    oldest = page_html(client, article)
    assert oldest.index("Body A") < oldest.index("Body B") and "Body C" not in oldest
    assert f'href="{path}?order=newest#comments">newest first' in oldest
    assert f'href="{path}?page=2#comments" rel="next"' in oldest
    newest_page_2 = page_html(client, article, "?order=newest&page=2")
    assert "Body A" in newest_page_2 and "Body C" not in newest_page_2
    assert f'href="{path}?page=2#comments">oldest first' in newest_page_2
    assert f'href="{path}?order=newest#comments" rel="prev"' in newest_page_2


def test_a_page_number_out_of_range_or_malformed_is_sent_to_a_page_that_exists(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    for n in range(3):
        make_comment(article, body_html=f"Body {n}")
    response = client.get(f"{article.get_absolute_url()}?page=99", follow=True)
    assert response.redirect_chain == [(f"{article.get_absolute_url()}?page=2", 302)]
    assert "Body 2" in response.content.decode()
    response = client.get(f"{article.get_absolute_url()}?page=not-a-number", follow=True)
    assert response.redirect_chain == [(article.get_absolute_url(), 301)]
    assert "Body 0" in response.content.decode()


def test_each_comment_has_its_anchor_author_time_body_reply_and_report_links(client, article):
    comment = make_comment(article, author_name="Bea", body_html="<strong>Hello</strong>")
    html = page_html(client, article)
    assert f'<li class="comment" id="comment-{comment.pk}">' in html
    assert ">Bea</span>" in html
    assert f'<time datetime="{comment.created_at.isoformat()}">' in html
    assert "<strong>Hello</strong>" in html
    assert f'href="?reply_to={comment.pk}#post-comment"' in html
    assert f'href="/comments/{comment.pk}/report/"' in html


def test_a_reply_says_which_comment_it_answers(client, article):
    parent = make_comment(article, author_name="Cleo")
    make_comment(article, parent=parent)
    assert f'in reply to <a href="/comments/{parent.pk}/">Cleo</a>' in page_html(client, article)


def test_the_feed_is_linked_and_announced_in_the_head(client, article):
    html = page_html(client, article)
    assert f'href="/comments/feed/article/{article.slug}/rss/"' in html
    assert "Subscribe to comments feed" in html
    assert f'<link rel="alternate" type="application/rss+xml" title="Comments on {article.headline}"' in html


def test_a_status_change_refreshes_the_cached_list(client, article, django_capture_on_commit_callbacks):
    make_comment(article, body_html="Already there")
    page_html(client, article)
    waiting = make_comment(article, status=Comment.Status.HELD, body_html="Just approved")
    assert "Just approved" not in page_html(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(waiting, Comment.Status.PUBLISHED, action="approve")
    assert "Just approved" in page_html(client, article)


def test_the_permalink_redirects_to_the_right_page_and_anchor(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    comments = [make_comment(article) for _ in range(5)]
    response = client.get(comments[4].get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?page=3#comment-{comments[4].pk}"


def test_the_permalink_of_a_comment_that_is_not_published_is_not_found(client, article):
    held = make_comment(article, status=Comment.Status.HELD)
    assert client.get(held.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '<img src=x onerror="alert(1)">',
        "[url=javascript:alert(1)]x[/url]",
        '" onmouseover="alert(1)',
        "javascript:alert(1)",
    ],
)
def test_xss_payloads_in_names_and_bodies_never_reach_the_page_as_markup(client, article, payload):
    parent = make_comment(article, author_name=payload, body=payload, body_html=render_comment(payload))
    make_comment(article, parent=parent, author_name=payload, body_html=render_comment(f"[quote={payload}]x[/quote]"))
    html = page_html(client, article, f"?reply_to={parent.pk}")
    section = html[html.index('id="comments"') :]
    inline_scripts = [attrs for tag, attrs in elements(html) if tag == "script" and "src" not in attrs]
    assert inline_scripts == []
    ours = [("img", "/captcha/"), ("script", "/static/")]
    unsafe = [
        (tag, attrs)
        for tag, attrs in unsafe_elements(section)
        if not any(tag == t and attrs.get("src", "").startswith(src) for t, src in ours)
    ]
    assert unsafe == []
