"""What the moderation API reads and writes: queue items, decision requests, decisions, counts."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from comments.api.serializers import StrictCharField, StrictSerializer, WholeNumberField
from comments.models import Comment

from .. import queues, services
from ..models import Decision

Status = Comment.Status


class QueuedArticleSerializer(serializers.Serializer):
    slug = serializers.CharField()
    headline = serializers.CharField()


class QueuedCommentSerializer(serializers.ModelSerializer):
    """A comment as a moderator sees it in a queue: text, status and why it is there."""

    article = QueuedArticleSerializer(read_only=True)
    reasons = serializers.SerializerMethodField(help_text="Why the checks held or filed it, most important first.")

    class Meta:
        model = Comment
        fields = [
            "id",
            "status",
            "article",
            "parent",
            "user",
            "author_name",
            "body",
            "body_html",
            "created_at",
            "published_at",
            "decided_at",
            "report_count",
            "spam_score",
            "priority",
            "reasons",
        ]
        read_only_fields = fields

    def get_reasons(self, comment) -> list[str]:
        assessment = getattr(comment, "assessment", None)
        return list(assessment.reasons) if assessment else []


STATUS_NAMES = [value for value, _ in Status.choices]


def statuses_field(**kwargs):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=Status.choices),
        min_length=1,
        max_length=len(Status.choices),
        **kwargs,
    )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "string", "enum": STATUS_NAMES}, "minItems": 1},
            {
                "type": "object",
                "additionalProperties": {"type": "string", "enum": STATUS_NAMES},
                "minProperties": 1,
                "description": "Comment id (as a string) → the status it was seen in.",
            },
        ]
    }
)
class SeenStatusesField(serializers.Field):
    """Statuses for every comment (a list), or each comment's own: {"42": "held", "43": "published"}."""

    default_error_messages = {
        "invalid": "Expected a list of statuses or an object of comment id → status.",
    }

    def to_internal_value(self, data):
        if isinstance(data, list):
            return statuses_field().run_validation(data)
        if not isinstance(data, dict) or not data or len(data) > settings.API_BULK_DECISION_MAX:
            self.fail("invalid")
        status = serializers.ChoiceField(choices=Status.choices)
        seen = {}
        for key, value in data.items():
            if not (key.isascii() and key.isdigit()) or not isinstance(value, str):
                self.fail("invalid")
            seen[int(key)] = [status.run_validation(value)]
        return seen

    def to_representation(self, value):
        return value


EXPECTED_HELP = (
    'Required: the status the comment was in when you read it (e.g. ["held"]; the `status` of the queue item). '
    "If it is in another now, someone decided first: 409, nothing changed."
)


class DecisionRequestSerializer(StrictSerializer):
    action = serializers.ChoiceField(
        choices=list(services.MODERATOR_DECISIONS), help_text=", ".join(services.MODERATOR_DECISIONS) + "."
    )
    reason = StrictCharField(required=False, allow_blank=True, max_length=300, default="")
    expected_status = statuses_field(help_text=EXPECTED_HELP)


class BulkDecisionRequestSerializer(DecisionRequestSerializer):
    ids = serializers.ListField(
        child=WholeNumberField(min_value=1),
        min_length=1,
        max_length=settings.API_BULK_DECISION_MAX,
        help_text="Comment ids to decide.",
    )
    expected_status = SeenStatusesField(
        help_text=(
            "Required: the statuses every comment may still be in (a list), or each comment's own, as read "
            '({"42": "held", "43": "published"}). A comment in another status now is listed under `refused`.'
        )
    )

    def validate(self, data):
        seen = data["expected_status"]
        if isinstance(seen, dict):
            strangers = sorted(set(seen) - set(data["ids"]))
            if strangers:
                raise ValidationError({"expected_status": [f"Not among `ids`: {', '.join(map(str, strangers))}."]})
        return data


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "comment", "actor", "action", "from_status", "to_status", "reasons", "created_at"]
        read_only_fields = fields


class BulkDecisionSerializer(serializers.Serializer):
    decided = DecisionSerializer(many=True)
    refused = serializers.DictField(child=serializers.CharField(), help_text="Comment id → why it was not decided.")


class QueueCountsSerializer(serializers.Serializer):
    """The size of each queue of work (`queues.WAITING`)."""

    def get_fields(self):
        return {key: serializers.IntegerField(help_text=queues.QUEUES[key].label) for key in queues.WAITING}
