"""The benchmark's own parts: the ceiling view, reading wrk's figures, reading the posting form off the page."""

import pytest
from django.urls import resolve, reverse

from bench import ceiling, load
from bench.posting import PostingForm, first_error, wrk_script
from tests.factories import make_article

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.12ms    2.01ms  40.10ms   80.00%
    Req/Sec   560.12     40.00   650.00     70.00%
  Latency Distribution
     50%    6.80ms
     75%    7.90ms
     90%    9.10ms
     99%    1.20s
  11230 requests in 10.01s, 650.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   1121.88
Transfer/sec:     64.94MB
BENCH accepted=11227 refused=3
"""


@pytest.fixture
def ceiling_page(settings, tmp_path):
    page = tmp_path / "ceiling.html"
    page.write_bytes(b"<!doctype html><p>" + b"a" * 5000)
    settings.BENCH_CEILING_FILE = str(page)
    ceiling.page_bytes.cache_clear()
    yield page.read_bytes()
    ceiling.page_bytes.cache_clear()


@pytest.mark.urls("bench.ceiling")
def test_the_ceiling_view_returns_the_saved_page_through_the_site_middleware(client, ceiling_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response.content == ceiling_page
    assert response.headers["X-Frame-Options"] == "DENY"  # set by the middleware, not the view


def test_the_ceiling_view_is_not_mounted_unless_the_benchmark_asks_for_it():
    assert resolve("/bench/ceiling/").func is not ceiling.ceiling


def test_wrk_figures_are_read_from_its_output():
    figures = load.parse_wrk(WRK_OUTPUT)
    assert figures["rps"] == 1121.88
    assert figures["p50_ms"] == 6.8
    assert figures["p99_ms"] == 1200.0
    assert figures["requests"] == 11230
    assert figures["bad"] == 3
    assert (figures["accepted"], figures["refused"]) == (11227, 3)


def test_the_form_error_shown_to_the_reader_says_why_a_post_was_refused():
    page = '<ul class="errorlist nonfield"><li>You are posting <b>too</b> fast.</li></ul>'
    assert first_error(page) == "You are posting too fast."
    assert first_error("<p>fine</p>") == ""


@pytest.mark.django_db(transaction=True)
def test_the_posting_form_is_read_off_the_article_page_as_a_browser_would(live_server):
    article = make_article()
    host, port = live_server.url.split("//")[1].split(":")
    form = PostingForm(host, int(port), article.get_absolute_url(), reverse("comments:post", args=[article.pk]))

    data = form.data("A Reader", "reader@example.org", "Hello")
    assert form.action == reverse("comments:post", args=[article.pk])
    assert data["csrfmiddlewaretoken"]
    assert "csrftoken=" in form.cookie
    assert data["captcha_0"] and data["captcha_1"] == "PASSED"
    assert (data["author_name"], data["body"]) == ("A Reader", "Hello")
    script = wrk_script(form)
    assert 'wrk.method = "POST"' in script and "csrfmiddlewaretoken=" in script
