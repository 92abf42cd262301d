"""WordPress's export (WXR): `<item>` elements of the channel, each a post with its `<link>` and its
`<wp:comment>` elements (comment_id, comment_author, comment_author_email, comment_author_IP,
comment_date_gmt, comment_content, comment_approved, comment_parent, comment_type).

WXR's `comment_date_gmt` is UTC by definition; it has no zone of its own, and `comment_date` (local
time, zone unknown) is never used.
"""

import datetime

from comments.models import Comment

from . import xml_stream
from .html_text import to_markup
from .records import ImportedPost

SOURCE = "wxr"
STATUSES = {
    "1": Comment.Status.PUBLISHED,
    "approve": Comment.Status.PUBLISHED,
    "0": Comment.Status.HELD,
    "hold": Comment.Status.HELD,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
SKIPPED_TYPES = {"pingback", "trackback"}


def utc(text):
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def read(path):
    for item in xml_stream.elements_at(path, 2):
        if xml_stream.local(item.tag) != "item":
            continue
        link = xml_stream.text_of(item, "link")
        for element in item:
            if xml_stream.local(element.tag) != "comment":
                continue
            if xml_stream.text_of(element, "comment_type") in SKIPPED_TYPES:
                continue
            raw_date = xml_stream.text_of(element, "comment_date_gmt")
            parent = xml_stream.text_of(element, "comment_parent")
            approved = xml_stream.text_of(element, "comment_approved")
            yield ImportedPost(
                external_id=xml_stream.text_of(element, "comment_id"),
                thread_url=link,
                author_name=xml_stream.text_of(element, "comment_author"),
                author_email=xml_stream.text_of(element, "comment_author_email"),
                ip_address=xml_stream.text_of(element, "comment_author_IP") or None,
                created_at=utc(raw_date),
                raw_date=raw_date,
                status=STATUSES.get(approved, f"unknown ({approved})"),
                body=to_markup(xml_stream.text_of(element, "comment_content")),
                parent_external_id="" if parent in ("", "0") else parent,
            )
