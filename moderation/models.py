"""What moderation remembers: decisions (the audit log), check results, bans, rules and the classifier."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from comments.models import Comment

from . import patterns

# Recorded in the audit log, but the author's doing, not a moderation decision.
EDITED_ACTION, DELETED_BY_AUTHOR_ACTION = "edited", "deleted_by_author"
AUTHOR_ACTIONS = (EDITED_ACTION, DELETED_BY_AUTHOR_ACTION)


class DecisionQuerySet(models.QuerySet):
    def moderation_decisions(self):
        """What the figures and statements of reasons count: not an editors' pick made or undone (it changes no
        status), nor the author's own edit or deletion."""
        return self.exclude(from_status=models.F("to_status")).exclude(action__in=AUTHOR_ACTIONS)


class Decision(models.Model):
    """One status change of one comment, or an editors' pick made or undone: the audit log.

    Written only by `moderation.services`.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_decisions",
        help_text="Empty when the system decided.",
    )
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=12, choices=Comment.Status.choices)
    to_status = models.CharField(max_length=12, choices=Comment.Status.choices)
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["actor", "-created_at"], name="decision_by_actor")]

    def __str__(self):
        who = self.actor or "system"
        return f"{who}: {self.from_status} → {self.to_status} ({self.action})"

    @property
    def actor_name(self):
        return self.actor.get_username() if self.actor_id else "system"


class Assessment(models.Model):
    """The checks' signals for one comment, kept so a moderator sees why it was held."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="assessment")
    verdict = models.CharField(max_length=12, choices=Comment.Status.choices)
    spam_score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True, help_text="Human-readable reasons, most important first.")
    signals = models.JSONField(default=list, blank=True, help_text="Each check's name, score, verdict and reasons.")
    checked_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"{self.verdict} ({self.spam_score:.2f}) for comment {self.comment_id}"


def validate_ip_network(value):
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError as error:
        raise ValidationError(f"Not an IP address or network: {error}") from error


class BanQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class Ban(models.Model):
    class Kind(models.TextChoices):
        USER = "user", "Account"
        EMAIL = "email", "E-mail address"
        IP = "ip", "IP address or network"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="bans"
    )
    value = models.CharField(
        max_length=254, blank=True, help_text="The e-mail address, or the IP address / network (CIDR)."
    )
    reason = models.CharField(max_length=300, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: for ever.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = BanQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="ban_lookup")]

    def __str__(self):
        target = self.user if self.kind == self.Kind.USER else self.value
        return f"{self.get_kind_display()} ban: {target}"

    def clean(self):
        if self.kind == self.Kind.USER and not self.user_id:
            raise ValidationError({"user": "Choose the account to ban."})
        if self.kind == self.Kind.EMAIL:
            if "@" not in self.value:
                raise ValidationError({"value": "Enter the e-mail address to ban."})
            self.value = self.value.strip().lower()
        if self.kind == self.Kind.IP:
            try:
                validate_ip_network(self.value)
            except ValidationError as error:
                raise ValidationError({"value": error.messages}) from error
            self.value = str(ipaddress.ip_network(self.value.strip(), strict=False))


class Rule(models.Model):
    """A moderator-editable rule the checks apply to every comment."""

    class Kind(models.TextChoices):
        WORD = "word", "Word"
        PHRASE = "phrase", "Phrase"
        REGEX = "regex", "Regular expression"
        DOMAIN = "domain", "Link domain"
        EMAIL = "email", "E-mail address"
        IP = "ip", "IP address or network"

    class Action(models.TextChoices):
        REJECT = "reject", "Reject"
        SPAM = "spam", "File as spam"
        HOLD = "hold", "Hold for a moderator"
        WATCH = "watch", "Watch word (hold)"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    pattern = models.CharField(max_length=300)
    action = models.CharField(max_length=8, choices=Action.choices)
    note = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "pattern"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pattern!r} → {self.get_action_display()}"

    def clean(self):
        self.pattern = (self.pattern or "").strip()
        if not self.pattern:
            raise ValidationError({"pattern": "A rule needs a pattern."})
        if self.kind == self.Kind.REGEX:
            try:
                compiled = patterns.compile_pattern(self.pattern)
            except patterns.error as error:
                raise ValidationError({"pattern": f"Invalid regular expression: {error}"}) from error
            if patterns.too_slow(compiled, self.pattern):
                raise ValidationError(
                    {
                        "pattern": "This pattern takes too long on some texts (it backtracks: nested repeats such "
                        "as (a+)+ or (a|aa)+). Write it without a repeat inside a repeat."
                    }
                )
        if self.kind == self.Kind.IP:
            try:
                validate_ip_network(self.pattern)
            except ValidationError as error:
                raise ValidationError({"pattern": error.messages}) from error


class ClassifierState(models.Model):
    """The spam classifier's persisted model, shared by every worker through the database."""

    name = models.CharField(max_length=60, unique=True)
    version = models.PositiveIntegerField(default=0)
    payload = models.BinaryField()
    examples_seen = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name} v{self.version} ({self.examples_seen} examples)"


class TrainingExample(models.Model):
    """A comment body a moderator labelled spam or not spam: what the classifier is refitted on.

    Kept apart from the comment so an imported example (spam_train) needs no comment,
    and a deleted comment's lesson survives.
    """

    class Source(models.TextChoices):
        DECISION = "decision", "Moderator decision"
        IMPORT = "import", "Imported"

    comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="training_example"
    )
    body = models.TextField()
    is_spam = models.BooleanField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DECISION)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"{'spam' if self.is_spam else 'not spam'}: {self.body[:40]}"


class Erasure(models.Model):
    """A commenter's personal data erased on their request: the audit record, which keeps none of what it erased.

    No address, name, account or comment id: only who erased, how, when and how much.
    """

    class Via(models.TextChoices):
        COMMAND = "command", "manage.py erase_commenter"
        ADMIN = "admin", "moderation console"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The moderator who erased; empty from the command line.",
    )
    via = models.CharField(max_length=8, choices=Via.choices)
    comments = models.PositiveIntegerField(default=0, help_text="Comments whose personal data was erased.")
    bodies_removed = models.BooleanField(default=False, help_text="Their texts were removed too.")
    replies_edited = models.PositiveIntegerField(default=0, help_text="Replies whose quotes of them were rewritten.")
    account_closed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.summary

    @property
    def summary(self):
        """ "personal data erased on request, 3 comments; texts removed; account closed" """
        parts = [f"personal data erased on request, {self.comments} comment{'' if self.comments == 1 else 's'}"]
        if self.bodies_removed:
            parts.append("texts removed")
        if self.account_closed:
            parts.append("account closed")
        return "; ".join(parts)


# --- the moderators' schedule (moderation.schedule, moderation.off_shift) ------------------------------------------


class Shift(models.Model):
    """Hours the moderation desk is staffed, every week on one day, in the site's time zone (TIME_ZONE)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField(help_text="At or before the start: the shift ends the next day (22:00 to 06:00).")

    class Meta:
        ordering = ["weekday", "starts_at"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Holiday(models.Model):
    """A day (in the site's time zone) on which the desk is not staffed, whatever the shifts say."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d %B %Y}" + (f" ({self.name})" if self.name else "")


class OffShiftPolicy(models.Model):
    """What a section's articles do while no moderator is on shift."""

    class Action(models.TextChoices):
        PREMODERATE = "premoderate", "Pre-moderate new comments"
        CLOSE_RECENT = "close_recent", "Close comments on articles published in the last hours"
        NOTHING = "nothing", "Nothing: comments stay as they are"

    section = models.OneToOneField("newsite.Section", on_delete=models.CASCADE, related_name="off_shift_policy")
    action = models.CharField(max_length=16, choices=Action.choices, default=Action.PREMODERATE)
    recent_hours = models.PositiveSmallIntegerField(
        default=24, help_text="With “close”: articles published within this many hours are closed."
    )

    class Meta:
        verbose_name = "off-shift policy"
        verbose_name_plural = "off-shift policies"

    def __str__(self):
        return f"{self.section}: {self.describe()}"

    def describe(self):
        if self.action == self.Action.CLOSE_RECENT:
            return f"close comments on articles published in the last {self.recent_hours} hours"
        return self.get_action_display().split(":")[0].lower()

    def clean(self):
        if self.action == self.Action.CLOSE_RECENT and not self.recent_hours:
            raise ValidationError({"recent_hours": "Say how many hours back an article counts as recent (1 or more)."})


# --- appeals against decisions (moderation.appeals) ------------------------------------------------------------------


class Appeal(models.Model):
    """A comment's author asking a moderator to look again at the decision that took it off the page, or kept it off.

    One per decision: a decision upheld is not appealed twice, and a new decision on the comment can be.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        DECIDED = "decided", "Decided"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Decision upheld"
        REVERSED = "reversed", "Decision reversed: the comment is published"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="appeals")
    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="appeal", verbose_name="decision appealed"
    )
    text = models.TextField(help_text="What the author wrote: why the decision should change.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    reply = models.TextField(blank=True, help_text="The moderator's answer, shown to the author.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="appeal_queue")]

    def __str__(self):
        return f"Appeal on comment {self.comment_id} ({self.get_outcome_display() or self.get_status_display()})"
