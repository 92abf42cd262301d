"""Readers' comments on articles, and their reports of comments that break the rules."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsite.models import Article

# The longest address the e-mail columns hold (RFC 5321's path limit); the forms and API say so.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = f"An e-mail address has at most {EMAIL_MAX_LENGTH} characters."


def normalize_email(address):
    """Addresses are stored lower-cased, so author history and bans match them with the plain index."""
    return (address or "").strip().lower()


# A comment that still holds its author's network address or browser: what the retention purge looks for.
HOLDS_CLIENT = models.Q(ip_address__isnull=False) | ~models.Q(user_agent="")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def by_commenter(self, *, user=None, email="", ids=()):
        """One commenter's comments: the account's, those typed under the address, and any `ids` besides."""
        wanted = models.Q(pk__in=list(ids))
        if user is not None:
            wanted |= models.Q(user=user)
        if normalize_email(email):
            wanted |= models.Q(author_email=normalize_email(email))
        return self.filter(wanted)

    def for_article_page(self, article):
        return (
            self.published()
            .filter(article=article)
            .select_related("parent")
            .only(
                "id",
                "article_id",
                "parent_id",
                "parent__author_name",
                "parent__status",
                "parent__deleted_by_author_at",
                "author_name",
                "body_html",
                "created_at",
                "published_at",
                "edited_at",
                "recommendation_count",
                "picked_at",
            )
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        PUBLISHED = "published", "Published"
        HELD = "held", "Held"
        SPAM = "spam", "Spam"
        REJECTED = "rejected", "Rejected"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author_name = models.CharField(max_length=80)
    author_email = models.EmailField(max_length=EMAIL_MAX_LENGTH, blank=True)
    body = models.TextField(help_text="As the reader typed it, with toolbar markup.")
    body_html = models.TextField(editable=False, help_text="Rendered and sanitized once, at save.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Kept for moderation only: never shown on the page, in feeds or in the public API.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    # The weights of the reports made since the last moderator decision on this comment (moderation
    # resets it when a moderator decides): what COMMENTS_REPORT_THRESHOLD is compared with.
    # `report_count` goes on counting every report, for the queues.
    report_weight = models.FloatField(default=0.0)
    # Filled by the moderation checks; the queues order by them.
    spam_score = models.FloatField(null=True, blank=True)
    priority = models.SmallIntegerField(default=0)
    notify_on_reply = models.BooleanField(default=False, help_text="E-mail the author about publication and replies.")
    # An anonymous author's address proven by a link mailed to it (comments.addresses); None: only typed.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # Readers' recommendations (comments.recommendations keeps one per reader): the "Most recommended" order.
    recommendation_count = models.PositiveIntegerField(default=0)
    # Set while a moderator has made it an editors' pick; moderation clears it when it leaves the page.
    picked_at = models.DateTimeField(null=True, blank=True)
    # The author's last edit (comments.authors); each earlier text is a CommentRevision.
    edited_at = models.DateTimeField(null=True, blank=True)
    # When a moderator (not the checks) last decided on it: from then on its author may not edit it.
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Its author deleted it: the text is gone, its replies say so.
    deleted_by_author_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["article", "status", "id"], name="comment_article_page"),
            models.Index(fields=["status", "-priority", "-report_count", "id"], name="comment_queue"),
            models.Index(fields=["status", "created_at"], name="comment_status_age"),
            models.Index(fields=["user", "status"], name="comment_author_history"),
            models.Index(fields=["author_email"], name="comment_email"),
            models.Index(fields=["ip_address"], name="comment_ip"),
            models.Index(fields=["-published_at"], name="comment_latest"),
            models.Index(fields=["article", "status", "-recommendation_count", "id"], name="comment_recommended"),
            models.Index(
                fields=["article", "status", "id"], condition=models.Q(picked_at__isnull=False), name="comment_picks"
            ),
            # Only the comments the retention purge has still to visit (moderation.retention).
            models.Index(fields=["created_at"], condition=HOLDS_CLIENT, name="comment_personal_age"),
        ]
        permissions = [
            ("moderate_comment", "Can decide comments (publish, hold, reject, spam, remove)"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        self.author_email = normalize_email(self.author_email)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("comments:permalink", args=[self.pk])

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_pick(self):
        return self.picked_at is not None


class Report(models.Model):
    """A reader's flag on a published comment; one per reader per comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Other"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reporter_key = models.CharField(max_length=64, help_text="Hash identifying the reader who reported.")
    weight = models.FloatField(default=1.0, help_text="How much this report counted towards the threshold.")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter_key"], name="one_report_per_reader")]

    def __str__(self):
        return f"{self.get_reason_display()} report on comment {self.comment_id}"


class Recommendation(models.Model):
    """One reader's recommendation of a published comment: one per reader (account, else client) per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="recommendations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recommender_key = models.CharField(max_length=64, help_text="Keyed hash identifying the reader.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "recommender_key"], name="one_recommendation_per_reader")
        ]

    def __str__(self):
        return f"recommendation of comment {self.comment_id}"


class CommentRevision(models.Model):
    """A text a comment had before its author edited it, for the moderators; gone if the author deletes it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    written_at = models.DateTimeField(help_text="When this text was posted or last edited.")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "replaced_at", "id"]

    def __str__(self):
        return f"comment {self.comment_id} as of {self.written_at:%Y-%m-%d %H:%M}"


class VerifiedEmail(models.Model):
    """An account's e-mail address, proven by following the link that was mailed to it.

    The account is verified while `email` is still its address: an address changed since is not.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="verified_email"
    )
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    verified_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.email} verified {self.verified_at:%Y-%m-%d}"


class ImportedComment(models.Model):
    """Where an imported comment came from: importing the same file again finds it here and adds nothing."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="imported_from")
    source = models.CharField(max_length=16, help_text="The format it came in: disqus, wxr or json.")
    external_id = models.CharField(max_length=64, help_text="Its id in the file.")
    parent_external_id = models.CharField(max_length=64, blank=True, help_text="Its parent's id in the file.")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="one_import_per_external_id")]

    def __str__(self):
        return f"{self.source} {self.external_id} → comment {self.comment_id}"
