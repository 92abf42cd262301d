"""Web addresses written out in reader text (http://, https://, www.), found in linear time.

The pattern has one fixed prefix and one greedy character class with nothing after it, so the
engine never backtracks: each character is looked at a bounded number of times however the text
is crafted. Punctuation that ends a sentence is trimmed afterwards in one pass from the right.
The renderer links what this finds; the moderation checks count it.
"""

import re

WRITTEN_OUT = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`\[\]]+", re.IGNORECASE)
# Characters that end a sentence rather than an address ("see https://example.org.").
TRAILING = frozenset(".,;:!?'\")")


def trim(candidate):
    """The address without the punctuation around it; a closing parenthesis stays when it pairs."""
    unpaired_closers = candidate.count(")") - candidate.count("(")
    end = len(candidate)
    while end and candidate[end - 1] in TRAILING:
        if candidate[end - 1] == ")":
            if unpaired_closers <= 0:
                break
            unpaired_closers -= 1
        end -= 1
    return candidate[:end]


def has_host(address):
    """True when something nameable follows the scheme or "www." ("http://!!!" is not an address)."""
    rest = address.split("://", 1)[1] if "://" in address else address[4:]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return any(ch.isalnum() for ch in host)


def spans(text):
    """(start, end) of each written-out address in `text`, in order."""
    for match in WRITTEN_OUT.finditer(text):
        address = trim(match.group(0))
        if has_host(address):
            yield match.start(), match.start() + len(address)


def find(text):
    """The written-out addresses in `text`."""
    return [text[start:end] for start, end in spans(text)]
