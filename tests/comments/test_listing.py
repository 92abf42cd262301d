"""The comment list's pages: links to the pages around this one and at the ends, and one query a page."""

import pytest

from comments import listing
from newsite.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def article_counting(comments, settings):
    settings.COMMENTS_PER_PAGE = 10
    article = make_article()
    Article.objects.filter(pk=article.pk).update(comment_count=comments)
    article.refresh_from_db()
    return article


def shown(page):
    return [link if link is None else link[0] for link in page.page_links()]


def test_a_page_links_the_pages_around_it_and_both_ends_with_a_gap_between(settings):
    article = article_counting(200, settings)
    assert shown(listing.comment_page(article, 10, listing.OLDEST)) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert shown(listing.comment_page(article, 1, listing.OLDEST)) == [1, 2, 3, None, 20]
    assert shown(listing.comment_page(article, 20, listing.OLDEST)) == [1, None, 18, 19, 20]


def test_a_single_page_between_is_linked_rather_than_left_out(settings):
    article = article_counting(70, settings)
    assert shown(listing.comment_page(article, 5, listing.OLDEST)) == [1, 2, 3, 4, 5, 6, 7]


def test_each_link_is_the_pages_one_url_in_its_order(settings):
    article = article_counting(200, settings)
    path = article.get_absolute_url()
    oldest = dict(link for link in listing.comment_page(article, 2, listing.OLDEST).page_links() if link)
    newest = dict(link for link in listing.comment_page(article, 2, listing.NEWEST).page_links() if link)
    assert oldest[1] == path and oldest[3] == f"{path}?page=3"
    assert newest[1] == f"{path}?order=newest" and newest[20] == f"{path}?order=newest&page=20"


def test_a_number_past_the_last_page_gives_the_last(settings):
    article = article_counting(25, settings)
    page = listing.comment_page(article, 9, listing.NEWEST)
    assert page.number == 3 and not page.has_next() and page.has_previous()


@pytest.mark.parametrize("order", [listing.NEWEST, listing.RECOMMENDED])
def test_a_deep_page_costs_one_query_and_no_count(settings, django_assert_num_queries, order):
    article = article_counting(200, settings)
    with django_assert_num_queries(1):
        listing.comment_page(article, 15, order)
