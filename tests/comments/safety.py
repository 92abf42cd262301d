"""Reading HTML the way a browser would, to check what user text turned into."""

from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html):
    """Every start tag in the HTML as (tag, {attribute: value})."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def unsafe_elements(html):
    """Elements that could run script: script-ish tags, event handlers, javascript: URLs."""
    bad = []
    for tag, attrs in elements(html):
        if tag in {"script", "img", "svg", "iframe", "object", "embed", "style", "math"}:
            bad.append((tag, attrs))
        for name, value in attrs.items():
            is_url = name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "data:"))
            if name.startswith("on") or is_url:
                bad.append((tag, attrs))
    return bad
