"""The comment list's items written without the template engine are the templates' markup, byte for byte."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from comments import comment_cards, listing
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def _template_items(page):
    """The list items as the template engine renders `_list_item.html` for each comment, with real comments."""
    items = (render_to_string(comment_cards.ITEM_TEMPLATE, {"comment": c, "page": page}) for c in page.comments)
    return "".join(comment_cards.ITEM_FRAME.format(item.strip()) for item in items)


@pytest.mark.parametrize("order", [listing.OLDEST, listing.NEWEST, listing.RECOMMENDED, listing.PICKS])
@pytest.mark.parametrize("number", [1, 2])
@pytest.mark.parametrize("zone", ["UTC", "America/St_Johns"])
def test_cards_match_the_templates_markup_for_names_times_replies_and_page_links(settings, order, number, zone):
    settings.COMMENTS_PER_PAGE = 3
    settings.TIME_ZONE = zone
    article = make_article()
    kept = make_comment(article, author_name='Ann <b>"quoted"</b> & co')
    gone = make_comment(article, author_name="Removed <i>later</i>")
    make_comment(article, parent=kept, body_html="<p>A reply &amp; more.</p>")
    make_comment(article, parent=gone, author_name="O'Brien")
    deleted = make_comment(article, author_name="Changed their mind")
    make_comment(article, parent=deleted, edited_at=timezone.now(), picked_at=timezone.now(), recommendation_count=7)
    make_comment(article, picked_at=timezone.now(), recommendation_count=1)
    Comment.objects.filter(pk=gone.pk).update(status=Comment.Status.REMOVED)
    Comment.objects.filter(pk=deleted.pk).update(status=Comment.Status.REMOVED, deleted_by_author_at=timezone.now())
    for _ in range(3):
        make_comment(article, recommendation_count=2)
    article.refresh_from_db()
    if order == listing.PICKS and number == 2:
        number = 1  # the picks are one page
    page = listing.comment_page(article, number, order)
    assert page.comments, "the page under test shows comments"
    assert comment_cards.render_cards(page) == _template_items(page)


def test_a_reply_to_a_comment_no_longer_public_names_its_author_without_a_link(settings):
    article = make_article()
    gone = make_comment(article, author_name="Withdrawn Reader")
    reply = make_comment(article, parent=gone)
    Comment.objects.filter(pk=gone.pk).update(status=Comment.Status.REMOVED)
    article.refresh_from_db()
    page = listing.comment_page(article, 1, listing.OLDEST)
    html = comment_cards.render_cards(page)
    assert f'id="comment-{reply.pk}"' in html
    assert "in reply to Withdrawn Reader</span>" in html
