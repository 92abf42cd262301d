"""Comment markup: the toolbar's BBCode subset rendered to safe HTML.

Placeholder renderer: escapes everything and keeps line breaks. Replaced by the
BBCode + nh3 renderer.
"""

from django.utils.html import escape, linebreaks


def render_comment(text):
    return linebreaks(escape(text))
