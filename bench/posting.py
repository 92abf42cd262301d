"""Posting through the real form: its fields read from the page, then POSTs as a reader's browser sends them.

The captcha is in test mode (answer "PASSED") and the rate limits relaxed by the benchmark's
environment; everything else of the sync gate runs as in production (CSRF, honeypot, signed
form timestamp, duplicates, bans, saving, the hand-off to the worker).
"""

import http.client
import re
import threading
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.load import percentile

CAPTCHA_ANSWER = "PASSED"


class _FormReader(HTMLParser):
    """The fields of the first form whose action contains `action`."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.found = action, False, False
        self.fields, self.action_url = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.found and self.action in (attrs.get("action") or ""):
            self.inside, self.found, self.action_url = True, True, attrs["action"]
        elif self.inside and tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "submit", "button"):
                return
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


class PostingForm:
    """What a reader's browser holds after loading the article page: the form's fields and the CSRF cookie."""

    def __init__(self, host, port, page_url, post_url):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("GET", page_url)
        response = connection.getresponse()
        html = response.read().decode()
        cookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        connection.close()
        reader = _FormReader(post_url)
        reader.feed(html)
        if not reader.found:
            raise LookupError(f"no comment form posting to {post_url} on {page_url}")
        self.action = reader.action_url.split("#")[0]  # a browser never sends the fragment
        self.fields = reader.fields
        self.cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookie.items())

    def captcha_fields(self):
        return [name for name in self.fields if name.startswith("captcha")]

    def body_field(self):
        return "body"

    def data(self, name, email, body):
        data = dict(self.fields)
        data.update(author_name=name, author_email=email, body=body)
        for field in self.captcha_fields():
            if not field.endswith("_0"):  # _0 is the key, kept; the answer field gets the test answer
                data[field] = CAPTCHA_ANSWER
        return data

    def encoded_prefix(self):
        """The urlencoded fields without the body, for the load generator to append a body to."""
        data = self.data("Bench Reader", "bench@example.org", "")
        data.pop("body")
        return urlencode(data)

    def headers(self):
        return {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}


def post_once(connection, form, name, email, body):
    """POST one comment; returns (HTTP status, the Location header, the first error shown, if any)."""
    connection.request("POST", form.action, body=urlencode(form.data(name, email, body)), headers=form.headers())
    response = connection.getresponse()
    page = response.read().decode(errors="replace")
    return response.status, response.headers.get("Location", ""), first_error(page)


def first_error(page):
    """The first message of the form's error list, to say why a post was refused."""
    found = re.search(r'class="[^"]*errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', page, re.DOTALL)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()[:200] if found else ""


def comment_id_from(location):
    marker = "#comment-"
    return int(location.rsplit(marker, 1)[1]) if marker in location else None


def latency(spec):
    """Post at `rate` per second for `seconds`, then wait for the worker to decide each one.

    Runs inside bench/side.py (Django set up): the POSTs go over HTTP to gunicorn, the
    decision times are read from the database afterwards.
    """
    from comments.models import Comment
    from demo.bulk_comments import CommentWriter

    host, port, rate, seconds = spec["host"], spec["port"], spec["rate"], spec["seconds"]
    form = PostingForm(host, port, spec["page"], spec["post"])
    writer = CommentWriter(f"latency-{time.time()}")
    bodies = []
    while len(bodies) < rate * seconds:
        author, body = writer.author(), writer.body()
        if "://" not in body and "www." not in body:  # links would hold a newcomer's comment
            bodies.append((author, body))
    sent, lock = {}, threading.Lock()
    refused = []
    start = time.monotonic() + 0.2
    threads = 4

    def sender(offset):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        for n in range(offset, len(bodies), threads):
            due = start + n / rate  # open loop: each post at its time, whatever the last one took
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            author, body = bodies[n]
            posted_at = time.time()
            status, location, error = post_once(connection, form, author.name, author.email, body)
            comment_id = comment_id_from(location) if status in (302, 303) else None
            with lock:
                if comment_id:
                    sent[comment_id] = posted_at
                else:
                    refused.append(f"{status} {error}".strip())
        connection.close()

    workers = [threading.Thread(target=sender, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    deadline = time.monotonic() + spec.get("wait", 60)
    while time.monotonic() < deadline:
        if not Comment.objects.filter(pk__in=sent, status=Comment.Status.SUBMITTED).exists():
            break
        time.sleep(0.2)
    rows = Comment.objects.filter(pk__in=sent).values_list("pk", "status", "decided_at")
    delays, statuses = [], {}
    for pk, status, decided_at in rows:
        statuses[status] = statuses.get(status, 0) + 1
        if decided_at is not None:
            delays.append(decided_at.timestamp() - sent[pk])
    delays.sort()
    return {
        "posted": len(sent),
        "refused": len(refused),
        "refused_because": sorted(set(refused))[:5],
        "statuses": statuses,
        "decided": len(delays),
        "p50_ms": percentile(delays, 50) * 1000 if delays else None,
        "p99_ms": percentile(delays, 99) * 1000 if delays else None,
        "max_ms": delays[-1] * 1000 if delays else None,
    }


WRK_SCRIPT = """
-- Posts a new comment on every request: the body carries the thread and request number, so the
-- duplicate check never refuses it. Counts redirects (accepted) and everything else (refused).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = %(cookie)s
local prefix = %(prefix)s
local threads = {}
local n = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  accepted = 0
  refused = 0
end

function request()
  n = n + 1
  local body = prefix .. "&body=Bench+comment+" .. tid .. "-" .. n .. "+%(words)s"
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 302 or status == 303 then accepted = accepted + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local a, r = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    r = r + thread:get("refused")
  end
  io.write(string.format("BENCH accepted=%%d refused=%%d\\n", a, r))
end
"""


def lua_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_script(form):
    words = "I+think+the+council+should+listen+to+the+people+who+use+the+night+buses."
    return WRK_SCRIPT % {"cookie": lua_string(form.cookie), "prefix": lua_string(form.encoded_prefix()), "words": words}
