"""Template tags for the "Rate this article" widget: the reader's own vote, and the star choices."""

from django import template

from newsite import ratings

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_vote(context, article):
    """The stars this reader gave the article, or None (one query, none for a reader who never voted)."""
    request = context.get("request")
    if request is None:
        return None
    return ratings.reader_vote(request, article)


@register.simple_tag
def star_choices():
    return range(ratings.MIN_STARS, ratings.MAX_STARS + 1)
