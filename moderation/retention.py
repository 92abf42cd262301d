"""Personal data past its retention period, removed by the hourly beat task (docs/privacy.md).

Kept `PRIVACY_RETENTION_DAYS` (90) for moderation, then removed:

- a comment's IP address and user agent (counted from the comment's creation): the flood checks
  need minutes of them, moderators the weeks around a complaint, a ban the one address it bans;
- the keyed hash of the client behind an anonymous report (counted from the report) or an
  anonymous vote (from its last change): replaced by `expired:<id>`, so the report keeps its
  weight, the vote its place in the article's score and an anonymous recommendation its count, but
  no longer names a network address (that client could then recommend the comment once more)
  (an IPv4 address space is small enough to hash through with the secret key);
- bans that expired that long ago, with the admin's history of them (an active ban keeps the
  address or network it bans);
- expired sessions, which have no use either (expired captchas, which hold nothing personal, are
  `comments.tasks.purge_expired_captchas`'s);
- failed log-in counts (django-axes: username, IP address, user agent) once their cool-off has
  passed; axes deletes them itself only when someone next tries to log in.

Each kind is changed in UPDATEs (or DELETEs) of at most `PRIVACY_PURGE_BATCH` rows, at most
`PRIVACY_PURGE_BATCHES` of them per run; what is left is taken by the next run. A second run
over the same rows changes nothing: they no longer match.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from comments.models import HOLDS_CLIENT, Comment, Recommendation, Report
from newsite.models import ArticleRating

from .models import Ban

EXPIRED_KEY_PREFIX = "expired:"


def cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.PRIVACY_RETENTION_DAYS)


def expired_key():
    """`expired:<id>`: a key unique like the hash it replaces, naming nobody."""
    return Concat(Value(EXPIRED_KEY_PREFIX), Cast("pk", CharField()))


def in_batches(queryset, change, order_by="pk"):
    """Apply `change` to the rows of `queryset`, a bounded batch at a time; returns how many rows it changed."""
    size, batches, done = settings.PRIVACY_PURGE_BATCH, settings.PRIVACY_PURGE_BATCHES, 0
    for _ in range(batches):
        ids = list(queryset.order_by(order_by).values_list("pk", flat=True)[:size])
        if not ids:
            break
        done += change(queryset.model.objects.filter(pk__in=ids))
        if len(ids) < size:
            break
    return done


def _expire_keys(model, field, **older):
    """Replace the client hashes of anonymous rows older than the period by `expired:<id>`."""
    rows = model.objects.filter(user=None, **older).exclude(**{f"{field}__startswith": EXPIRED_KEY_PREFIX})
    return in_batches(rows, lambda batch: batch.update(**{field: expired_key()}))


def _deleted(queryset):
    return queryset.delete()[0]


def _deleted_bans(bans):
    """Bans, with the admin's history of them (its entries name the banned address)."""
    ids = [str(pk) for pk in bans.values_list("pk", flat=True)]
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Ban), object_id__in=ids).delete()
    return _deleted(bans)


def purge(now=None):
    """Remove what is past its retention period; returns how many rows of each kind changed."""
    now = now or timezone.now()
    before = cutoff(now)
    return {
        "comments": in_batches(
            Comment.objects.filter(HOLDS_CLIENT, created_at__lt=before),
            lambda rows: rows.update(ip_address=None, user_agent=""),
            order_by="created_at",
        ),
        "reports": _expire_keys(Report, "reporter_key", created_at__lt=before),
        "votes": _expire_keys(ArticleRating, "voter_key", updated_at__lt=before),
        "recommendations": _expire_keys(Recommendation, "recommender_key", created_at__lt=before),
        "bans": in_batches(Ban.objects.filter(expires_at__lt=before), _deleted_bans),
        "sessions": in_batches(Session.objects.filter(expire_date__lt=now), _deleted),
        "login_attempts": in_batches(
            AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME), _deleted
        ),
    }
