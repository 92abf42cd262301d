"""Moderator-written regular expressions: compiled by the `regex` module and run under a time limit.

Reader text is hostile, and a pattern a moderator writes in good faith can backtrack
exponentially: `(a+)+$` against "aaaa…!" never ends with the standard `re`. The `regex` module
takes a timeout per search, so a rule costs at most MODERATION_RULE_REGEX_TIMEOUT_SECONDS per
comment; a search that runs out of time counts as "could not be checked", and the caller holds the
comment for a person rather than guess. A pattern is also tried, before it is saved, against
texts built to provoke backtracking (`too_slow`), and refused when any of them runs out of time.
"""

import regex
from django.conf import settings

error = regex.error


class PatternTimedOut(Exception):
    """The search did not finish within the time limit."""


def compile_pattern(source):
    """The rule's pattern, compiled as the checks use it (case-insensitive, `re`-compatible syntax)."""
    return regex.compile(source, regex.IGNORECASE | regex.VERSION0)


def search(compiled, text, timeout=None):
    """True when `compiled` matches somewhere in `text`; PatternTimedOut when it could not tell in time."""
    try:
        return compiled.search(text, timeout=timeout or settings.MODERATION_RULE_REGEX_TIMEOUT_SECONDS) is not None
    except TimeoutError as timed_out:
        raise PatternTimedOut(str(timed_out)) from timed_out


def probes(source, length=None):
    """Texts that drive a backtracking pattern to its worst case: runs of its own characters, then a misfit."""
    length = length or settings.MODERATION_RULE_PROBE_LENGTH
    characters = {ch for ch in source.lower() if ch.isalnum() or ch in " .-_@"} | {"a", "1", " ", "."}
    runs = [ch * length for ch in sorted(characters)]
    alternating = [f"a{separator}" * (length // 2) + "!" for separator in " .-"]
    return [run + ending for run in runs for ending in ("!", "\n")] + alternating


def too_slow(compiled, source):
    """True when some probe text makes the pattern run out of time."""
    for text in probes(source):
        try:
            search(compiled, text)
        except PatternTimedOut:
            return True
    return False
