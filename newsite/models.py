"""The newsroom domain: sections, tags, articles and readers' ratings of them, the staff, and who set an article's
comment mode."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the navigation.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("section", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tag", args=[self.slug])


class PublishedArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())


class Article(models.Model):
    class CommentMode(models.TextChoices):
        OPEN = "open", "Open"
        PREMODERATED = "premoderated", "Pre-moderated"
        CLOSED = "closed", "Closed"

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(blank=True, help_text="The summary under the headline.")
    byline = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=100, blank=True, help_text="Dateline, e.g. 'Lisbon'.")
    body = models.TextField(help_text="Paragraphs separated by a blank line.")
    image = models.ImageField(upload_to="articles/", blank=True)
    image_caption = models.CharField(max_length=300, blank=True)
    image_alt = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")

    comment_mode = models.CharField(max_length=16, choices=CommentMode.choices, default=CommentMode.OPEN)
    comments_close_at = models.DateTimeField(
        null=True, blank=True, help_text="Comments close by themselves at this time."
    )
    # A mode a person chose (`comment_modes.set_by_hand`): the moderators' schedule leaves it as it is until the
    # desk's next change of shift.
    comment_mode_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    comment_mode_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Filled while the moderators' schedule has switched the mode outside their hours: the mode it gives back at
    # the next shift, and when that shift begins (the page says so: `schedule_notice`).
    mode_before_schedule = models.CharField(max_length=16, choices=CommentMode.choices, blank=True, editable=False)
    scheduled_mode_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Denormalized so the page never counts rows; kept by the moderation service.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_total = models.PositiveIntegerField(default=0, editable=False)

    objects = PublishedArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["section", "-published_at"])]
        permissions = [
            # The comment mode and closing date alone: what moderators may change (not the story itself).
            ("change_comment_settings", "Can open, close or pre-moderate an article's comments"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("article", args=[self.section.slug, self.slug])

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def comments_open(self):
        if self.comment_mode == self.CommentMode.CLOSED:
            return False
        return self.comments_close_at is None or self.comments_close_at > timezone.now()

    @property
    def schedule_notice(self):
        """While the schedule switched the mode, what the page says ("Comments are closed until 07:00."); else ""."""
        if not self.mode_before_schedule:
            return ""
        until = f" until {_when(self.scheduled_mode_until)}" if self.scheduled_mode_until else ""
        if self.comment_mode == self.CommentMode.PREMODERATED:
            return f"Comments are reviewed before publication{until}."
        if self.comment_mode == self.CommentMode.CLOSED:
            return f"Comments are closed{until}."
        return ""

    @property
    def rating_score(self):
        """The average star rating, or None before the first vote."""
        if not self.rating_count:
            return None
        return round(self.rating_total / self.rating_count, 1)


def _when(moment):
    """ "07:00" within a day, "Monday 07:00" within a week, else "3 March 07:00": a page may be kept until then."""
    local, ahead = timezone.localtime(moment), moment - timezone.now()
    if ahead < timedelta(days=1):
        return f"{local:%H:%M}"
    if ahead < timedelta(days=7):
        return f"{local:%A %H:%M}"
    return f"{local.day} {local:%B %H:%M}"


class CommentModeChange(models.Model):
    """One change of an article's comment mode: by whom (a person, or the moderators' schedule), from what to what."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comment_mode_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: the moderators' schedule changed it.",
    )
    from_mode = models.CharField(max_length=16, choices=Article.CommentMode.choices)
    to_mode = models.CharField(max_length=16, choices=Article.CommentMode.choices)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.actor_name}: {self.from_mode} → {self.to_mode} on {self.article_id}"

    @property
    def actor_name(self):
        return self.actor.get_username() if self.actor_id else "the schedule"


class StaffMember(models.Model):
    """Someone in the newsroom whom readers may name or address ("@handle"): writers, editors, columnists.

    Comments naming them in abusive terms are held for a moderator, as comments abusing the writers a byline
    names are (moderation.checks.staff_abuse).
    """

    name = models.CharField(max_length=100, unique=True, help_text="As readers would write it: “Jane Doe”.")
    handle = models.CharField(
        max_length=60, blank=True, help_text="The name readers address them by with an @, without it: “janedoe”."
    )
    is_active = models.BooleanField(default=True, help_text="Off: no longer protected (they left the newsroom).")

    class Meta:
        ordering = ["name"]
        verbose_name = "staff member"

    def __str__(self):
        return self.name


class ArticleRating(models.Model):
    """One reader's vote on an article; a reader is an account or an anonymous voter key."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    voter_key = models.CharField(max_length=64, help_text="Hash identifying the reader who voted.")
    value = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "voter_key"], name="one_rating_per_reader"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="rating_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.value}★ on {self.article_id}"
