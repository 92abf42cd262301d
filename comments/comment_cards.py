"""A page of comments rendered without the template engine: one format string per comment.

A cold article page (right after any status change in its thread) rendered its 50 comments
through `{% include %}` and a dozen tags each, most of the page's time. The markup here is
`_comment.html` inside the list item of `_list.html`, written out once; tests compare it with
the templates' output (`tests/perf/test_comment_cards.py`), so the page stays the same.
"""

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


def _parent(comment):
    if not comment.parent_id:
        return ""
    parent = comment.parent
    name = escape(parent.author_name)
    if parent.is_public:
        name = f'<a href="{reverse("comments:permalink", args=[comment.parent_id])}">{name}</a>'
    return f'<span class="comment-parent">in reply to {name}</span>'


def render_cards(page):
    """The list items of `page` (a `listing.CommentPage`), as `_list.html` once rendered them."""
    reply_page = f"&amp;page={page.number}" if page.number > 1 else ""
    if page.order == "newest":
        reply_page += "&amp;order=newest"
    cards = []
    for comment in page.comments:
        cards.append(
            CARD.format(
                pk=comment.pk,
                name=escape(comment.author_name),
                iso=escape(date(comment.created_at, "c")),
                shown=escape(date(comment.created_at, "j M Y, H:i")),
                parent=_parent(comment),
                body=comment.body_html,  # sanitized when the comment was saved
                reply_page=reply_page,
                report=reverse("comments:report", args=[comment.pk]),
            )
        )
    # Our markup around escaped names and the sanitized body_html.
    return mark_safe("".join(cards))  # noqa: S308
