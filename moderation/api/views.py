"""The moderation API's endpoints: the queues' sizes, one queue with filters, one decision, many decisions."""

from django.conf import settings
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from comments.api.schema import errors
from comments.api.serializers import parse_id
from comments.api.throttles import WriteThrottle
from comments.models import Comment

from .. import queues, services
from .filters import QueueFilter
from .permissions import ModeratorAPIView
from .serializers import (
    BulkDecisionRequestSerializer,
    BulkDecisionSerializer,
    DecisionRequestSerializer,
    DecisionSerializer,
    QueueCountsSerializer,
    QueuedCommentSerializer,
)

Status = Comment.Status


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

    filter_backends = [DjangoFilterBackend]
    filterset_class = QueueFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema asks for the model, with no queue
            return Comment.objects.none()
        queue = queues.QUEUES.get(self.kwargs["queue"])
        if queue is None:
            raise NotFound(f"No queue {self.kwargs['queue']!r}; the queues are: {', '.join(queues.QUEUES)}.")
        return queue.comments().select_related("article", "assessment")

    @extend_schema(
        summary="A queue of comments",
        description=(
            "`held` and `reported` (most reported, then most suspicious, then oldest first), `spam`, one "
            "status (`submitted`, `published`, `rejected`, `removed`: newest first), or `all`."
        ),
        parameters=[
            OpenApiParameter("queue", str, OpenApiParameter.PATH, enum=list(queues.QUEUES)),
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


@extend_schema(tags=["moderation"])
class EditorsPick(ModeratorAPIView):
    """A published comment made an editors' pick, or no longer one."""

    throttle_classes = [*ModeratorAPIView.throttle_classes, WriteThrottle]

    def _change(self, pk, change):
        comment_id = parse_id(pk)
        if not comment_id or not Comment.objects.filter(pk=comment_id).exists():
            raise NotFound(f"No comment with the id {pk!r}.")
        outcome = services.set_picks([comment_id], change, actor=self.request.user)
        if outcome.refused:
            detail = f"Comment {comment_id} was not changed: {outcome.refused[comment_id]}."
            return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
        return Response(DecisionSerializer(outcome.decided[0]).data)

    @extend_schema(
        summary="Make a comment an editors' pick",
        description="Only a published comment; audited. A pick that later leaves the page is a pick no more.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=None,
        responses={200: DecisionSerializer, **errors(401, 403, 404, 409, 429)},
    )
    def post(self, request, pk):
        return self._change(pk, services.PICK)

    @extend_schema(
        summary="Undo an editors' pick",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=None,
        responses={200: DecisionSerializer, **errors(401, 403, 404, 409, 429)},
    )
    def delete(self, request, pk):
        return self._change(pk, services.UNPICK)
