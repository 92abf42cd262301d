"""Cursor pagination that answers a bad cursor or order with a 400 naming the parameter.

DRF's own answers a malformed cursor with a 404, and one whose position is not a value of the
ordering field with a 500 (the database refuses it); clients get a clear 400 from here instead.
"""

from base64 import b64decode

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

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
    recommended first with `?order=recommended` (ties oldest first)."""

    order_query_param = "order"
    orders = {"oldest": ("id",), "newest": ("-id",), "recommended": ("-recommendation_count", "id")}

    def get_ordering(self, request, queryset, view):
        order = request.query_params.get(self.order_query_param, "oldest")
        if order not in self.orders:
            raise ValidationError({self.order_query_param: [f"Must be one of: {', '.join(self.orders)}."]})
        return self.orders[order]
