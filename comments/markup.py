"""Comment markup: the toolbar's BBCode subset rendered to safe HTML, once, when a comment is saved.

Readers may use [b], [i], [u], [quote] and [quote=Name]; bare http(s) and www. addresses become
links with rel="nofollow ugc noopener". Everything else is text: HTML is escaped, unknown tags
and tags that are not properly opened and closed (or that cross each other) are shown as typed.
The bbcode library renders; nh3 then sanitises with a strict allowlist, so even a mistake in the
rendering step cannot let markup through that we did not mean to produce. Links are found by
`links` (linear time), never by the library's own URL pattern, which backtracks exponentially on
text such as "http://" followed by a run of "!".
"""

import html

import bbcode
import nh3

from . import links, text

ALLOWED_TAGS = {"strong", "em", "u", "blockquote", "cite", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_REL = "nofollow ugc noopener"
URL_SCHEMES = {"http", "https"}
# What the live preview may build from the rendered HTML (comments.js builds nodes, never parses markup in).
PREVIEW_ALLOWLIST = {
    "tags": sorted(ALLOWED_TAGS),
    "attributes": {
        tag: sorted(names | ({"rel"} if tag == "a" else set())) for tag, names in ALLOWED_ATTRIBUTES.items()
    },
    "schemes": sorted(URL_SCHEMES),
}
TOOLBAR_TAGS = ("b", "i", "u", "quote")
# Deeper nesting is shown as text; it also keeps the recursive renderer far from Python's limit.
MAX_NESTING = 20


def _render_quote(tag_name, value, options, parent, context):
    name = options.get("quote", "").strip()
    cite = f"<cite>{html.escape(name)} wrote:</cite>" if name else ""
    return f"<blockquote>{cite}{value}</blockquote>"


def _link(url):
    href = url if "://" in url else f"http://{url}"
    return f'<a href="{html.escape(href)}" rel="{LINK_REL}">{html.escape(url)}</a>'


class CommentParser(bbcode.Parser):
    """The bbcode parser with only our four tags, and unbalanced tags left as text.

    The library closes any tag left open at the end and drops stray closing tags; readers
    should instead see exactly what they typed when the tags do not pair up.
    """

    def __init__(self):
        super().__init__(
            newline="<br>",
            install_defaults=False,
            replace_cosmetic=False,
            drop_unrecognized=False,
            max_tag_depth=MAX_NESTING,
        )
        self.add_simple_formatter("b", "<strong>%(value)s</strong>")
        self.add_simple_formatter("i", "<em>%(value)s</em>")
        self.add_simple_formatter("u", "<u>%(value)s</u>")
        self.add_formatter("quote", _render_quote, strip=True, swallow_trailing_newline=True)

    def _transform(self, data, escape_html, replace_links, replace_cosmetic, transform_newlines, **context):
        def plain(piece):
            return super(CommentParser, self)._transform(
                piece, escape_html, False, replace_cosmetic, transform_newlines, **context
            )

        if not (self.replace_links and replace_links):
            return plain(data)
        pieces, position = [], 0
        for start, end in links.spans(data):
            pieces += [plain(data[position:start]), _link(data[start:end])]
            position = end
        pieces.append(plain(data[position:]))
        return "".join(pieces)

    def tokenize(self, data):
        tokens = super().tokenize(data)
        open_tags = []  # positions of start tags still waiting for their end tag
        unpaired = set()
        for position, (kind, name, _options, _text) in enumerate(tokens):
            if kind == self.TOKEN_TAG_START:
                open_tags.append(position)
            elif kind == self.TOKEN_TAG_END:
                if open_tags and tokens[open_tags[-1]][1] == name:
                    open_tags.pop()
                else:
                    unpaired.add(position)
        unpaired.update(open_tags)
        return [
            (self.TOKEN_DATA, None, None, token[3]) if position in unpaired else token
            for position, token in enumerate(tokens)
        ]


_parser = CommentParser()


def render_comment(body):
    """The body as safe HTML for the page, the feeds and the API."""
    rendered = _parser.format(text.normalise(body).replace("\x00", "").replace("\ufffd", ""))
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
