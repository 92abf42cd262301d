"""Disqus's XML export: `<thread dsq:id>` elements (their page's `<link>`) and `<post dsq:id>` elements
(message HTML, createdAt, isDeleted, isSpam, author, ipAddress, a `<thread dsq:id>` and maybe a
`<parent dsq:id>` reference).

Disqus writes every thread before the posts that belong to them, so one pass reads the threads'
addresses and then each post with its thread's address.
"""

from comments.models import Comment

from . import xml_stream
from .html_text import to_markup
from .records import ImportedPost, aware_datetime

SOURCE = "disqus"


def status_of(post):
    if xml_stream.text_of(post, "isSpam") == "true":
        return Comment.Status.SPAM
    if xml_stream.text_of(post, "isDeleted") == "true":
        return Comment.Status.REMOVED
    if xml_stream.text_of(post, "isApproved") == "false":
        return Comment.Status.HELD
    return Comment.Status.PUBLISHED


def read(path):
    threads = {}
    for element in xml_stream.elements_at(path, 1):
        kind = xml_stream.local(element.tag)
        if kind == "thread":
            threads[xml_stream.attribute(element, "id")] = xml_stream.text_of(element, "link")
        elif kind == "post":
            author = xml_stream.child(element, "author")
            raw_date = xml_stream.text_of(element, "createdAt")
            thread_id = xml_stream.attribute(xml_stream.child(element, "thread"), "id")
            yield ImportedPost(
                external_id=xml_stream.attribute(element, "id"),
                thread_url=threads.get(thread_id, f"(thread {thread_id} is not in the file)"),
                author_name=xml_stream.text_of(author, "name") if author is not None else "",
                author_email=xml_stream.text_of(author, "email") if author is not None else "",
                created_at=aware_datetime(raw_date),
                raw_date=raw_date,
                status=status_of(element),
                body=to_markup(xml_stream.text_of(element, "message")),
                parent_external_id=xml_stream.attribute(xml_stream.child(element, "parent"), "id"),
                ip_address=xml_stream.text_of(element, "ipAddress") or None,
            )
