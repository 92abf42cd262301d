"""The moderation REST API: the queues with filters, one decision, many decisions.

For moderators only, by the same rule as the admin (`can_moderate`: an active staff account holding
`comments.moderate_comment`), with a token or a session (with ADMIN_REQUIRE_OTP, a session verified
by the second factor, as for the admin; a token is a credential of its own). Every decision goes
through `moderation.services`; a comment someone else decided first is a 409. Like the admin's
lists, answers carry no e-mail address or IP.

Every decision must carry `expected_status`: the status the client saw the comment in (the
`status` of the queue item it read). Without it the last of two moderators silently won. We
require it rather than default it from what the client last read: a server-side "last read"
would be per client and per comment, shared by every tab and tool using one token, and stale
whenever the client read the comment elsewhere, while a required field is what the client saw.
"""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from comments.api.parsers import BoundedJSONParser
from comments.api.schema import errors
from comments.api.serializers import MAX_ID, StrictCharField, StrictSerializer, WholeNumberField
from comments.api.throttles import ClientAnonThrottle, ClientUserThrottle, WriteThrottle
from comments.api.views import parse_id
from comments.models import Comment
from core.second_factor import second_factor_ok

from . import queues, services
from .admin.permissions import can_moderate
from .models import Decision

Status = Comment.Status


class CanModerate(BasePermission):
    """The admin's rule: staff holding `comments.moderate_comment` (neither staff status nor the permission alone)."""

    message = "Only moderators (staff with the permission comments.moderate_comment) may use the moderation API."

    def has_permission(self, request, view):
        user = request.user
        if not can_moderate(user):
            return False
        if isinstance(request.successful_authenticator, SessionAuthentication) and not second_factor_ok(user):
            self.message = "This session has not given the second factor: log in to the admin with your code first."
            return False
        return True


class ModeratorAPIView(APIView):
    # Token first, so an anonymous client is told how to authenticate (401 with WWW-Authenticate).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [CanModerate]
    throttle_classes = [ClientAnonThrottle, ClientUserThrottle]
    parser_classes = [BoundedJSONParser]


# --- serializers --------------------------------------------------------------------------------


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


class QueueFilterSerializer(StrictSerializer):
    article = serializers.SlugField(required=False, help_text="Only comments on this article (its slug).")
    section = serializers.SlugField(required=False, help_text="Only comments on this section's articles.")
    user = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this account's comments (its id)."
    )
    since = serializers.DateTimeField(required=False, help_text="Posted at or after (ISO 8601).")
    until = serializers.DateTimeField(required=False, help_text="Posted before (ISO 8601).")


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


# --- views --------------------------------------------------------------------------------------


class QueuePagination(PageNumberPagination):
    page_size = settings.API_PAGE_SIZE

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise ValidationError({self.page_query_param: [str(error.detail)]}) from None


@extend_schema(tags=["moderation"])
class QueueCounts(ModeratorAPIView):
    """How many comments wait in each queue."""

    @extend_schema(summary="Size of every queue", responses={200: QueueCountsSerializer, **errors(401, 403, 429)})
    def get(self, request):
        return Response(queues.counts())


@extend_schema(tags=["moderation"])
class Queue(ModeratorAPIView, generics.ListAPIView):
    """One queue's comments, with filters."""

    serializer_class = QueuedCommentSerializer
    pagination_class = QueuePagination

    def get_queryset(self):
        queue = queues.QUEUES.get(self.kwargs["queue"])
        if queue is None:
            raise NotFound(f"No queue {self.kwargs['queue']!r}; the queues are: {', '.join(queues.QUEUES)}.")
        params = {name: value for name, value in self.request.query_params.items() if name != "page"}
        filters = QueueFilterSerializer(data=params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        queryset = queue.comments().select_related("article", "assessment")
        if "article" in wanted:
            queryset = queryset.filter(article__slug=wanted["article"])
        if "section" in wanted:
            queryset = queryset.filter(article__section__slug=wanted["section"])
        if "user" in wanted:
            queryset = queryset.filter(user_id=wanted["user"])
        if "since" in wanted:
            queryset = queryset.filter(created_at__gte=wanted["since"])
        if "until" in wanted:
            queryset = queryset.filter(created_at__lt=wanted["until"])
        return queryset

    @extend_schema(
        summary="A queue of comments",
        description=(
            "`held` and `reported` (most reported, then most suspicious, then oldest first), `spam`, one "
            "status (`submitted`, `published`, `rejected`, `removed`: newest first), or `all`."
        ),
        parameters=[
            OpenApiParameter("queue", str, OpenApiParameter.PATH, enum=list(queues.QUEUES)),
            QueueFilterSerializer,
        ],
        responses={200: QueuedCommentSerializer(many=True), **errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def decision_arguments(data, actor):
    reason = data["reason"].strip()
    return {
        "actor": actor,
        "reasons": [reason] if reason else [],
        "expected_from": data["expected_status"],
    }


@extend_schema(tags=["moderation"])
class DecideComment(ModeratorAPIView):
    """A moderator's decision on one comment."""

    throttle_classes = [*ModeratorAPIView.throttle_classes, WriteThrottle]

    @extend_schema(
        summary="Decide one comment",
        description=(
            "Publish, hold, file as spam, reject or remove one comment, with a reason for the audit log. "
            "`expected_status` is required: the status you saw the comment in; if another moderator decided "
            "it since, the answer is 409 and nothing changes."
        ),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=DecisionRequestSerializer,
        responses={200: DecisionSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
    )
    def post(self, request, pk):
        comment_id = parse_id(pk)
        if not comment_id or not Comment.objects.filter(pk=comment_id).exists():
            raise NotFound(f"No comment with the id {pk!r}.")
        incoming = DecisionRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            decision = services.MODERATOR_DECISIONS[data["action"]].apply(
                comment_id, **decision_arguments(data, request.user)
            )
        except services.DecisionRefused as refusal:
            return Response(
                {"detail": f"Comment {comment_id} was not changed: {refusal}."}, status=status.HTTP_409_CONFLICT
            )
        return Response(DecisionSerializer(decision).data)


@extend_schema(tags=["moderation"])
class DecideMany(ModeratorAPIView):
    """One decision on many comments."""

    @extend_schema(
        summary="Decide many comments at once",
        description=(
            "The same decision for every id; those someone else decided first (their status is not the "
            "`expected_status` you sent, which is required), or that cannot take this decision, are listed "
            "under `refused` with the reason, the others under `decided`."
        ),
        request=BulkDecisionRequestSerializer,
        responses={200: BulkDecisionSerializer, **errors(400, 401, 403, 415, 429)},
    )
    def post(self, request):
        incoming = BulkDecisionRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        outcome = services.MODERATOR_DECISIONS[data["action"]].apply_many(
            data["ids"], **decision_arguments(data, request.user)
        )
        return Response(
            {
                "decided": DecisionSerializer(outcome.decided, many=True).data,
                "refused": {str(pk): why for pk, why in outcome.refused.items()},
            }
        )
