"""A page of comments rendered without the template engine: one format string per comment.

A cold article page (right after any status change in its thread) rendered its 50 comments
through `{% include %}` and a dozen tags each, most of the page's time. The markup here is
`_comment.html` inside the list item of `_list.html`, written out once; tests compare it with
the templates' output (`tests/perf/test_comment_cards.py`), so the page stays the same.
"""

from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

ANY_ID = 987654321  # reversed once per page and replaced by each comment's id: reverse() per comment was a third

CARD = (
    '\n    <li class="comment" id="comment-{pk}">\n'
    '      <article class="comment-card" aria-labelledby="comment-{pk}-author">\n'
    '  <header class="comment-header">\n'
    '    <span class="comment-author" id="comment-{pk}-author">{name}</span>\n'
    '    <a class="comment-time" href="#comment-{pk}" title="Link to this comment">'
    '<time datetime="{iso}">{shown}</time></a>\n'
    "    {parent}\n"
    "  </header>\n"
    '  <div class="comment-body" dir="auto">{body}</div>\n'
    "</article>\n\n"
    '      <p class="comment-actions">\n'
    '        <a href="?reply_to={pk}{reply_page}#post-comment" rel="nofollow">Reply'
    '<span class="visually-hidden"> to {name}</span></a>\n'
    '        <a class="comment-report" href="{report}" rel="nofollow">Report'
    '<span class="visually-hidden"> this comment by {name}</span></a>\n'
    "      </p>\n"
    "    </li>\n    "
)


def _url_pattern(name):
    """The URL of `name` for any comment id, as a format string with an {id} slot."""
    return reverse(name, args=[ANY_ID]).replace(str(ANY_ID), "{id}")


def _times(created_at, months):
    """`created_at` as the templates showed it: `|date:'c'` and `|date:"j M Y, H:i"` in the current time zone.

    Written out because the date filter (format lookups, translations) cost more than the rest of the card.
    """
    local = localtime(created_at)
    month = months.get(local.month)
    if month is None:
        month = months[local.month] = str(MONTHS_3[local.month]).title()
    return escape(local.isoformat()), escape(f"{local.day} {month} {local.year:04d}, {local:%H:%M}")


def _parent(comment, permalink):
    if not comment.parent_id:
        return ""
    parent = comment.parent
    name = escape(parent.author_name)
    if parent.is_public:
        name = f'<a href="{permalink.format(id=comment.parent_id)}">{name}</a>'
    return f'<span class="comment-parent">in reply to {name}</span>'


def render_cards(page):
    """The list items of `page` (a `listing.CommentPage`), as `_list.html` once rendered them."""
    reply_page = f"&amp;page={page.number}" if page.number > 1 else ""
    if page.order == "newest":
        reply_page += "&amp;order=newest"
    report, permalink, months = _url_pattern("comments:report"), _url_pattern("comments:permalink"), {}
    cards = []
    for comment in page.comments:
        iso, shown = _times(comment.created_at, months)
        cards.append(
            CARD.format(
                pk=comment.pk,
                name=escape(comment.author_name),
                iso=iso,
                shown=shown,
                parent=_parent(comment, permalink),
                body=comment.body_html,  # sanitized when the comment was saved
                reply_page=reply_page,
                report=report.format(id=comment.pk),
            )
        )
    # Our markup around escaped names and the sanitized body_html.
    return mark_safe("".join(cards))  # noqa: S308
