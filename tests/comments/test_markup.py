"""The toolbar's markup: four tags become HTML, links are safe, everything else stays text."""

import pytest

from comments.markup import ALLOWED_TAGS, render_comment

from .safety import elements, unsafe_elements


def test_the_four_toolbar_tags_become_html():
    html = render_comment("[b]bold[/b] [i]italic[/i] [u]underlined[/u] [quote]quoted[/quote]")
    assert html == "<strong>bold</strong> <em>italic</em> <u>underlined</u> <blockquote>quoted</blockquote>"


def test_tags_are_case_insensitive():
    assert render_comment("[B]loud[/B]") == "<strong>loud</strong>"


def test_a_named_quote_says_who_wrote_it_with_the_name_escaped():
    html = render_comment("[quote=Ann <b>]first[/quote]then mine")
    assert html == "<blockquote><cite>Ann &lt;b&gt; wrote:</cite>first</blockquote>then mine"


def test_nested_quotes_render_inside_each_other():
    html = render_comment("[quote=A]outer [quote=B]inner[/quote][/quote]")
    inner = "<blockquote><cite>B wrote:</cite>inner</blockquote>"
    assert html == f"<blockquote><cite>A wrote:</cite>outer {inner}</blockquote>"


def test_line_breaks_are_kept():
    assert render_comment("one\r\ntwo\n\nthree") == "one<br>two<br><br>three"


@pytest.mark.parametrize(
    "typed",
    ["[b]never closed", "closed but never opened[/i]", "[quote]open quote", "[u]under[/b]"],
)
def test_unbalanced_tags_are_shown_as_typed(typed):
    assert render_comment(typed) == typed


def test_crossed_tags_keep_the_pair_that_matches_and_show_the_rest_as_text():
    assert render_comment("[b][i]x[/b][/i]") == "[b]<em>x[/b]</em>"


@pytest.mark.parametrize(
    "typed",
    ["[url=https://example.org]x[/url]", "[img]https://example.org/a.png[/img]", "[color=red]x[/color]", "[s]x[/s]"],
)
def test_tags_outside_the_toolbar_are_shown_as_text(typed):
    html = render_comment(typed)
    assert html.startswith("[") and "<img" not in html and "<span" not in html and "<strike" not in html


def test_very_deep_nesting_renders_without_error():
    html = render_comment("[quote]" * 200 + "deep" + "[/quote]" * 200)
    assert "deep" in html and html.count("<blockquote>") <= 20


def test_bare_urls_become_nofollow_links():
    html = render_comment("see https://example.org/a?b=1&c=2 and www.example.com")
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html
    assert '<a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a>' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "javascript:alert(1)",
        "[url=javascript:alert(1)]click[/url]",
        "[quote=<script>alert(1)</script>]x[/quote]",
        '[quote="><img src=x onerror=alert(1)>]x[/quote]',
        'https://example.org/"onmouseover="alert(1)',
        "<a href='javascript:alert(1)'>x</a>",
        "<svg/onload=alert(1)>",
        "<!-- comment --><style>body{}</style>",
    ],
)
def test_xss_payloads_never_become_markup(payload):
    html = render_comment(payload)
    assert unsafe_elements(html) == []
    assert {tag for tag, _attrs in elements(html)} <= ALLOWED_TAGS


def test_emoji_and_right_to_left_text_are_kept():
    assert render_comment("שלום עולם 👍🏽 مرحبا 👨\u200d👩\u200d👧") == "שלום עולם 👍🏽 مرحبا 👨\u200d👩\u200d👧"
