"""The names readers may aim abuse at, found in reader text in linear time: the staff list and an article's byline.

A text is cut into word tokens once (one simple pattern, no backtracking); a name is a short run of tokens looked up
by its first token in a prebuilt index, and an "@handle" a single look-up in a set, so the cost grows with the
text's length however many names the newsroom has. Names and text are compared case- and accent-blind.

The staff list is built once per version in each process: saving or deleting a staff member gives a new version
(`staff_changed`, connected in moderation.receivers), and a list is never kept longer than `MAX_AGE` seconds.
"""

import re
import time
import unicodedata
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache

from newsite.models import StaffMember

TOKEN = re.compile(r"@?\w+")
BYLINE_SEPARATORS = re.compile(r",|&|\band\b|;", re.IGNORECASE)
# Words of a byline that are not a name: "By Dr Jane Doe".
NOT_NAMES = {"by", "dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"}
# A part of a byline with one of these describes the writer, it names nobody: "Jane Doe, City Hall correspondent".
ROLES = {"reporter", "correspondent", "editor", "writer", "columnist", "critic", "staff", "desk", "agencies", "team"}
SURNAME_MIN_LETTERS = 3
VERSION_KEY = "moderation:staff:version"
MAX_AGE = 60  # a safety net for a change saved while Redis was away
_built = {}  # version -> (StaffNames, built at)


def fold(text):
    """Lower case without accents: "Zoë" and "ZOE" are one name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text):
    return [match.group() for match in TOKEN.finditer(fold(text))]


def handle_key(token):
    """ "@Jane_Doe", "@jane.doe" and "@janedoe" address the same person."""
    return token.lstrip("@").replace("_", "")


@dataclass(frozen=True)
class Mention:
    name: str  # as the staff list or the byline spells it
    start: int  # first token
    end: int  # one past the last


@dataclass
class StaffNames:
    by_first_token: dict = field(default_factory=dict)  # token -> [(name tokens, name)], longest first
    by_handle: dict = field(default_factory=dict)  # handle key -> name

    @classmethod
    def build(cls, members):
        names = cls()
        for member in members:
            names.add(member.name, handle=member.handle)
        return names

    def add(self, name, handle="", surname_alone=False):
        words = tuple(word for word in tokens(name) if not word.startswith("@"))
        if not words or (len(words) == 1 and len(words[0]) < SURNAME_MIN_LETTERS):
            return  # "A." alone would be found in every other sentence
        self._index(words, name)
        if surname_alone and len(words) > 1 and len(words[-1]) >= SURNAME_MIN_LETTERS:
            self._index(words[-1:], name)
        self.by_handle.setdefault("".join(words), name)
        if handle:
            self.by_handle[handle_key(fold(handle))] = name

    def _index(self, words, name):
        entries = self.by_first_token.setdefault(words[0], [])
        if (words, name) not in entries:
            entries.append((words, name))
            entries.sort(key=lambda entry: -len(entry[0]))

    def with_byline(self, byline):
        """These names and the byline's writers, who may also be named by their surname alone on their article."""
        names = StaffNames(
            {token: list(entries) for token, entries in self.by_first_token.items()}, dict(self.by_handle)
        )
        for part in BYLINE_SEPARATORS.split(byline or ""):
            words = [fold(word).strip(".") for word in part.split()]
            if ROLES.intersection(words):
                continue
            writer = " ".join(word for word, folded in zip(part.split(), words, strict=True) if folded not in NOT_NAMES)
            names.add(writer, surname_alone=True)
        return names

    def mentions(self, words):
        """Every name or handle in `words` (the text's tokens), in order."""
        found, position = [], 0
        while position < len(words):
            word = words[position]
            if word.startswith("@"):
                name = self.by_handle.get(handle_key(word))
                if name:
                    found.append(Mention(name, position, position + 1))
                position += 1
                continue
            for name_words, name in self.by_first_token.get(word, ()):
                if tuple(words[position : position + len(name_words)]) == name_words:
                    found.append(Mention(name, position, position + len(name_words)))
                    position += len(name_words)
                    break
            else:
                position += 1
        return found


def staff_changed():
    """A new staff version: every process rebuilds its list at its next check."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def current():
    """The active staff list's names, rebuilt only when it changed."""
    version = cache.get(VERSION_KEY)
    if version is None:  # never set, flushed, or Redis down (then every check rebuilds)
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    cached = _built.get(version)
    if cached is None or time.monotonic() - cached[1] > MAX_AGE:
        _built.clear()
        members = StaffMember.objects.filter(is_active=True).only("name", "handle")
        cached = _built[version] = (StaffNames.build(members), time.monotonic())
    return cached[0]
