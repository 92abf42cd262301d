"""Where the author of a comment that is not published can read why, and appeal: a page of the app that decides.

The comments app does not know why a comment was held, rejected, filed as spam or removed; the app that decided does,
and registers the address of its page with `register` from its AppConfig.ready() (moderation's statement of reasons
does). The reader's own comments that are not published link there (`link_for`), and nothing else does.
"""

_registered = {}


def register(link, *, name):
    """Add `link(comment)`, the path of the page that explains `comment` or None; the same name again replaces it."""
    _registered[name] = link


def link_for(comment):
    """The first registered page that explains `comment`, or None."""
    for link in _registered.values():
        path = link(comment)
        if path:
            return path
    return None
