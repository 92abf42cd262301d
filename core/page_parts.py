"""A page stored once for every reader, with placeholders where each response puts its reader's own parts.

The page is rendered with a placeholder in each context name a template prints per reader,
stored split at them, and joined again for every response:
- a `Fill` puts a value there for this response (the masked CSRF token, a signed timestamp);
- a `Region` is the stretch between its two placeholders (`<name>_start`, `<name>_end`): kept as
  stored for most readers, and rendered again for a reader it concerns (a voter's own stars) from
  what was kept of the page's object when the page was stored.
"""

import re

from django.middleware.csrf import get_token


class Fill:
    def __init__(self, name, value):
        self.name = name
        self.value = value  # (request, the page object's id) -> str


# What `{% csrf_token %}` prints; get_token also sets the CSRF cookie on the response, as rendering the tag would.
CSRF_TOKEN = Fill("csrf_token", lambda request, obj_id: get_token(request))


class Region:
    """Subclasses say whom the stretch concerns, what of the object to keep, and how to render it for them."""

    name = None

    def concerns(self, request):
        raise NotImplementedError

    def keep(self, obj):
        """What rendering the region again needs of the page's object, without loading it (stored with the page)."""
        raise NotImplementedError

    def render(self, request, kept, value_of):
        """The region for this reader; `value_of(name)` gives this response's value of a `Fill`."""
        raise NotImplementedError


def _placeholder(name):
    # Letters only: no escaping changes it, wherever the template prints it.
    return "pagecache" + name.replace("_", "") + "placeholder"


class PageParts:
    """The per-reader parts of one kind of stored page."""

    def __init__(self, fills, regions=()):
        self.fills = {fill.name: fill for fill in fills}
        self.regions = {region.name: region for region in regions}
        names = [*self.fills, *(f"{name}_{end}" for name in self.regions for end in ("start", "end"))]
        self.placeholders = {name: _placeholder(name) for name in names}
        self._names = {placeholder.encode(): name for name, placeholder in self.placeholders.items()}
        self._split = re.compile(b"(" + b"|".join(re.escape(marker) for marker in self._names) + b")")

    def concern(self, request):
        """Whether a region concerns this reader: then the page rendered for them must not be stored."""
        return any(region.concerns(request) for region in self.regions.values())

    def split(self, content, obj):
        """The page rendered with `placeholders`, as stored: its pieces, and what each region keeps of `obj`."""
        pieces = self._split.split(content)
        parts = tuple(self._names[piece] if n % 2 else piece for n, piece in enumerate(pieces))
        return parts, {name: region.keep(obj) for name, region in self.regions.items()}

    def join(self, request, stored, obj_id):
        """The stored page with this reader's parts in place."""
        parts, kept = stored
        values = {}

        def value_of(name):
            if name not in values:
                values[name] = self.fills[name].value(request, obj_id)
            return values[name]

        chunks, inside = [], None  # inside: the region being rendered for this reader, whose stored stretch is left out
        for n, part in enumerate(parts):
            if not n % 2:
                if inside is None:
                    chunks.append(part)
            elif part in self.fills:
                if inside is None:
                    chunks.append(value_of(part).encode())
            else:
                name, end = part.rsplit("_", 1)
                region = self.regions[name]
                if end == "start" and region.concerns(request):
                    chunks.append(region.render(request, kept[name], value_of).encode())
                    inside = name
                elif end == "end" and inside == name:
                    inside = None
        return b"".join(chunks)
