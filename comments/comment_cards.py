"""A page of comments rendered without the template engine, from the one card template.

A cold article page (right after any status change in its thread) rendered its 50 comments
through `{% include %}` and a dozen tags each, most of the page's time. So the list item
(`_list_item.html`, which includes `_comment.html`) is rendered once per variant (a reply or
not, to a comment still public or not, on which page in which order) with stand-in values, and
made into a format string whose slots each comment fills. A variant is what the template decides
with an `{% if %}`: a reply to a comment still public, hidden or deleted by its author; edited
or not; an editors' pick or not; recommended by anyone or not. The templates stay the one
definition of the markup: a template that prints anything the slots do not carry, or prints
it some other way, fails `_card_format` instead of drifting from it.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from django.template.context import make_context
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

ITEM_TEMPLATE = "comments/_list_item.html"
# Each item on a line of its own inside the list, indented as `_list.html` writes it.
ITEM_FRAME = "\n    {}\n    "


def iso_time(moment):
    """A comment's time as its `<time datetime>` carries it (ISO 8601, in the current time zone)."""
    return localtime(moment).isoformat()


def shown_time(moment):
    """A comment's time as readers see it, "3 Feb 2001, 04:05", in the current time zone.

    Written out: Django's date filter (format lookups, translations) cost more than the rest of the card.
    """
    return _shown(localtime(moment), {})


def _shown(local, months):
    """`shown_time` of a local time, with the month names a page has looked up so far (`months`, by number)."""
    month = months.get(local.month)
    if month is None:
        month = months[local.month] = str(MONTHS_3[local.month]).title()
    return f"{local.day} {month} {local.year:04d}, {local:%H:%M}"


class CardTemplateChanged(Exception):
    """The card templates print something the slots below do not carry: give it a slot."""


class _StandIn:
    """A comment (or page) with only the given fields: reading any other one fails the rendering."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise CardTemplateChanged(f"the card templates read {name!r}, which comment_cards gives no slot")


def _slots(comment, months):
    """Each slot's value for `comment` as the template would print it before escaping."""
    local = localtime(comment.created_at)
    slots = {
        "pk": str(comment.pk),
        "author_name": comment.author_name,
        "iso_time": local.isoformat(),  # as |iso_time prints it
        "shown_time": _shown(local, months),  # as |shown_time prints it
        "body_html": comment.body_html,
    }
    if comment.parent_id:
        slots["parent_id"] = str(comment.parent_id)
        slots["parent_name"] = comment.parent.author_name
    if comment.recommendation_count:
        slots["recommendation_count"] = str(comment.recommendation_count)
    return slots


@dataclass(frozen=True)
class Variant:
    reply: str | None = None  # None, "public", "hidden" or "deleted" (by its author)
    edited: bool = False
    pick: bool = False
    recommended: bool = False

    @classmethod
    def of(cls, comment):
        reply = None
        if comment.parent_id:
            parent = comment.parent
            reply = "public" if parent.is_public else "deleted" if parent.deleted_by_author_at else "hidden"
        return cls(reply, bool(comment.edited_at), comment.picked_at is not None, comment.recommendation_count > 0)


def _stand_in(n, variant):
    """The n-th stand-in comment of a variant: values no template text contains, with `<&>` to see escaping."""
    parent = None
    if variant.reply is not None:
        parent = _StandIn(
            author_name=f"cardslot{n}parent<&>",
            is_public=variant.reply == "public",
            deleted_by_author_at=variant.reply == "deleted",
        )
    return _StandIn(
        pk=987654320 + n,
        author_name=f"cardslot{n}name<&>",
        created_at=datetime(2001 + n, 2 + n, 3 + n, 4 + n, 5 + n, 6 + n, 7 + n, tzinfo=UTC),
        body_html=f"cardslot{n}body<&>",
        parent_id=987654330 + n if parent else None,
        parent=parent,
        edited_at=variant.edited,
        is_pick=variant.pick,
        picked_at=variant.pick or None,
        recommendation_count=987654340 + n if variant.recommended else 0,
    )


@functools.lru_cache(maxsize=1024)
def _card_format(template, script_prefix, urlconf, variant, number, order):
    """The format string of one `Variant`, and the slots it escapes.

    The script prefix and URL conf are part of the key only: the URLs the template reverses depend on them.
    """
    page = _StandIn(number=number, order=order)

    def render(comment):
        return template.render(make_context({"comment": comment, "page": page}, autoescape=template.engine.autoescape))

    first, second = _stand_in(1, variant), _stand_in(2, variant)
    text = ITEM_FRAME.format(render(first).strip().replace("{", "{{").replace("}", "}}"))
    escaped = set()
    for name, value in _slots(first, {}).items():
        if escape(value) in text:
            text = text.replace(escape(value), f"{{{name}}}")
            escaped.add(name)
        elif value in text:  # printed as it is (`|safe`)
            text = text.replace(value, f"{{{name}}}")
    card = text, frozenset(escaped)
    if _fill(card, _slots(second, {})) != ITEM_FRAME.format(render(second).strip()):
        raise CardTemplateChanged(f"{ITEM_TEMPLATE} prints a comment some way comment_cards has no slot for")
    return card


def _fill(card, values):
    text, escaped = card
    for name in escaped:
        values[name] = escape(values[name])
    return text.format_map(values)


def render_cards(page):
    """The list items of `page` (a `listing.CommentPage`), as `_list_item.html` renders each comment."""
    template = get_template(ITEM_TEMPLATE)
    variant = functools.partial(_card_format, template.template, get_script_prefix(), get_urlconf())
    cards, months = [], {}
    for comment in page.comments:
        cards.append(_fill(variant(Variant.of(comment), page.number, page.order), _slots(comment, months)))
    # The templates' markup around escaped values and the sanitized body_html (as `|safe` prints it there).
    return mark_safe("".join(cards))  # noqa: S308
