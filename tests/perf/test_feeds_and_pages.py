"""Feeds answered from Redis alone once built, and deep comment pages found through the index."""

import pytest
from django.test import Client
from django.urls import reverse

from comments import listing
from comments.models import Comment
from demo import bulk_comments
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["latest-feed", "article-feed", "section-feed"])
def test_a_warm_feed_and_its_conditional_poll_make_no_query(name, django_assert_num_queries):
    article = make_article()
    args = {"latest-feed": [], "article-feed": [article.slug], "section-feed": [article.section.slug]}[name]
    url = reverse(f"comments:{name}", args=args)
    client = Client()
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
        poll = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content
    assert poll.status_code == 304 and poll["ETag"] == first["ETag"]


def test_an_article_edit_refreshes_its_feed(django_capture_on_commit_callbacks):
    article = make_article(headline="Old headline")
    url = reverse("comments:article-feed", args=[article.slug])
    first = Client().get(url)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "New headline"
        article.save()
    again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and b"New headline" in again.content


@pytest.mark.parametrize("order", [listing.OLDEST, listing.NEWEST, listing.RECOMMENDED])
def test_every_comment_page_holds_the_next_run_of_comments_in_each_order(settings, order):
    settings.COMMENTS_PER_PAGE = 7
    article = make_article()
    bulk_comments.add_comments(article, 60, seed=3, batch_size=60)
    held = list(Comment.objects.filter(article=article).order_by("id").values_list("id", flat=True)[5:8])
    Comment.objects.filter(pk__in=held).update(status=Comment.Status.HELD)  # gaps in the ids of one article
    for n, pk in enumerate(Comment.objects.filter(article=article).values_list("id", flat=True)):
        Comment.objects.filter(pk=pk).update(recommendation_count=(n * 7) % 5)  # many ties, across pages
    article.comment_count = Comment.objects.published().filter(article=article).count()
    article.save()
    rows = Comment.objects.published().filter(article=article)
    published = list(rows.order_by(*listing.ORDERINGS[order]).values_list("id", flat=True))
    if order == listing.RECOMMENDED:
        counts = dict(rows.values_list("id", "recommendation_count"))
        assert published == sorted(counts, key=lambda pk: (-counts[pk], pk))
    seen = []
    for number in range(1, listing.page_count(article) + 1):
        page = listing.comment_page(article, number, order)
        assert page.first == len(seen) + 1
        seen += [comment.pk for comment in page.comments]
    assert seen == published
