"""JSON in, within bounds: every API endpoint parses request bodies with `BoundedJSONParser`.

Python's JSON decoder recurses once per nested array or object, so a body of 100,000 "[" ended in a
RecursionError (a 500); and DRF's own parser reads a body of any size. This one reads at most
`API_JSON_MAX_BYTES` (a larger body is refused without reading on) and counts the nesting in one
linear pass before decoding (brackets inside strings do not count); past `API_JSON_MAX_DEPTH` levels
the body is refused. Both refusals are a 400 that says which bound was passed.
"""

import io
import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The only characters that open or close a level, a string, or escape the next character.
STRUCTURAL = re.compile(r'[\[\]{}"\\]')


def nesting_depth(text, give_up_past):
    """The deepest level of arrays and objects in JSON text (stops counting once past `give_up_past`)."""
    depth = deepest = 0
    in_string = False
    escaped_until = -1
    for match in STRUCTURAL.finditer(text):
        position, char = match.start(), match.group()
        if position < escaped_until:
            continue  # the character after a backslash
        if in_string:
            if char == "\\":
                escaped_until = position + 2
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > give_up_past:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_JSON_MAX_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise ParseError(f"JSON body too large: at most {limit} bytes.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(f"JSON parse error - {error}") from None
        max_depth = settings.API_JSON_MAX_DEPTH
        if nesting_depth(text, max_depth) > max_depth:
            raise ParseError(f"JSON nested too deeply: at most {max_depth} levels of arrays and objects.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
