"""`seed_demo --comments N --article SLUG`: many published comments, as the live path would leave them."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from comments.cache import article_version
from comments.markup import render_comment
from comments.models import Comment
from demo import bulk_comments
from demo.stories import COMMENTS, STORIES
from moderation.models import Decision
from newsite.models import Article, Section
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo stories' images


def seed(count, slug):
    call_command("seed_demo", comments=count, article=slug, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Article.objects.get(slug=slug)


def test_seed_demo_creates_the_demo_content_and_a_missing_article_with_n_published_comments():
    article = seed(120, "a-long-thread")

    assert Section.objects.count() > 0
    assert Article.objects.filter(slug=STORIES[0]["slug"]).exists()
    comments = Comment.objects.filter(article=article)
    assert comments.count() == 120
    assert set(comments.values_list("status", flat=True)) == {Comment.Status.PUBLISHED}
    assert not comments.filter(published_at=None).exists()
    assert article.comment_count == 120
    assert article.comments_open


def test_seeded_comments_carry_the_html_the_live_renderer_makes():
    article = seed(80, "rendered-thread")

    for body, body_html in Comment.objects.filter(article=article).values_list("body", "body_html"):
        assert body_html == render_comment(body)
    bodies = "".join(Comment.objects.filter(article=article).values_list("body_html", flat=True))
    assert "<blockquote><cite>" in bodies  # replies quote their parent, as the reply link does


def test_seeded_comments_read_like_comments_of_varied_length():
    article = make_article()
    bulk_comments.add_comments(article, 400, seed=1)

    lengths = sorted(len(body) for body in Comment.objects.filter(article=article).values_list("body", flat=True))
    assert lengths[0] >= 10
    assert 120 <= lengths[len(lengths) // 2] <= 600
    assert lengths[-1] > 2 * lengths[len(lengths) // 2]


def test_some_seeded_comments_reply_to_earlier_comments_of_the_same_article():
    article = make_article()
    bulk_comments.add_comments(article, 400, seed=2)

    replies = Comment.objects.filter(article=article).exclude(parent=None).select_related("parent")
    assert 0.1 * 400 < replies.count() < 0.4 * 400
    for reply in replies:
        assert reply.parent.article_id == article.pk
        assert reply.parent_id < reply.pk
        assert reply.parent.published_at <= reply.published_at


def test_seeded_comments_come_from_many_distinct_authors_and_never_a_real_address():
    article = make_article()
    bulk_comments.add_comments(article, 400, seed=3)

    comments = Comment.objects.filter(article=article)
    assert comments.values("author_name").distinct().count() > 150
    assert all(email.endswith("@example.org") for email in comments.values_list("author_email", flat=True))
    assert all(ip.startswith(bulk_comments.IP_NETWORKS) for ip in comments.values_list("ip_address", flat=True))


def test_seeded_comments_are_in_time_order_and_created_before_published():
    article = make_article()
    bulk_comments.add_comments(article, 300, seed=4, batch_size=50)

    rows = list(Comment.objects.filter(article=article).order_by("id").values_list("created_at", "published_at"))
    published = [p for _, p in rows]
    assert published == sorted(published)
    assert all(created < published for created, published in rows)


def test_running_again_tops_up_to_the_total_and_never_duplicates():
    seed(60, "top-up")
    article = seed(60, "top-up")
    assert Comment.objects.filter(article=article).count() == 60
    assert article.comment_count == 60

    article = seed(90, "top-up")
    assert Comment.objects.filter(article=article).count() == 90
    assert article.comment_count == 90


def test_an_existing_story_keeps_its_comments_and_is_topped_up_to_the_total():
    slug = STORIES[0]["slug"]
    article = seed(50, slug)

    comments = Comment.objects.filter(article=article)
    assert comments.filter(status=Comment.Status.PUBLISHED).count() == 50  # the demo's queues hold a few more
    assert comments.filter(body=COMMENTS[0][1]).exists()
    assert article.comment_count == 50


def test_the_count_is_of_published_comments_only():
    article = make_article()
    Comment.objects.create(article=article, author_name="Held", body="held", body_html="held", status="held")
    bulk_comments.add_comments(article, 30, seed=5)

    article.refresh_from_db()
    assert article.comment_count == 30
    assert Comment.objects.filter(article=article).count() == 31


def test_seeding_bumps_the_article_comment_version_so_cached_lists_refresh(django_capture_on_commit_callbacks):
    article = make_article()
    before = article_version(article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_comments.add_comments(article, 10, seed=6)
    assert article_version(article.pk) != before


def test_seeding_writes_no_decision_rows():
    article = make_article()
    bulk_comments.add_comments(article, 25, seed=7)
    assert not Decision.objects.filter(comment__article=article).exists()


def test_the_article_page_shows_the_seeded_comments_with_counts_and_pages(client, settings):
    settings.COMMENTS_PER_PAGE = 50
    article = seed(120, "page-of-comments")

    response = client.get(reverse("article", args=[article.section.slug, article.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Comments (120 posted)" in html
    assert "total: 120 | displaying: 1–50" in html
    first = Comment.objects.filter(article=article).order_by("id").first()
    assert f'id="comment-{first.pk}"' in html


@pytest.mark.parametrize(
    "options, message",
    [
        ({"comments": 10}, "go together"),
        ({"article": "x"}, "go together"),
        ({"comments": -1, "article": "x"}, "0 or more"),
    ],
)
def test_comments_and_article_options_are_checked(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", **options)
