"""Error answers as the OpenAPI schema documents them, shared by every endpoint of the API."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What is wrong, in words."}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": (
        "Each wrong field (or query parameter) named with its messages, e.g. "
        '`{"body": ["This field may not be blank."]}`; `non_field_errors` or `detail` for the request as a whole.'
    ),
    "additionalProperties": {},
}

ERROR_DESCRIPTIONS = {
    400: (FIELD_ERRORS, "Invalid input: unknown field, wrong type, too long, missing, or refused by the gate."),
    401: (DETAIL, "Authentication is required (a token or a session)."),
    403: (DETAIL, "Not allowed: missing permission, CSRF token, or comments closed / author banned."),
    404: (DETAIL, "No such article, comment, queue or page."),
    409: (DETAIL, "Conflict: the comment was already decided, or the action does not apply to its status."),
    415: (DETAIL, "Send JSON (`Content-Type: application/json`)."),
    429: (DETAIL, "Too many requests from this client; the detail says when to retry."),
    503: (DETAIL, "The limit behind this request cannot count just now (Redis is away); retry after `Retry-After`."),
}


def errors(*codes):
    """The documented error responses for these status codes."""
    return {
        code: OpenApiResponse(response=ERROR_DESCRIPTIONS[code][0], description=ERROR_DESCRIPTIONS[code][1])
        for code in codes
    }


class StrictSerializerExtension(OpenApiSerializerExtension):
    """Request bodies of strict serializers say so: `additionalProperties: false`, as the API enforces."""

    target_class = "comments.api.serializers.StrictSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        return schema
