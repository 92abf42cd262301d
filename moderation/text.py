"""Text as the checks see it: normalised against disguises, its links and domains, and a fingerprint for repeats."""

import hashlib
import html
import re
import unicodedata
from functools import lru_cache

from comments import links as written_out

# Characters that render as nothing and are slipped between letters to dodge word lists.
INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff",
    )
)

# Look-alike letters and digits, mapped to the Latin letter a reader would see. Applied to
# rules and text alike (a "skeleton"), so a rule for "cialis" also matches "c1al1s".
LOOKALIKES = str.maketrans(
    {
        "0": "o", "1": "i", "!": "i", "|": "i", "l": "i", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s",
        "7": "t", "8": "b", "9": "g",
        # Cyrillic and Greek letters that look Latin.
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ο": "o",
        "α": "a", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "ι": "i", "κ": "k", "χ": "x", "ε": "e", "η": "n",
    }
)  # fmt: skip

# A word may hide look-alike symbols between its letters ("v!agra"), not around them ("now!").
WORD = re.compile(r"(?:[^\W_]|[!|@$](?=[^\W_]))+", re.UNICODE)
# Top-level domains that make a bare "example.com/offer" a link (written-out addresses need none).
BARE_LINK_TLDS = frozenset(
    {"com", "net", "org", "info", "biz", "ru", "cn", "io", "co", "me", "ly", "tk", "xyz", "top", "online", "site",
     "shop", "club", "uk", "de", "fr", "us", "tv", "gl", "gd", "be", "in", "pw", "cc", "ws"}
)  # fmt: skip
# A bare host name is looked for only between written-out addresses, and only from the first
# letter or digit of a run that could spell one (the look-behind refuses every later start inside
# the run, and the greedy class has nothing after it that can fail), so the scan is linear however
# many "a.a.a." or "a-a-a-" the text holds. Which label is the top-level domain is decided
# afterwards, in Python; a path is added only to a host that proved to be a link.
BARE_HOST = re.compile(r"(?<![a-z0-9])[a-z0-9][a-z0-9.\-]*", re.IGNORECASE)
BARE_PATH = re.compile(r"/[^\s<>\"']*")
MAX_LABEL = 63
DOMAIN = re.compile(r"^(?:https?://)?([^/?#:\s]+)", re.IGNORECASE)


def plain(text):
    """Unescaped, compatibility-folded, case-folded text without accents or invisible characters.

    NFKC turns full-width "ｖｉａｇｒａ" and styled letters into plain ones; NFKD then
    separates accents so they can be dropped.
    """
    text = html.unescape(text or "").translate(INVISIBLE)
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def skeleton_words(text):
    """The words of `text` with look-alikes folded, plus runs of spaced-out letters joined ("v i a g r a")."""
    words = [word.translate(LOOKALIKES) for word in WORD.findall(plain(text))]
    joined, run = [], []
    for word in words:
        if len(word) == 1:
            run.append(word)
            continue
        if len(run) > 2:
            joined.append("".join(run))
        run = []
    if len(run) > 2:
        joined.append("".join(run))
    return words + joined


@lru_cache(maxsize=4096)
def skeleton_phrase(phrase):
    return tuple(word.translate(LOOKALIKES) for word in WORD.findall(plain(phrase)))


def _bare_host_end(run):
    """How much of a host-like run is a link: up to its last known top-level domain (0: none)."""
    labels = run.split(".")
    for last in range(len(labels) - 1, 0, -1):
        if labels[last].lower() in BARE_LINK_TLDS:
            if all(0 < len(label) <= MAX_LABEL for label in labels[: last + 1]):
                return len(".".join(labels[: last + 1]))
            return 0
    return 0


def _bare_spans(text, start, end):
    position = start
    while (match := BARE_HOST.search(text, position, end)) is not None:
        position = match.end()
        host_end = _bare_host_end(match.group(0))
        if not host_end:
            continue
        link_end = match.start() + host_end
        if link_end == match.end():
            path = BARE_PATH.match(text, link_end, end)
            if path:
                link_end = position = path.end()
        yield match.start(), link_end


def link_spans(text):
    """(start, end) of each link in `text`: written out (as the page links them), or bare ("example.com/offer")."""
    position = 0
    for start, end in written_out.spans(text):
        yield from _bare_spans(text, position, start)
        yield start, end
        position = end
    yield from _bare_spans(text, position, len(text))


def links(text):
    """The links in a comment, written out or bare ("example.com/offer")."""
    text = html.unescape(text or "")
    return [text[start:end].rstrip(".,;:!?)") for start, end in link_spans(text)]


def domain_of(link):
    # Browsers read "\\" as "/" and skip a "user@" before the host: so does this.
    link = link.strip().replace("\\", "/")
    scheme, sep, rest = link.partition("://")
    if sep:
        authority, slash, path = rest.partition("/")
        link = f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"
    match = DOMAIN.match(link)
    host = match.group(1).lower().rstrip(".") if match else ""
    return host[4:] if host.startswith("www.") else host


def domain_and_parents(domain, min_labels=1):
    """ "a.b.example.com", "b.example.com", "example.com", … down to `min_labels` labels: what covers it."""
    labels = domain.split(".")
    for start in range(len(labels) - min_labels + 1):
        yield ".".join(labels[start:])


def is_reference_domain(domain, references=None):
    """True for a public record or reference site (MODERATION_REFERENCE_DOMAINS, matched with its subdomains)."""
    from django.conf import settings

    references = settings.MODERATION_REFERENCE_DOMAINS if references is None else references
    return any(covering in references for covering in domain_and_parents(domain))


def domains(text):
    return sorted({domain_of(link) for link in links(text)} - {""})


def fingerprint(text):
    """Equal for bodies that differ only in case, spacing, punctuation, digits, look-alikes or link paths."""
    text = html.unescape(text or "")
    pieces, position = [], 0
    for start, end in link_spans(text):
        pieces += [text[position:start], " ", domain_of(text[start:end]), " "]
        position = end
    body = "".join(pieces) + text[position:]
    letters = "".join(ch for ch in "".join(skeleton_words(body)) if ch.isalpha())
    return hashlib.blake2b(letters.encode(), digest_size=10).hexdigest(), len(letters)
