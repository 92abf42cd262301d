"""What every reader yields: a post as the file gives it, and a problem found in the file."""

import datetime
from dataclasses import dataclass

from comments.models import Comment


@dataclass
class ImportedPost:
    external_id: str
    thread_url: str  # the page it was posted on, as the file gives it
    author_name: str
    created_at: datetime.datetime | None  # None: the file gave no time zone, or no date at all
    status: str  # one of Comment.Status
    body: str  # in our markup (`html_text.to_markup` for HTML)
    parent_external_id: str = ""
    author_email: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    published_at: datetime.datetime | None = None
    line: int | None = None  # where in the file, for problem lines
    raw_date: str = ""


@dataclass(frozen=True)
class Problem:
    where: str  # "post 123", "line 4", "the file"
    what: str

    def __str__(self):
        return f"{self.where}: {self.what}"


class UnreadableFile(Exception):
    """The file cannot be read at all (not XML, forbidden entities or DTD, not our JSON): nothing is imported."""


def aware_datetime(text):
    """An ISO 8601 time with its zone, or None when it has none (never guessed) or is not a time."""
    text = (text or "").strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


STATUSES = set(Comment.Status.values) - {Comment.Status.SUBMITTED}
