"""`make soak`: a bounded soak on loopback. Readers and posters against the site run the production way.

gunicorn with two sync workers, one Celery worker (concurrency 1) and redis-server, as `make bench`
starts them (bench/stack.py), DEBUG off. For SOAK_SECONDS (120):
  - SOAK_READERS (50) readers, each a thread with its own keep-alive connection, load a page, wait
    SOAK_THINK_SECONDS (1) and load the next: the article being commented on (its cached page goes
    stale with every decision), three other articles, the article's and the site's feeds;
  - SOAK_POSTS_PER_SECOND (5) comments are posted through the real form, open loop (each at its
    time, whatever the last took), by four posting threads.
Then it waits (at most SOAK_DRAIN_SECONDS, 120) for the worker to decide every comment and reads
the database: every comment a POST was answered for must be there (none lost) and decided.
It reports errors (any status but 200/304 for a page, 302 for a post, or an exception), lost and
undecided comments, page latency (p50, p99, max) and decision latency (POST to decided_at) and
exits non-zero unless errors, lost and undecided are all zero. JSON in bench/results/soak-*.json.
"""

import http.client
import json
import os
import random
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report  # noqa: E402
from bench.load import percentile  # noqa: E402
from bench.posting import PostingForm, comment_id_from, first_error  # noqa: E402
from bench.run import ENVIRONMENT  # noqa: E402
from bench.stack import HOST, ROOT, Stack  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def setting(name, default, kind=int):
    value = os.environ.get(name)
    return kind(value) if value else default


class Readers:
    """Closed-loop readers with a think time; latencies and errors collected per page kind."""

    def __init__(self, port, paths, count, think, stop_at):
        self.port, self.paths, self.count, self.think, self.stop_at = port, paths, count, think, stop_at
        self.latencies, self.errors, self.lock = [], [], threading.Lock()

    def reader(self, seed):
        chooser = random.Random(seed)
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        mine, errors = [], []
        time.sleep(chooser.random() * self.think)  # readers arrive spread out, not in step
        while time.monotonic() < self.stop_at:
            path = chooser.choice(self.paths)
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status not in (200, 304):
                    errors.append(f"GET {path}: {response.status}")
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"GET {path}: {type(error).__name__} {error}")
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
            time.sleep(self.think)
        connection.close()
        with self.lock:
            self.latencies.extend(mine)
            self.errors.extend(errors)

    def threads(self):
        return [threading.Thread(target=self.reader, args=(n,)) for n in range(self.count)]


class Posters:
    """Posts at a fixed rate through the real form (open loop), remembering when each was answered."""

    THREADS = 4

    def __init__(self, port, form, rate, bodies):
        self.port, self.form, self.rate, self.bodies = port, form, rate, bodies
        self.total = len(bodies)
        self.sent, self.errors, self.latencies, self.lock = {}, [], [], threading.Lock()
        self.start = time.monotonic() + 0.5

    def poster(self, offset):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        for n in range(offset, self.total, self.THREADS):
            delay = self.start + n / self.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            name, body = self.bodies[n]
            posted_at, started = time.time(), time.perf_counter()
            try:
                status, location, error = post(connection, self.form, name, body)
            except (OSError, http.client.HTTPException) as failure:
                status, location, error = 0, "", f"{type(failure).__name__} {failure}"
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            found = comment_id_from(location) if status == 302 else None
            with self.lock:
                self.latencies.append(elapsed)
                if found:
                    self.sent[found] = posted_at
                else:
                    self.errors.append(f"POST {n}: {status} {error}".strip())
        connection.close()

    def threads(self):
        return [threading.Thread(target=self.poster, args=(n,)) for n in range(self.THREADS)]


def bodies(spec):
    """Run by bench/side.py: `count` readers' names and comment texts, as the benchmark writes them, without links."""
    from comments.bulk_comments import CommentWriter

    writer, found, seen = CommentWriter(f"soak-{time.time()}"), [], set()
    while len(found) < spec["count"]:
        author, body = writer.author(), writer.body()
        # Links would hold a newcomer's comment; the same text twice from one address is refused as a repeat.
        if "://" not in body and "www." not in body and body not in seen:
            seen.add(body)
            found.append([author.name, body])
    return {"bodies": found}


def post(connection, form, name, body):
    """POST one comment through the form: (status, Location, the first error the page shows, if any)."""
    connection.request("POST", form.action, body=urlencode(form.data(name, "", body)), headers=form.headers())
    response = connection.getresponse()
    page = response.read().decode(errors="replace")
    found = first_error(page) or re.search(r'class="field-error"[^>]*>([^<]*)<', page)
    error = found if isinstance(found, str) else (found.group(1).strip()[:200] if found else "")
    return response.status, response.headers.get("Location", ""), error


def outcome(spec):
    """Run by bench/side.py (Django set up): the status and decision time of each posted comment."""
    from comments.models import Comment

    rows = Comment.objects.filter(pk__in=spec["ids"]).values_list("pk", "status", "decided_at")
    on_article = Comment.objects.filter(article_id=spec["article"]).count()
    return {
        "comments": {
            str(pk): [status, decided_at.timestamp() if decided_at else None] for pk, status, decided_at in rows
        },
        "on_article": on_article,
    }


def figures(values):
    values = sorted(values)
    return {
        "p50_ms": percentile(values, 50),
        "p99_ms": percentile(values, 99),
        "max_ms": values[-1] if values else None,
    }


def soak(stack, seconds, readers, think, rate, drain):
    stack.start_redis()
    stack.manage("migrate", "--noinput")
    stack.manage("collectstatic", "--noinput")
    stack.manage("seed_demo")
    targets = stack.side("targets", {"slugs": [], "ceiling_from": "bench-posting"})
    stack.start_web()
    stack.start_worker()
    posting = targets["posting"]
    articles = [a["url"] for a in stack.side("demo_articles")["articles"][:3]]
    paths = [posting["url"], *articles, posting["feed"].replace("/rss/", "/atom/"), targets["site_feed"]]
    for path in paths:  # first renders out of the way
        connection = http.client.HTTPConnection(HOST, stack.web_port, timeout=30)
        connection.request("GET", path)
        connection.getresponse().read()
    form = PostingForm(HOST, stack.web_port, posting["url"], posting["post"])
    texts = stack.side("soak_bodies", {"count": int(rate * seconds)})["bodies"]

    print(f"soaking: {readers} readers, {rate} posts/s for {seconds} s", flush=True)
    load_average_before = os.getloadavg()
    reading = Readers(stack.web_port, paths, readers, think, time.monotonic() + seconds)
    posters = Posters(stack.web_port, form, rate, texts)
    threads = reading.threads() + posters.threads()
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load_seconds = time.monotonic() - began

    deadline = time.monotonic() + drain
    ids = list(posters.sent)
    while True:
        found = stack.side("soak_outcome", {"ids": ids, "article": posting["id"]})
        waiting = [pk for pk, (status, _) in found["comments"].items() if status == "submitted"]
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(2)
    comments = found["comments"]
    decided = [pk for pk, (status, _) in comments.items() if status != "submitted"]
    delays = [(comments[str(pk)][1] - posters.sent[pk]) * 1000 for pk in ids if comments.get(str(pk), [0, None])[1]]
    statuses = {}
    for status, _ in comments.values():
        statuses[status] = statuses.get(status, 0) + 1
    errors = reading.errors + posters.errors
    return {
        "command": "make soak",
        "settings": {"seconds": seconds, "readers": readers, "think_seconds": think, "posts_per_second": rate},
        "machine": report.machine(),
        "load_average_before": load_average_before,
        "load_average_after": os.getloadavg(),
        "load_seconds": round(load_seconds, 1),
        "pages": {
            "requests": len(reading.latencies),
            "per_s": len(reading.latencies) / load_seconds,
            **figures(reading.latencies),
        },  # fmt: skip
        "posts": {"answered": len(posters.latencies), "accepted": len(ids), **figures(posters.latencies)},
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:10],
        "lost": len(ids) - len(comments),
        "comments_on_article": found["on_article"],
        "decided": len(decided),
        "undecided": len(ids) - len(decided),
        "statuses": statuses,
        "decision": figures(delays),
    }


def summary(result):
    pages, posts, decision = result["pages"], result["posts"], result["decision"]
    settings = result["settings"]
    return "\n".join(
        [
            f"soak: {settings['readers']} readers (think {settings['think_seconds']} s), "
            f"{settings['posts_per_second']} posts/s, {settings['seconds']} s",
            f"pages      {pages['requests']} ({pages['per_s']:.0f}/s)  p50 {pages['p50_ms']:.0f} ms  "
            f"p99 {pages['p99_ms']:.0f} ms  max {pages['max_ms']:.0f} ms",
            f"posts      {posts['accepted']} accepted of {posts['answered']}  p50 {posts['p50_ms']:.0f} ms  "
            f"p99 {posts['p99_ms']:.0f} ms",
            f"decisions  {result['decided']} decided, {result['undecided']} undecided, {result['lost']} lost  "
            f"p50 {decision['p50_ms']:.0f} ms  p99 {decision['p99_ms']:.0f} ms  max {decision['max_ms']:.0f} ms  "
            f"{result['statuses']}",
            f"errors     {result['errors']} {result['error_examples'][:3]}",
            f"load average before / after: {result['load_average_before'][0]:.1f} / "
            f"{result['load_average_after'][0]:.1f}",
        ]
    )


def main():
    seconds = setting("SOAK_SECONDS", 120)
    readers = setting("SOAK_READERS", 50)
    think = setting("SOAK_THINK_SECONDS", 1.0, float)
    rate = setting("SOAK_POSTS_PER_SECOND", 5.0, float)
    drain = setting("SOAK_DRAIN_SECONDS", 120)
    var_dir = Path(os.environ.get("SOAK_VAR_DIR", RESULTS / "soak-var"))
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    shutil.rmtree(var_dir, ignore_errors=True)  # a fresh database each time: its own comments only
    with Stack(var_dir, ENVIRONMENT) as stack:
        result = soak(stack, seconds, readers, think, rate, drain)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"soak-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2))
    (RESULTS / "soak-latest.json").write_text(json.dumps(result, indent=2))
    print(summary(result))
    print(f"JSON: {path.relative_to(ROOT)}")
    return 0 if result["errors"] == result["lost"] == result["undecided"] == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("soak: interrupted; every process it started was stopped")
