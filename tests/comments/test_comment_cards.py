"""The comment list's fast path is made from the card templates: what it cannot carry fails, it never drifts."""

import pytest
from django.template import engines

from comments import comment_cards, listing


@pytest.mark.parametrize(
    "source",
    [
        "<li>{{ comment.author_name|upper }}</li>",
        "<li>{{ comment.website }}</li>",
        '<li>{{ comment.created_at|date:"Y" }}</li>',
        "<li>{{ page.total }}</li>",
    ],
)
def test_a_card_template_printing_what_no_slot_carries_fails_instead_of_drifting(source):
    template = engines["django"].from_string(source).template
    with pytest.raises(comment_cards.CardTemplateChanged):
        comment_cards._card_format(template, "/", None, comment_cards.Variant(), 1, listing.OLDEST)


def test_the_fast_path_escapes_what_the_template_escapes_and_nothing_else():
    template = engines["django"].from_string("<li>{{ comment.author_name }}|{{ comment.body_html|safe }}</li>").template
    card = comment_cards._card_format(template, "/", None, comment_cards.Variant(), 1, listing.OLDEST)
    assert (card[0].strip(), card[1]) == ("<li>{author_name}|{body_html}</li>", {"author_name"})
