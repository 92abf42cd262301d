"""The live context of the checks: rules and author history from the database, tallies in Redis."""

import time
from functools import lru_cache

import redis
from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from comments import accounts
from comments.models import Comment, normalize_email
from core import versions

from . import classifier, staff_names
from .bans import find_active_ban
from .checks.base import AuthorRecord, Context
from .checks.rules import RuleSet
from .models import Rule

Status = Comment.Status
RULES_VERSION_KEY = "moderation:v:rules"  # renamed when it became a number: an old uuid there cannot be bumped
# A safety net, not the way changes arrive: a rule saved while Redis was unreachable could not
# bump the version, so a process never keeps a RuleSet longer than this.
RULES_MAX_AGE = 60
_rulesets = {}  # version -> (RuleSet, built at); a saved or deleted rule gives a new version


def rules_changed():
    """A new rules version: every process rebuilds its RuleSet at its next check (see receivers)."""
    versions.bump(RULES_VERSION_KEY)


@lru_cache(maxsize=4)
def redis_client(url):
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


class LiveContext(Context):
    def rules(self):
        # One Redis read instead of a query per check; the version is read before the rules,
        # so a change committed in between is seen again at the next check.
        version = versions.read(RULES_VERSION_KEY)  # from the clock while Redis is away: checks rebuild
        cached = _rulesets.get(version)
        if cached is None or time.monotonic() - cached[1] > RULES_MAX_AGE:
            _rulesets.clear()
            active = Rule.objects.filter(is_active=True).only("pk", "kind", "pattern", "action")
            cached = _rulesets[version] = (RuleSet.build(active), time.monotonic())
        return cached[0]

    def author_record(self, submission):
        # Trust only from a proven identity: an account whose address is verified, or an address
        # this comment's browser proved by a mailed link (then only the address's proven comments
        # speak). A typed address proves nothing about who typed it: its history may speak
        # against the author, never for them.
        if submission.user_id:
            mine = Comment.objects.filter(user_id=submission.user_id)
            proven, joined = accounts.account_standing(submission.user_id)
            speaks_for = Q(status=Status.PUBLISHED)
        elif submission.author_email:
            mine = Comment.objects.filter(author_email=normalize_email(submission.author_email))
            proven, joined = submission.email_verified_at is not None, None
            speaks_for = Q(status=Status.PUBLISHED, email_verified_at__isnull=False)
        else:
            return AuthorRecord()  # a name alone proves nothing about who wrote earlier comments
        history = mine.exclude(pk=submission.comment_id).aggregate(
            published=Count("pk", filter=speaks_for),
            held=Count("pk", filter=Q(status=Status.HELD)),
            spam=Count("pk", filter=Q(status=Status.SPAM)),
            # A comment its author deleted says nothing against them.
            rejected=Count(
                "pk", filter=Q(status__in=[Status.REJECTED, Status.REMOVED], deleted_by_author_at__isnull=True)
            ),
            first_proven=Min("email_verified_at"),
        )
        ban = find_active_ban(user=_User(submission.user_id), email=submission.author_email, ip=submission.ip_address)
        return AuthorRecord(
            published=history["published"] if proven else 0,
            held=history["held"],
            spam=history["spam"],
            rejected=history["rejected"],
            banned=ban.get_kind_display() if ban else None,
            maturity=_maturity(joined or history["first_proven"], submission.created_at),
        )

    def tally(self, key, member, window_seconds):
        return self.tally_many((key, member, window_seconds))[0]

    def tally_many(self, *requests):
        # A HyperLogLog per key: bounded memory, and adding the same comment twice (a
        # redelivered task) does not count twice. All keys in one round trip, on the cache's
        # Redis: readers' text makes these keys, and the broker's memory must hold only messages.
        pipe = redis_client(settings.CACHE_REDIS_URL).pipeline()
        for key, member, window_seconds in requests:
            key = f"moderation:tally:{key}"
            pipe.pfadd(key, str(member))
            pipe.expire(key, window_seconds)
            pipe.pfcount(key)
        return pipe.execute()[2::3]

    def spam_model(self):
        return classifier.current_model()

    def staff_names(self):
        return staff_names.current()


def _maturity(joined, at):
    """How much published comments speak for an account (or a proven address, from its first proof):
    1/N on its first day, all once N days old."""
    if joined is None:
        return 0.0
    days = settings.MODERATION_AUTHOR_TRUST_DAYS
    if days <= 0:
        return 1.0
    age_days = ((at or timezone.now()) - joined).total_seconds() / 86400
    return min(1.0, max(age_days, 1) / days)


class _User:
    """Just enough of a user for the ban look-up, without loading the account."""

    def __init__(self, pk):
        self.pk = pk
