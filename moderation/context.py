"""The live context of the checks: rules and author history from the database, tallies in Redis."""

from functools import lru_cache

import redis
from django.conf import settings
from django.db.models import Count, Max

from comments.models import Comment, normalize_email

from . import classifier
from .bans import find_active_ban
from .checks.base import AuthorRecord, Context
from .checks.rules import RuleSet
from .models import Rule

Status = Comment.Status
_rulesets = {}  # (count, last change) -> RuleSet; a new rule or an edit changes the key


@lru_cache(maxsize=4)
def redis_client(url):
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


class LiveContext(Context):
    def rules(self):
        active = Rule.objects.filter(is_active=True)
        key = tuple(active.aggregate(n=Count("pk"), changed=Max("updated_at")).values())
        ruleset = _rulesets.get(key)
        if ruleset is None:
            _rulesets.clear()
            ruleset = _rulesets[key] = RuleSet.build(active.only("pk", "kind", "pattern", "action"))
        return ruleset

    def author_record(self, submission):
        if submission.user_id:
            mine = Comment.objects.filter(user_id=submission.user_id)
        elif submission.author_email:
            mine = Comment.objects.filter(author_email=normalize_email(submission.author_email))
        else:
            return AuthorRecord()  # a name alone proves nothing about who wrote earlier comments
        counts = dict(mine.exclude(pk=submission.comment_id).values_list("status").annotate(n=Count("pk")).order_by())
        ban = find_active_ban(user=_User(submission.user_id), email=submission.author_email, ip=submission.ip_address)
        return AuthorRecord(
            published=counts.get(Status.PUBLISHED, 0),
            held=counts.get(Status.HELD, 0),
            spam=counts.get(Status.SPAM, 0),
            rejected=counts.get(Status.REJECTED, 0) + counts.get(Status.REMOVED, 0),
            banned=ban.get_kind_display() if ban else None,
        )

    def tally(self, key, member, window_seconds):
        # A HyperLogLog per key: bounded memory, and adding the same comment twice (a
        # redelivered task) does not count twice.
        key = f"moderation:tally:{key}"
        pipe = redis_client(settings.REDIS_URL).pipeline()
        pipe.pfadd(key, str(member))
        pipe.expire(key, window_seconds)
        pipe.pfcount(key)
        return pipe.execute()[-1]

    def spam_model(self):
        return classifier.current_model()


class _User:
    """Just enough of a user for the ban look-up, without loading the account."""

    def __init__(self, pk):
        self.pk = pk
