"""Imported HTML into our toolbar markup: the tags the toolbar has become its tags, the rest becomes text.

The result is rendered by `comments.markup.render_comment` like any reader's text, so nothing of the
imported HTML reaches a page unsanitised. html.parser reads in linear time.
"""

from html.parser import HTMLParser

TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "blockquote": "quote"}
BREAKS = {"br": "\n", "p": "\n\n", "div": "\n", "li": "\n"}


class _ToMarkup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.open, self.link = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in TAGS:
            self.open.append(TAGS[tag])
            self.parts.append(f"[{TAGS[tag]}]")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", len(self.parts))

    def handle_endtag(self, tag):
        if tag in TAGS and TAGS[tag] in self.open:
            while self.open:  # close what was left open inside it, so the markup stays well nested
                name = self.open.pop()
                self.parts.append(f"[/{name}]")
                if name == TAGS[tag]:
                    break
        elif tag in BREAKS and tag != "br":
            self.parts.append(BREAKS[tag])
        elif tag == "a" and self.link:
            href, start = self.link
            shown = "".join(self.parts[start:]).strip()
            if href.startswith(("http://", "https://")) and href != shown:
                self.parts.append(f" ({href})")
            self.link = None

    def handle_data(self, data):
        self.parts.append(data)

    def markup(self):
        self.close()
        self.parts += [f"[/{name}]" for name in reversed(self.open)]
        text = "".join(self.parts)
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
        collapsed, blank = [], 0
        for line in lines:
            blank = blank + 1 if not line else 0
            if blank <= 1:
                collapsed.append(line)
        return "\n".join(collapsed).strip()


def to_markup(html):
    parser = _ToMarkup()
    parser.feed(html or "")
    return parser.markup()
