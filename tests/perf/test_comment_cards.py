"""The comment list's items written without the template engine are the templates' markup, byte for byte."""

import pytest
from django.template import engines

from comments import comment_cards, listing
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

# The list items as `_list.html` rendered them through `{% include "comments/_comment.html" %}`.
TEMPLATE_ITEMS = """{% for comment in page.comments %}
    <li class="comment" id="comment-{{ comment.pk }}">
      {% include "comments/_comment.html" %}
      <p class="comment-actions">
        <a href="?reply_to={{ comment.pk }}{% if page.number > 1 %}&amp;page={{ page.number }}{% endif %}\
{% if page.order == 'newest' %}&amp;order=newest{% endif %}#post-comment" rel="nofollow">Reply\
<span class="visually-hidden"> to {{ comment.author_name }}</span></a>
        <a class="comment-report" href="{% url 'comments:report' comment.pk %}" rel="nofollow">Report\
<span class="visually-hidden"> this comment by {{ comment.author_name }}</span></a>
      </p>
    </li>
    {% endfor %}"""


def _template_items(page):
    source = TEMPLATE_ITEMS.replace("\\\n", "")
    return engines["django"].from_string(source).render({"page": page})


@pytest.mark.parametrize("order", [listing.OLDEST, listing.NEWEST])
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
    Comment.objects.filter(pk=gone.pk).update(status=Comment.Status.REMOVED)
    for _ in range(3):
        make_comment(article)
    article.refresh_from_db()
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
