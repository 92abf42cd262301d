"""Text crafted to make a pattern backtrack costs linear time: the renderer, the preview and the checks.

Each case is text a stranger can send. The old link pattern of the markup library took 0.2 s on
"http://" and 22 "!" and four times as long for each two more; the checks' bare-link pattern was
quadratic on "a.a.a."; these tests grow the input and assert the cost grows in proportion.
"""

import re

import pytest
from django.urls import reverse

from comments.markup import render_comment
from moderation import text
from tests.growth import assert_linear

pytestmark = pytest.mark.timeout(120)

RENDERER_ATTACKS = {
    "scheme then punctuation": lambda n: "http://" + "!" * n,
    "scheme then parentheses": lambda n: "http://" + "(" * n,
    "unclosed parentheses in an address": lambda n: "http://x.org/" + "(a" * (n // 2),
    "closing parentheses": lambda n: "http://x.org" + ")" * n,
    "many short addresses": lambda n: "www.a " * (n // 6),
    "dotted words": lambda n: "a." * (n // 2),
    "unbalanced tags": lambda n: "[b]" * (n // 3),
    "nested quotes": lambda n: "[quote]" * (n // 14) + "[/quote]" * (n // 14),
    "open tag options": lambda n: '[quote="' * (n // 8),
}

CHECK_ATTACKS = {
    "dotted words": lambda n: "a." * (n // 2),
    "hyphenated words": lambda n: "a-" * (n // 2),
    "one long word": lambda n: "a" * n,
    "dotted labels before a path": lambda n: "a." * (n // 2) + "/x",
    "scheme then punctuation": lambda n: "http://" + "!" * n,
    "repeated www": lambda n: "www." * (n // 4),
}


@pytest.mark.parametrize("make_text", RENDERER_ATTACKS.values(), ids=RENDERER_ATTACKS.keys())
def test_rendering_crafted_text_costs_linear_time(make_text):
    assert_linear(render_comment, make_text)


@pytest.mark.parametrize("make_text", CHECK_ATTACKS.values(), ids=CHECK_ATTACKS.keys())
def test_finding_links_in_crafted_text_costs_linear_time(make_text):
    assert_linear(lambda body: (text.links(body), text.fingerprint(body)), make_text)


def test_the_longest_crafted_comment_renders_without_turning_punctuation_into_a_link():
    html = render_comment("http://" + "!" * 5000)
    assert "<a " not in html
    assert html.startswith("http://!!!")


def test_addresses_still_become_links_with_sentence_punctuation_left_outside():
    html = render_comment("Read (https://en.example.org/wiki/Thing_(band)), then www.example.com.")
    assert '<a href="https://en.example.org/wiki/Thing_(band)" rel="nofollow ugc noopener">' in html
    assert '<a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a>.' in html


def test_the_checks_still_find_bare_and_written_out_links():
    body = "Cheap pills at rx-store.example http://rx.example/buy and pills-now.shop/order."
    assert text.links(body) == ["http://rx.example/buy", "pills-now.shop/order"]
    assert text.domains("see spam.example.com.evil or a.b.c.ru") == ["a.b.c.ru", "spam.example.com"]


def test_the_live_preview_answers_crafted_text_at_once(client, db):
    response = client.post(reverse("comments:preview"), {"body": "http://" + "!" * 5000})
    assert response.status_code == 200
    assert response.json()["html"].startswith("http://!!!")


def test_the_live_preview_is_rate_limited_per_client(client, db, settings):
    settings.COMMENTS_PREVIEW_RATE_LIMIT = "3/m"
    answers = [client.post(reverse("comments:preview"), {"body": "[b]hello[/b]"}) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    assert "Preview paused" in answers[-1].json()["error"]


@pytest.mark.parametrize(
    "body",
    [
        "a/https://evil.example.com/x",
        "spam.com/https://evil.ru",
        "-evil.com and .spam.ru/x",
        "see (http://x.org/a), then www.example.com.",
        "https://evil.com\\.gov/x",
        "https://x@evil.com/a",
    ],
)
def test_every_link_the_page_shows_is_a_link_the_checks_count(body):
    shown = {text.domain_of(href) for href in re.findall(r'href="([^"]+)"', render_comment(body))}
    assert shown <= set(text.domains(body))


def test_a_backslash_or_a_user_name_cannot_pass_a_link_off_as_another_domain():
    assert text.domains("https://evil.com\\.gov/x https://x@evil.com/a") == ["evil.com"]
    assert text.domains("-evil.com and .spam.ru/x") == ["evil.com", "spam.ru"]
    assert text.links("spam.com/https://evil.ru") == ["spam.com/", "https://evil.ru"]
