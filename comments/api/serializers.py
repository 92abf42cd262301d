"""What the public API shows and accepts. No e-mail address or IP ever appears in an answer.

Request serializers are strict: a field the API does not know, a value of the wrong type or
an over-long text is refused with a 400 naming the field, never ignored.
"""

import re
from collections.abc import Mapping

from django.conf import settings
from rest_framework import serializers

from comments import captchas, text
from comments.models import EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, Comment, Report
from newsite import ratings
from newsite.models import Article, Section

CAPTCHA_KEY_MAX_LENGTH = 40
MAX_ID = 2**63 - 1


ID_PATTERN = re.compile(r"[0-9]{1,18}")


def parse_id(value):
    """A database id from a path, or None (digits only, and small enough for any database)."""
    return int(value) if ID_PATTERN.fullmatch(str(value)) else None


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a client's typo is an error rather than silently lost."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field: this endpoint does not accept it."] for name in unknown}
                )
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """A JSON integer: "3", 3.0 and true are refused rather than converted."""

    def __init__(self, **kwargs):
        # Larger numbers cannot be ids in any database; refused here rather than by the driver.
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string: numbers and booleans are refused rather than converted."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false: "yes", 1 and "true" are refused rather than converted."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class ReaderTextField(StrictCharField):
    """Text a person typed: refused with a reason if it cannot be stored, otherwise normalised."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        problem = text.refusal(value)
        if problem:
            raise serializers.ValidationError(problem)
        value = text.normalise(value).strip()
        if not value and not self.allow_blank:
            self.fail("blank")
        return value


# --- what the API shows -------------------------------------------------------------------------


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["name", "slug"]


class RatingSummarySerializer(serializers.Serializer):
    score = serializers.FloatField(
        allow_null=True, help_text="Average stars (1 to 5), one decimal; null before any vote."
    )
    count = serializers.IntegerField(help_text="Number of readers who voted.")


class ArticleSerializer(serializers.ModelSerializer):
    section = SectionSerializer(read_only=True)
    url = serializers.SerializerMethodField(help_text="The article page.")
    comments_open = serializers.BooleanField(read_only=True)
    rating = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "headline",
            "standfirst",
            "byline",
            "section",
            "published_at",
            "url",
            "comment_mode",
            "comments_open",
            "comment_count",
            "rating",
        ]
        read_only_fields = fields

    def get_url(self, article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())

    @staticmethod
    def _rating(article):
        return {"score": article.rating_score, "count": article.rating_count}

    def get_rating(self, article) -> RatingSummarySerializer:
        return self._rating(article)


class CommentSerializer(serializers.ModelSerializer):
    """A published comment as readers see it: the rendered, sanitized HTML, never the e-mail or IP."""

    article = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = serializers.SerializerMethodField(help_text="The comment's permalink.")
    recommendations = serializers.IntegerField(
        source="recommendation_count", read_only=True, help_text="Readers who recommended it."
    )
    is_pick = serializers.BooleanField(read_only=True, help_text="An editors' pick.")
    edited_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When its author last edited it; null if never."
    )

    class Meta:
        model = Comment
        fields = [
            "id",
            "article",
            "parent",
            "author_name",
            "body_html",
            "published_at",
            "edited_at",
            "recommendations",
            "is_pick",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, comment) -> str:
        return self.context["request"].build_absolute_uri(comment.get_absolute_url())


class PostedCommentSerializer(CommentSerializer):
    """The answer to a new comment: its status says whether it is published or awaiting moderation."""

    status = serializers.ChoiceField(choices=Comment.Status.choices, read_only=True)

    class Meta(CommentSerializer.Meta):
        fields = [*CommentSerializer.Meta.fields, "status"]
        read_only_fields = fields


class CaptchaSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Send back as `captcha_key` with the answer.")
    image_url = serializers.URLField(help_text="The image with the code to type as `captcha_answer`.")
    expires_in = serializers.IntegerField(help_text="Seconds the code stays valid; each code is good for one try.")


class RatingSerializer(serializers.Serializer):
    score = serializers.FloatField(help_text="The article's new average.")
    count = serializers.IntegerField(help_text="Readers who voted.")
    value = serializers.IntegerField(help_text="This client's vote.")


class RecommendationSerializer(serializers.Serializer):
    comment = serializers.IntegerField()
    recommendations = serializers.IntegerField(help_text="Readers who recommend it now.")
    recommended = serializers.BooleanField(help_text="Whether this reader recommends it now.")


class ReportFiledSerializer(serializers.Serializer):
    comment = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    detail = serializers.CharField()


# --- what the API accepts -----------------------------------------------------------------------


class CommentCreateSerializer(StrictSerializer):
    body = ReaderTextField(
        max_length=settings.COMMENTS_MAX_LENGTH,
        help_text="The comment, with the toolbar's markup: [b] [i] [u] [quote].",
    )
    author_name = ReaderTextField(
        max_length=settings.COMMENTS_NAME_MAX_LENGTH,
        required=False,
        help_text="Required without an account; signed-in clients post under their display name.",
    )
    author_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        max_length=EMAIL_MAX_LENGTH,
        write_only=True,
        error_messages={"max_length": EMAIL_TOO_LONG},
        help_text="Optional; never shown.",
    )
    parent = WholeNumberField(
        required=False, allow_null=True, min_value=1, help_text="Id of the published comment this one answers."
    )
    notify_on_reply = StrictBooleanField(
        required=False,
        default=False,
        help_text="E-mail the author when it is published or answered, once the address is confirmed: "
        "an address not confirmed yet is first sent one link to confirm it.",
    )
    captcha_key = StrictCharField(
        required=False,
        max_length=CAPTCHA_KEY_MAX_LENGTH,
        help_text="From POST /api/v1/captcha/ (clients without an account).",
    )
    captcha_answer = StrictCharField(
        required=False, max_length=32, help_text="The code in the captcha image (clients without an account)."
    )

    def validate_parent(self, parent_id):
        if parent_id is None:
            return None
        parent = Comment.objects.published().filter(pk=parent_id, article=self.context["article"]).first()
        if parent is None:
            raise serializers.ValidationError("No published comment with this id on this article.")
        return parent

    def validate(self, data):
        user = self.context["request"].user
        errors = {}
        if not user.is_authenticated and not data.get("author_name"):
            errors["author_name"] = ["This field is required for clients without an account."]
        if captchas.required(user):
            for field in ("captcha_key", "captcha_answer"):
                if not data.get(field):
                    errors[field] = ["This field is required: get a captcha from POST /api/v1/captcha/."]
        if data.get("notify_on_reply") and not user.is_authenticated and not data.get("author_email"):
            errors["author_email"] = ["Give an e-mail address to be notified."]
        if errors:
            raise serializers.ValidationError(errors)
        return data


class CommentEditSerializer(StrictSerializer):
    body = ReaderTextField(
        max_length=settings.COMMENTS_MAX_LENGTH,
        help_text="The new text, with the toolbar's markup: [b] [i] [u] [quote].",
    )


class ReportCreateSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    note = ReaderTextField(required=False, allow_blank=True, max_length=300, default="")


class RatingCreateSerializer(StrictSerializer):
    value = WholeNumberField(min_value=ratings.MIN_STARS, max_value=ratings.MAX_STARS, help_text="Stars, from 1 to 5.")
