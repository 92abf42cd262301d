"""Cursor pagination that answers a bad cursor or order with a 400 naming the parameter.

DRF's own answers a malformed cursor with a 404, and one whose position is not a value of the
ordering field with a 500 (the database refuses it); clients get a clear 400 from here instead.
"""

from base64 import b64decode, b64encode

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

INVALID_CURSOR = "Invalid cursor: use the `next` or `previous` link of an earlier page."


class StrictCursorPagination(CursorPagination):
    page_size = settings.API_PAGE_SIZE
    invalid_cursor_message = INVALID_CURSOR

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["description"] = "The `next` or `previous` link's cursor; anything else is a 400."
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            # DRF's own decoding skips characters that are not base64; a cursor we wrote has none.
            if encoded is not None and not b64decode(encoded.encode("ascii"), validate=True):
                raise ValueError("empty cursor")
            cursor = super().decode_cursor(request)
        except (NotFound, ValueError):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        if cursor is not None and cursor.position is not None:
            field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
            try:
                field.to_python(cursor.position)
            except DjangoValidationError:
                raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        return cursor


class ArticlePagination(StrictCursorPagination):
    """Newest articles first."""

    ordering = ("-published_at",)


class CommentPagination(StrictCursorPagination):
    """Published comments, oldest first (as on the page), newest first with `?order=newest`, or the most
    recommended first with `?order=recommended` (ties oldest first: `RecommendedCursor`)."""

    order_query_param = "order"
    orders = {"oldest": ("id",), "newest": ("-id",), "recommended": ("-recommendation_count", "id")}

    def get_ordering(self, request, queryset, view):
        order = request.query_params.get(self.order_query_param, "oldest")
        if order not in self.orders:
            raise ValidationError({self.order_query_param: [f"Must be one of: {', '.join(self.orders)}."]})
        return self.orders[order]

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get(self.order_query_param) == "recommended":
            self.delegate = RecommendedCursor()
            return self.delegate.paginate_queryset(queryset, request, view)
        self.delegate = None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.delegate is not None:
            return self.delegate.get_paginated_response(data)
        return super().get_paginated_response(data)


class RecommendedCursor(CursorPagination):
    """The most recommended first, ties oldest first, in keyset pages on (count, id).

    DRF's cursor keeps its place by the first ordering field alone and walks ties by an offset
    (capped at `offset_cutoff`): with thousands of comments at the same count, usually 0, it would
    serve one page over and over. This cursor holds the last row's count and id, and the next page
    is the rows after that pair, found on the (article, status, count, id) index. Counts move
    while a client pages; a comment whose count rose past the cursor is not shown again on that walk.
    """

    page_size = settings.API_PAGE_SIZE
    ordering = ("-recommendation_count", "id")

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.base_url = request, request.build_absolute_uri()
        position = self._position(request.query_params.get(self.cursor_query_param))
        rows = queryset.order_by("-recommendation_count", "id")
        if position is not None:
            count, pk = position
            rows = rows.filter(Q(recommendation_count__lt=count) | Q(recommendation_count=count, id__gt=pk))
        page = list(rows[: self.page_size + 1])
        self.has_next, self.page = len(page) > self.page_size, page[: self.page_size]
        return self.page

    def _position(self, encoded):
        if encoded is None:
            return None
        try:
            count, pk = (int(part) for part in b64decode(encoded.encode("ascii"), validate=True).decode().split(":"))
        except (ValueError, UnicodeError):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        if count < 0 or pk < 0 or pk > 2**63 - 1 or count > 2**31:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return count, pk

    def get_next_link(self):
        if not self.has_next:
            return None
        last = self.page[-1]
        cursor = b64encode(f"{last.recommendation_count}:{last.pk}".encode()).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_previous_link(self):
        return None  # pages are read onwards; the first page is the URL without a cursor

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": None, "results": data})
