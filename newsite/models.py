"""The newsroom domain: sections, tags, articles and readers' ratings of them."""

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
    def rating_score(self):
        """The average star rating, or None before the first vote."""
        if not self.rating_count:
            return None
        return round(self.rating_total / self.rating_count, 1)


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
