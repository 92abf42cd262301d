"""Every article's comments as JSON Lines, to move them to another copy of this site or elsewhere.

The first line says what the file is (`importing.ours.header`); each further line is one article with its
comments in the order they were posted, each with its parent's id, so the threads can be rebuilt. The
commenters' e-mail addresses, network addresses and browsers are personal data: they are written only
when asked (`personal_data=True`), for a move to a new home of the same newsroom.
"""

import json

from django.utils import timezone

from newsite.models import Article

from .importing import ours
from .models import Comment

FIELDS = ("id", "parent_id", "author_name", "body", "status", "created_at", "published_at")
PERSONAL_FIELDS = ("author_email", "ip_address", "user_agent")


def _iso(moment):
    return moment.isoformat() if moment else None


def _comment(row, personal_data):
    entry = {
        "id": row["id"],
        "parent": row["parent_id"],
        "author_name": row["author_name"],
        "created_at": _iso(row["created_at"]),
        "published_at": _iso(row["published_at"]),
        "status": row["status"],
        "body": row["body"],
    }
    if personal_data:
        entry.update({name: row[name] for name in PERSONAL_FIELDS})
    return entry


def lines(*, personal_data=False, base_url=""):
    """The file, line by line: the header, then one line per article that has comments."""
    yield json.dumps(ours.header(exported_at=_iso(timezone.now()), personal_data=personal_data))
    fields = FIELDS + (PERSONAL_FIELDS if personal_data else ())
    articles = Article.objects.filter(comments__isnull=False).distinct().select_related("section").order_by("pk")
    for article in articles.iterator(chunk_size=200):
        comments = Comment.objects.filter(article=article).order_by("pk").values(*fields)
        thread = {
            "article": {
                "url": base_url.rstrip("/") + article.get_absolute_url(),
                "headline": article.headline,
                "published_at": _iso(article.published_at),
            },
            "comments": [_comment(row, personal_data) for row in comments.iterator(chunk_size=2000)],
        }
        yield json.dumps(thread, ensure_ascii=False)
