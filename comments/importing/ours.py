"""Our own export (`comments.exporting`): JSON Lines, a header line and then one article's thread per line.

A line is read, handed over as posts and dropped, so memory follows the longest thread, not the file.
"""

import json

from comments.models import Comment

from .records import ImportedPost, Problem, UnreadableFile, aware_datetime

SOURCE = "json"
FORMAT = "newsite-comments"
VERSION = 1
# A comment still awaiting its checks when it was exported awaits a moderator here.
STATUS_ON_ARRIVAL = {Comment.Status.SUBMITTED: Comment.Status.HELD}


def header(*, exported_at, personal_data):
    return {"format": FORMAT, "version": VERSION, "exported_at": exported_at, "personal_data": personal_data}


def read(path):
    """Each post of the file; a line that cannot be read yields its Problem instead."""
    with open(path, encoding="utf-8", errors="strict") as lines:
        try:
            first = json.loads(lines.readline() or "null")
        except (json.JSONDecodeError, UnicodeDecodeError):
            first = None
        if not isinstance(first, dict) or first.get("format") != FORMAT:
            raise UnreadableFile(f"not an export of this site: the first line is not a {FORMAT!r} header")
        if first.get("version") != VERSION:
            raise UnreadableFile(f"an export of version {first.get('version')!r}; this site reads version {VERSION}")
        number = 1
        while True:
            try:
                line = lines.readline()
            except UnicodeDecodeError:
                raise UnreadableFile(f"line {number + 1}: not UTF-8 text") from None
            if not line:
                return
            number += 1
            if not line.strip():
                continue
            yield from _thread(line, number)


def _thread(line, number):
    try:
        thread = json.loads(line)
        url = thread["article"]["url"]
        comments = thread["comments"]
        if not isinstance(comments, list):
            raise TypeError
    except (json.JSONDecodeError, KeyError, TypeError):
        yield Problem(f"line {number}", "not a thread (an object with an article's url and its comments)")
        return
    for index, comment in enumerate(comments, start=1):
        if not isinstance(comment, dict):
            yield Problem(f"line {number}", f"comment {index} is not an object")
            continue
        status = str(comment.get("status", ""))
        raw_date = str(comment.get("created_at") or "")
        yield ImportedPost(
            external_id=str(comment.get("id") or ""),
            thread_url=str(url),
            author_name=str(comment.get("author_name") or ""),
            author_email=str(comment.get("author_email") or ""),
            ip_address=comment.get("ip_address") or None,
            user_agent=str(comment.get("user_agent") or ""),
            created_at=aware_datetime(raw_date),
            raw_date=raw_date,
            published_at=aware_datetime(str(comment.get("published_at") or "")),
            status=STATUS_ON_ARRIVAL.get(status, status),
            body=str(comment.get("body") or ""),
            parent_external_id=str(comment.get("parent") or ""),
            line=number,
        )
