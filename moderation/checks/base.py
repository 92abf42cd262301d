"""What every check shares: the submission it looks at, the signal it returns, and the context it asks."""

import math
from dataclasses import asdict, dataclass
from functools import cached_property

from comments.models import Comment

from .. import text
from ..staff_names import StaffNames

Status = Comment.Status
# The verdicts a check may insist on, and how strong each is: where several insist, the strongest wins.
STRENGTH = {Status.REJECTED: 3, Status.SPAM: 2, Status.HELD: 1}


@dataclass(frozen=True)
class Signal:
    """One check's opinion of one comment.

    `score` is the check's own estimate (0 clean … 1 unwanted) shown to moderators;
    `evidence` is what it adds to the spam score, in log-odds (negative speaks for the
    comment); `verdict` is a status the check insists on whatever the score says.
    """

    name: str
    score: float | None = None
    verdict: str | None = None
    reasons: tuple = ()
    evidence: float = 0.0
    priority: int = 0
    targets: tuple = ()  # whom the comment is aimed at, by name, where a check can tell (the staff it abuses)

    def as_dict(self):
        data = asdict(self)
        data["reasons"] = list(self.reasons)
        data["targets"] = list(self.targets)
        if data["score"] is not None:
            data["score"] = round(data["score"], 4)
        data["evidence"] = round(data["evidence"], 4)
        return data


@dataclass
class Submission:
    """A comment as the checks see it: plain data, so a live comment and a replayed row look the same."""

    body: str
    author_name: str = ""
    author_email: str = ""
    user_id: int | None = None
    ip_address: str | None = None
    user_agent: str = ""
    article_mode: str = "open"
    article_byline: str = ""
    comment_id: int | None = None
    created_at: object = None
    email_verified_at: object = None  # an anonymous author's address proven by a mailed link
    edited_at: object = None  # its author edited it since it was posted: checked again

    @classmethod
    def from_comment(cls, comment):
        return cls(
            body=comment.body,
            author_name=comment.author_name,
            author_email=comment.author_email,
            user_id=comment.user_id,
            ip_address=comment.ip_address,
            user_agent=comment.user_agent,
            article_mode=comment.article.comment_mode,
            article_byline=comment.article.byline,
            comment_id=comment.pk,
            created_at=comment.created_at,
            email_verified_at=comment.email_verified_at,
            edited_at=comment.edited_at,
        )

    def record(self, context):
        """The author's record, asked once per submission however many checks need it."""
        if "_record" not in self.__dict__:
            self.__dict__["_record"] = context.author_record(self)
        return self.__dict__["_record"]

    @cached_property
    def author_key(self):
        """Who wrote it, as far as we can tell: the account, else the e-mail address, else the name."""
        if self.user_id:
            return f"user:{self.user_id}"
        if self.author_email:
            return f"email:{self.author_email.strip().lower()}"
        return f"name:{self.author_name.strip().casefold()}"

    @cached_property
    def plain(self):
        return text.plain(self.body)

    @cached_property
    def words(self):
        return text.skeleton_words(self.body)

    @cached_property
    def links(self):
        return text.links(self.body)

    @cached_property
    def domains(self):
        return sorted({text.domain_of(link) for link in self.links} - {""})

    @cached_property
    def fingerprint(self):
        return text.fingerprint(self.body)


@dataclass
class AuthorRecord:
    """How an author's earlier comments were decided (this one excluded).

    `published` counts only what speaks for a proven identity: a live context leaves it at 0 for
    an account whose address is not verified and for an e-mail address typed without an account
    (whose spam and rejections still count against it). `maturity` (0 < m ≤ 1) is how much the
    account's age lets those published comments speak.
    """

    published: int = 0
    held: int = 0
    spam: int = 0
    rejected: int = 0
    banned: str | None = None
    maturity: float = 1.0

    @property
    def bad(self):
        return self.spam + self.rejected

    @property
    def is_new(self):
        return self.published + self.bad == 0


class Context:
    """What checks may ask about the world beyond the comment. Live: database and Redis; replay: memory."""

    uses_network = True  # a replay never calls third parties

    def rules(self):
        """The active RuleSet."""
        raise NotImplementedError

    def author_record(self, submission):
        raise NotImplementedError

    def tally(self, key, member, window_seconds):
        """Add `member` to the set `key` kept for `window_seconds`; return how many distinct members it holds."""
        raise NotImplementedError

    def tally_many(self, *requests):
        """`tally` for several (key, member, window_seconds) at once; a live context asks Redis in one round trip."""
        return [self.tally(key, member, window_seconds) for key, member, window_seconds in requests]

    def spam_model(self):
        """The trained SpamModel, or None before any training."""
        raise NotImplementedError

    def staff_names(self):
        """The newsroom's names readers may aim abuse at (`staff_names.StaffNames`); here, nobody but the byline."""
        return StaffNames()


def failed(check_name, error):
    """What a check that could not give its opinion says: hold for a person, with the reason.

    Never published unchecked, never lost: a moderator sees "check failed: …" and decides.
    """
    return Signal(check_name, verdict=Status.HELD, reasons=(f"check failed: {check_name}: {error}",), priority=3)


class Check:
    """One small judgement about a comment. Subclasses set `name` and implement `run`."""

    name = ""

    def applies(self, submission, context):
        return True

    def run(self, submission, context):
        raise NotImplementedError

    def signal(self, **values):
        return Signal(self.name, **values)


def logit(probability, limit=1e-4):
    probability = min(max(probability, limit), 1 - limit)
    return math.log(probability / (1 - probability))


def sigmoid(value):
    return 1 / (1 + math.exp(-max(min(value, 50), -50)))
