"""The posting gate's shared parts: the attempt it judges, the refusal it raises, and the checks
other apps add to it.

The gate is an ordered list of small checks (`comments.posting`), cheap and deterministic; each
raises `PostingRefused` with the errors to show the reader. An app built on comments adds its own
"who may post" checks with `register` from its AppConfig.ready() (moderation's ban check does):
they run after the article's own rules and before the rate limits, in the order registered.
"""

from dataclasses import dataclass, field
from typing import Any

from core.clients import address_key

NON_FIELD = "__all__"

_registered = {}


class PostingRefused(Exception):
    """The gate said no. `errors` maps a form field name (or "__all__") to messages for the reader."""

    def __init__(self, errors):
        self.errors = {field: list(messages) for field, messages in errors.items()}
        super().__init__("; ".join(self.messages))

    @property
    def messages(self):
        return [message for messages in self.errors.values() for message in messages]

    @classmethod
    def about(cls, field, message):
        return cls({field: [message]})


@dataclass(frozen=True)
class Attempt:
    article: Any
    data: dict
    user: Any
    ip: str | None
    user_agent: str
    session: Any
    # Captcha keys this attempt used up: deleted in the same transaction as the comment's insert.
    spent_captchas: list = field(default_factory=list)

    @property
    def signed_in(self):
        return self.user is not None and self.user.is_authenticated

    @property
    def client(self):
        """The address as the limits count it: itself for IPv4, its /64 for IPv6."""
        return address_key(self.ip)

    @property
    def reader(self):
        """Who is posting, for duplicates: the account, else the client."""
        return f"user:{self.user.pk}" if self.signed_in else f"ip:{self.client}"


def register(check, *, name=None):
    """Add `check(attempt)` to every gate; registering the same name again replaces it (ready() may run twice)."""
    _registered[name or f"{check.__module__}.{check.__qualname__}"] = check


def registered_checks():
    return tuple(_registered.values())


def check_registered(attempt):
    """Run the checks other apps registered, in order; the first refusal stands."""
    for check in registered_checks():
        check(attempt)
