"""The public REST API: articles, their published comments, posting, reports, ratings and captchas.

Posting goes through the same gate as the HTML form (`comments.posting`), reports through
`comments.reports`, ratings through `newsite.ratings`: the API adds no rules of its own, only
the HTTP answers (which field is wrong, 403 / 409 / 429 where the gate says no).
"""

from functools import cached_property

from captcha.conf import settings as captcha_settings
from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled, ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from comments import authors, awaiting, captchas, gate, posting, recommendations, reports
from comments.models import Comment
from core.clients import client_ip
from newsite import ratings
from newsite.models import Article

from . import serializers as s
from .pagination import ArticlePagination, CommentPagination
from .parsers import BoundedJSONParser
from .schema import errors
from .serializers import parse_id
from .throttles import DEFAULT_THROTTLES, CaptchaThrottle, ServiceUnavailable

# Which refusals of the posting gate are not about the input: their HTTP status.
GATE_STATUS = {
    posting.check_article_open: status.HTTP_403_FORBIDDEN,
    posting.check_anonymous_allowed: status.HTTP_403_FORBIDDEN,
    gate.check_registered: status.HTTP_403_FORBIDDEN,  # bans, and whatever else another app says
    posting.check_rate_limits: status.HTTP_429_TOO_MANY_REQUESTS,
}
# The gate names form fields; the API's names for them.
GATE_FIELDS = {posting.NON_FIELD: "non_field_errors", "captcha": "captcha_answer"}


def _answering_with(check, http_status):
    def run(attempt):
        try:
            check(attempt)
        except posting.PostingRefused as refusal:
            refusal.http_status = http_status
            raise

    run.__name__ = check.__name__
    return run


API_GATE = tuple(
    _answering_with(check, GATE_STATUS.get(check, status.HTTP_400_BAD_REQUEST)) for check in posting.API_CHECKS
)


def refusal_response(refusal):
    http_status = getattr(refusal, "http_status", status.HTTP_400_BAD_REQUEST)
    if http_status != status.HTTP_400_BAD_REQUEST:
        return Response({"detail": " ".join(refusal.messages)}, status=http_status)
    return Response(
        {GATE_FIELDS.get(field, field): messages for field, messages in refusal.errors.items()}, status=http_status
    )


def published_article(slug):
    article = Article.objects.published().select_related("section").filter(slug=slug).first()
    if article is None:
        raise NotFound(f"No published article with the slug {slug!r}.")
    return article


def published_comment(pk):
    comment_id = parse_id(pk)
    comment = Comment.objects.published().filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        raise NotFound(f"No published comment with the id {pk!r}.")
    return comment


def cross_site(request):
    """Whether a browser sent this from another site's page: its Origin is neither ours nor a trusted one.

    DRF checks CSRF only for signed-in sessions. A write without a body (a recommendation) is a request any
    page may make without asking first, so without this one site's visitors could each count once for it.
    Clients that are not browsers send no Origin.
    """
    origin = request.headers.get("Origin")
    if not origin or request.method in SAFE_METHODS:
        return False
    ours = f"{request.scheme}://{request.get_host()}"
    return origin != ours and origin not in settings.CSRF_TRUSTED_ORIGINS


class PublicAPIMixin:
    """Per-client throttles, JSON in, no query parameter the endpoint does not know, no write from another site."""

    throttle_classes = DEFAULT_THROTTLES
    parser_classes = [BoundedJSONParser]
    query_params = frozenset()

    def initial(self, request, *args, **kwargs):
        if cross_site(request):
            raise PermissionDenied("A request from another site's page is refused.")
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.query_params)
        if unknown:
            raise ValidationError({name: ["Unknown query parameter."] for name in unknown})


@extend_schema(tags=["articles"])
class ArticleList(PublicAPIMixin, generics.ListAPIView):
    """Published articles, newest first, in cursor pages."""

    serializer_class = s.ArticleSerializer
    pagination_class = ArticlePagination
    query_params = frozenset({"cursor"})

    def get_queryset(self):
        return Article.objects.published().select_related("section")

    @extend_schema(
        summary="Published articles, newest first", responses={200: s.ArticleSerializer(many=True), **errors(400, 429)}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["articles"])
class ArticleDetail(PublicAPIMixin, generics.RetrieveAPIView):
    """One published article, by its slug."""

    serializer_class = s.ArticleSerializer

    def get_object(self):
        return published_article(self.kwargs["slug"])

    @extend_schema(summary="One published article", responses={200: s.ArticleSerializer, **errors(400, 404, 429)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["comments"])
class ArticleComments(PublicAPIMixin, generics.ListCreateAPIView):
    """An article's published comments; posting a new one."""

    serializer_class = s.CommentSerializer
    pagination_class = CommentPagination
    query_params = frozenset({"cursor", "order", "picks"})

    @cached_property
    def article(self):
        return published_article(self.kwargs["slug"])

    def get_queryset(self):
        comments = Comment.objects.published().filter(article=self.article).select_related("article")
        picks = self.request.query_params.get("picks")
        if picks not in (None, "0", "1"):
            raise ValidationError({"picks": ["Must be 1 (only the editors' picks) or 0."]})
        return comments.filter(picked_at__isnull=False) if picks == "1" else comments

    @extend_schema(
        summary="An article's published comments",
        description=(
            "Cursor pages of published comments, oldest first, newest first with `order=newest`, or the most "
            "recommended first with `order=recommended` (ties oldest first); only the editors' picks with `picks=1`."
        ),
        parameters=[
            OpenApiParameter(
                "order",
                str,
                enum=list(CommentPagination.orders),
                default="oldest",
                description="Oldest first, newest first, or the most recommended first.",
            ),
            OpenApiParameter("picks", str, enum=["0", "1"], default="0", description="1: only the editors' picks."),
        ],
        responses={200: s.CommentSerializer(many=True), **errors(400, 404, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Post a comment",
        description=(
            "Goes through the same gate as the article page's form, then to moderation: the answer's "
            "`status` is `published`, or `submitted` / `held` while it awaits moderation. Clients without "
            "an account send `author_name` and a captcha (`captcha_key` from POST /api/v1/captcha/ and "
            "`captcha_answer`); signed-in readers in good standing need no captcha. A 503 means the database "
            "could not save the comment just now: nothing was saved, and the same comment may be posted again."
        ),
        request=s.CommentCreateSerializer,
        responses={201: s.PostedCommentSerializer, **errors(400, 403, 404, 415, 429, 503)},
    )
    def post(self, request, *args, **kwargs):
        article = self.article
        incoming = s.CommentCreateSerializer(data=request.data, context={"request": request, "article": article})
        incoming.is_valid(raise_exception=True)
        session_client = isinstance(request.successful_authenticator, SessionAuthentication)
        try:
            comment = posting.post_comment(
                article,
                incoming.validated_data,
                user=request.user,
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                session=request.session if session_client else None,
                checks=API_GATE,
            )
        except posting.PostingRefused as refusal:
            return refusal_response(refusal)
        answer = s.PostedCommentSerializer(comment, context=self.get_serializer_context())
        return Response(answer.data, status=status.HTTP_201_CREATED, headers={"Location": answer.data["url"]})


@extend_schema(tags=["comments"])
class CommentReports(PublicAPIMixin, APIView):
    """Readers' reports of a published comment."""

    @extend_schema(
        summary="Report a published comment",
        description=(
            "One report per reader (account, else address; an IPv6 address by its /64) per comment. Enough "
            "reports take the comment off the page until a moderator looks. While the report limit cannot "
            "count (Redis away) reports are refused with a 503."
        ),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=s.ReportCreateSerializer,
        responses={201: s.ReportFiledSerializer, **errors(400, 404, 409, 415, 429, 503)},
    )
    def post(self, request, pk):
        comment = published_comment(pk)
        incoming = s.ReportCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        reason = incoming.validated_data["reason"]
        try:
            reports.file_report(
                comment,
                user=request.user,
                reporter_key=reports.reporter_key(user=request.user, ip=client_ip(request)),
                former_keys=reports.former_reporter_keys(user=request.user, ip=client_ip(request)),
                reason=reason,
                note=incoming.validated_data["note"],
            )
        except reports.ReportRateLimited as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        except reports.ReportUnavailable as refusal:
            raise ServiceUnavailable(str(refusal)) from None
        except reports.ReportRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_409_CONFLICT)
        filed = {"comment": comment.pk, "reason": reason, "detail": "Thank you: a moderator will look at this comment."}
        return Response(filed, status=status.HTTP_201_CREATED)


@extend_schema(tags=["comments"])
class CommentDetail(PublicAPIMixin, APIView):
    """One comment: read it when published; its author edits it within the window or deletes it."""

    def _own(self, request, pk):
        comment_id = parse_id(pk)
        comment = Comment.objects.select_related("article").filter(pk=comment_id).first() if comment_id else None
        if comment is None or comment.deleted_by_author_at is not None:
            raise NotFound(f"No comment with the id {pk!r}.")
        return comment, awaiting.ids(request._request)

    @extend_schema(
        summary="One published comment",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        responses={200: s.CommentSerializer, **errors(400, 404, 429)},
    )
    def get(self, request, pk):
        return Response(s.CommentSerializer(published_comment(pk), context={"request": request}).data)

    @extend_schema(
        summary="Edit your comment",
        description=(
            "Its author only: the account that posted it, or the browser session that posted it without one (403 "
            "for anyone else). Within COMMENTS_EDIT_WINDOW_SECONDS of posting and until a moderator decides on it "
            "(409 after). The edit is checked again: the answer's `status` is `submitted` until the checks decide."
        ),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=s.CommentEditSerializer,
        responses={200: s.PostedCommentSerializer, **errors(400, 403, 404, 409, 415, 429)},
    )
    def patch(self, request, pk):
        comment, own_ids = self._own(request, pk)
        incoming = s.CommentEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            comment = authors.edit(
                comment,
                incoming.validated_data["body"],
                user=request.user,
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                own_ids=own_ids,
            )
        except authors.AuthorActionRefused as refusal:
            return Response({"detail": str(refusal)}, status=refusal.http_status)
        return Response(s.PostedCommentSerializer(comment, context={"request": request}).data)

    @extend_schema(
        summary="Delete your comment",
        description="Its author only (403 for anyone else), at any time: the text is gone; replies say so.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=None,
        responses={204: None, **errors(400, 403, 404, 409, 429)},
    )
    def delete(self, request, pk):
        comment, own_ids = self._own(request, pk)
        try:
            authors.delete(comment, user=request.user, own_ids=own_ids)
        except authors.AuthorActionRefused as refusal:
            return Response({"detail": str(refusal)}, status=refusal.http_status)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["comments"])
class CommentRecommendation(PublicAPIMixin, APIView):
    """This reader's recommendation of a published comment."""

    def _change(self, request, pk, change):
        comment = published_comment(pk)
        reader = {"user": request.user, "ip": client_ip(request)}
        own_ids = awaiting.ids(request._request)
        try:
            count, changed = change(comment, own_ids=own_ids, **reader)
        except recommendations.RecommendationUnavailable as refusal:
            raise ServiceUnavailable(str(refusal)) from None
        except recommendations.RecommendationRefused as refusal:
            return Response({"detail": str(refusal)}, status=refusal.http_status)
        recommended = change is recommendations.recommend
        body = {"comment": comment.pk, "recommendations": count, "recommended": recommended}
        created = recommended and changed
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary="Recommend a published comment",
        description=(
            "One recommendation per reader (account, else address; an IPv6 address by its /64) per comment; a "
            "second one changes nothing (200). Nobody recommends their own comment (409). While the limit cannot "
            "count (Redis away) recommendations are refused with a 503."
        ),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=None,
        responses={201: s.RecommendationSerializer, 200: s.RecommendationSerializer, **errors(400, 404, 409, 429, 503)},
    )
    def post(self, request, pk):
        return self._change(request, pk, recommendations.recommend)

    @extend_schema(
        summary="Take back a recommendation",
        description="Takes this reader's recommendation back; without one, changes nothing.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id.")],
        request=None,
        responses={200: s.RecommendationSerializer, **errors(400, 404, 409, 429, 503)},
    )
    def delete(self, request, pk):
        return self._change(request, pk, recommendations.withdraw)


@extend_schema(tags=["articles"])
class ArticleRating(PublicAPIMixin, APIView):
    """A reader's star rating of an article."""

    @extend_schema(
        summary="Rate an article (1 to 5 stars)",
        description=(
            "One vote per reader, changeable: a second PUT replaces the vote. A reader is the account, "
            "else the client's address (an IPv6 address by its /64); cookies make no second voter. "
            "While the rating limit cannot count (Redis away) votes are refused with a 503."
        ),
        request=s.RatingCreateSerializer,
        responses={200: s.RatingSerializer, **errors(400, 404, 415, 429, 503)},
    )
    def put(self, request, slug):
        article = published_article(slug)
        incoming = s.RatingCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            limited = ratings.rating_is_limited(request)
        except ratings.RatingUnavailable as unavailable:
            raise ServiceUnavailable(str(unavailable)) from None
        if limited:
            raise Throttled(detail="You are rating too quickly. Please wait a minute and try again.")
        value = incoming.validated_data["value"]
        score, count = ratings.rate_as_reader(request, article, value)
        return Response({"score": score, "count": count, "value": value})


@extend_schema(tags=["comments"])
class NewCaptcha(PublicAPIMixin, APIView):
    """Captchas for clients posting without an account."""

    throttle_classes = (*DEFAULT_THROTTLES, CaptchaThrottle)

    @extend_schema(
        summary="Issue a captcha",
        description=(
            "A new code for posting without an account: show `image_url`, send `key` and the typed code. "
            "Issued sparingly per client; none while the count cannot be kept (a 503)."
        ),
        request=None,
        responses={201: s.CaptchaSerializer, **errors(400, 429, 503)},
    )
    def post(self, request):
        key = captchas.issue_challenge()
        body = {
            "key": key,
            "image_url": request.build_absolute_uri(captchas.image_url(key)),
            "expires_in": captcha_settings.CAPTCHA_TIMEOUT * 60,
        }
        return Response(body, status=status.HTTP_201_CREATED)
