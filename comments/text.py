"""What we accept as text from a reader, before any markup is rendered.

The decisions, applied to every field a reader types (name, e-mail, body) and to the API:

- Refused with a clear error (the reader fixes it; the rest of the form comes back):
  NUL bytes, and U+FFFD, the replacement character that stands in for invalid UTF-8
  (Django decodes a form with errors="replace", so bytes that were not UTF-8 arrive as U+FFFD).
- Normalised silently (they are invisible, so the reader loses nothing they can see):
  Unicode NFC; CR LF and lone CR become LF; other control characters go; bidi embeddings,
  overrides and isolates (U+202A-U+202E, U+2066-U+2069) go, because they reorder what others
  read and can disguise text, while right-to-left scripts display correctly without them (the
  page renders bodies with dir="auto"); zero-width space, word joiner, BOM and soft hyphen go;
  zero-width joiner and non-joiner stay between two non-ASCII characters (emoji sequences,
  Persian and Indic scripts need them) and go elsewhere (hidden inside Latin words).
- Kept: every other character, emoji and right-to-left text included; LRM/RLM marks stay.
"""

import re
import unicodedata

REFUSED = {
    "\x00": "Null characters are not allowed; please remove them.",
    "\ufffd": "Some characters could not be read (invalid UTF-8, shown as \ufffd); please retype them.",
}
# C0 and C1 controls except tab and newline, and DEL.
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e]")
# A joiner survives only with non-ASCII characters on both sides.
_STRAY_JOINER = re.compile(r"(?<![^\x00-\x7f])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f])")


def refusal(value):
    """Why this text cannot be accepted as typed, or None."""
    for character, message in REFUSED.items():
        if character in value:
            return message
    return None


def normalise(value):
    """The text as we store it: NFC, LF line ends, no invisible or reordering characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", value)
    value = _CONTROLS.sub("", value)
    value = _BIDI_CONTROLS.sub("", value)
    value = _INVISIBLE.sub("", value)
    return _STRAY_JOINER.sub("", value)
