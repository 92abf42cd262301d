"""`make bench`: run the site the production way, load it from a second process on loopback, print a table.

Environment knobs (all optional):
  BENCH_SIZES      comment counts of the test articles (default 1000,10000,100000; e.g. 200,2000 to smoke-test)
  BENCH_SECONDS    seconds per load run (default 10)
  BENCH_CONNECTIONS  concurrent connections of the load generator (default 8)
  BENCH_VAR_DIR    where the benchmark's own database, Redis-less state and logs live (default bench/results/var)
  BENCH_TRAIN_CSV  labelled CSV(s) (comma-separated) for spam_train, so the worker runs with a trained classifier
                   (default: ../shared/datasets/youtube-spam/*.csv when present)
Results: a table on stdout, JSON in bench/results/ (latest.json and one file per run).
"""

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load, report  # noqa: E402
from bench.posting import PostingForm, wrk_script  # noqa: E402
from bench.stack import HOST, ROOT, Stack  # noqa: E402

RESULTS = ROOT / "bench" / "results"
POSTING_RATE = 20  # posts per second for the POST -> published measurement
DRAIN_TIMEOUT = 180  # seconds the worker gets to check the posting burst

ENVIRONMENT = {
    # Production mode, as the issue asks: DEBUG off, real secret, no HTTPS redirect on loopback.
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SERVE_MEDIA": "0",
    "LOG_LEVEL": "WARNING",
    "DEMO_PASSWORD": "bench-demo-password",
    "DJANGO_SETTINGS_MODULE": "bench.settings",  # the site with the ceiling view mounted
    # Posting from one loopback address as fast as it goes: captcha in test mode, limits out of the way.
    "CAPTCHA_TEST_MODE": "1",
    "COMMENTS_RATE_LIMIT": "1000000/m",
    "COMMENTS_FORM_MIN_SECONDS": "0",
    "MODERATION_BURST_LIMIT": "1000000",
    "MODERATION_NETWORK_BURST_LIMIT": "1000000",
}


def setting(name, default, kind=int):
    value = os.environ.get(name)
    return kind(value) if value else default


def sizes():
    raw = os.environ.get("BENCH_SIZES", "1000,10000,100000")
    return [int(size) for size in raw.replace(" ", "").split(",") if size]


def training_files():
    configured = os.environ.get("BENCH_TRAIN_CSV")
    if configured:
        return [path for path in configured.split(",") if path]
    shared = ROOT.parent / "shared" / "datasets" / "youtube-spam"
    return sorted(str(path) for path in shared.glob("*.csv"))


class Bench:
    def __init__(self, stack, seconds, connections):
        self.stack, self.seconds, self.connections = stack, seconds, connections
        self.results = {"notes": []}

    def url(self, path):
        return f"http://{HOST}:{self.stack.web_port}{path}"

    def get(self, path, headers=None):
        return load.fetch(HOST, self.stack.web_port, path, headers)

    def steady(self, path, headers=None):
        """A steady GET load on one URL: wrk when installed, else our generator."""
        if load.wrk_available():
            return load.wrk(self.url(path), self.seconds, connections=self.connections, headers=headers)
        return load.pyload(HOST, self.stack.web_port, path, self.seconds, connections=self.connections,
                           headers=headers, expect=(200, 304))  # fmt: skip

    def cold(self, path, article_id):
        """Every request right after a status change: the article's comment version is bumped before each."""
        import redis

        client = redis.Redis.from_url(self.stack.env["CACHE_REDIS_URL"])
        key = f"newsite:1:comments:v:article:{article_id}"  # comments.cache's key under Django's key format

        def bump():
            client.incr(key)

        return load.pyload(HOST, self.stack.web_port, path, self.seconds, connections=self.connections, before=bump)

    # --- phases ------------------------------------------------------------------------

    def prepare(self, slugs):
        stack = self.stack
        stack.start_redis()
        stack.manage("migrate", "--noinput")
        stack.manage("collectstatic", "--noinput")
        for slug, size in slugs.items():
            started = time.monotonic()
            stack.manage("seed_demo", "--comments", str(size), "--article", slug)
            print(f"  seeded {slug}: {size:,} comments ({time.monotonic() - started:.0f} s)", flush=True)
        files = training_files()
        if files:
            stack.manage("spam_train", *files)
            self.results["classifier"] = f"trained by spam_train on {len(files)} file(s): " + ", ".join(
                Path(f).name for f in files
            )
        else:
            self.results["classifier"] = "cold start (no training data found)"
        targets = stack.side("targets", {"slugs": list(slugs), "ceiling_from": list(slugs)[-1]})
        self.results["ceiling_bytes"] = targets["ceiling_bytes"]
        return targets

    def ceiling(self, targets):
        path = targets["ceiling"]
        self.results["ceiling"] = self.steady(path)
        self.results["ceiling_python"] = load.pyload(
            HOST, self.stack.web_port, path, self.seconds, connections=self.connections
        )

    def pages(self, targets):
        self.results["pages"] = []
        for article in targets["articles"].values():
            for where, page in (("first page", 1), ("middle page", article["middle_page"])):
                path = article["url"] if page == 1 else f"{article['url']}?page={page}"
                status, _, body = self.get(path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
                label = f"article {article['comments']:,} comments, {where}"
                print(f"  {label}", flush=True)
                entry = {"label": label, "path": path, "article_id": article["id"], "bytes": len(body)}
                entry["warm"] = self.steady(path)
                entry["cold"] = self.cold(path, article["id"])
                self.results["pages"].append(entry)

    def feeds(self, targets):
        largest = list(targets["articles"].values())[-1]
        self.results["feeds"] = []
        for label, path, article in (
            ("site-wide comments feed (RSS)", targets["site_feed"], None),
            (f"article feed, {largest['comments']:,} comments (RSS)", largest["feed"], largest),
            # What an open article page asks every COMMENTS_LIVE_POLL_SECONDS: "did new comments come?"
            (f"live poll, {largest['comments']:,} comments", f"/comments/live/{largest['id']}/", largest),
        ):
            print(f"  {label}", flush=True)
            status, headers, body = self.get(path)
            entry = {"label": label, "path": path, "bytes": len(body), "status": status}
            entry["plain"] = self.steady(path)
            etag = headers.get("ETag")
            if etag:
                conditional_status, _, _ = self.get(path, {"If-None-Match": etag})
                entry["conditional_status"] = conditional_status
                entry["conditional"] = self.steady(path, {"If-None-Match": etag})
            else:
                self.results["notes"].append(f"{path} sends no ETag: no conditional GET measured")
            entry["article_id"] = article["id"] if article else None
            self.results["feeds"].append(entry)

    def queries(self, targets):
        # The site-wide feed goes cold with any article's change: the posting article's will do.
        any_article = targets["posting"]["id"]
        spec = {
            "pages": [[p["label"], p["path"], p["article_id"], None] for p in self.results["pages"]],
            "feeds": [[f["label"], f["path"], f["article_id"] or any_article, None] for f in self.results["feeds"]],
        }
        counted = self.stack.side("queries", spec)
        for entry in self.results["pages"] + self.results["feeds"]:
            figures = counted.get(entry["label"], {})
            entry["queries_warm"] = figures.get("warm")
            entry["queries_cold"] = figures.get("cold")
            entry["queries_conditional"] = figures.get("conditional")

    def posting(self, targets):
        posting = targets["posting"]
        self.results["posting"] = result = {}
        try:
            form = PostingForm(HOST, self.stack.web_port, posting["url"], posting["post"])
        except LookupError as error:
            result["skipped"] = f"the article page has no posting form yet: {error}"
            return
        if not load.wrk_available():
            result["skipped"] = "posting throughput needs wrk (apt-get install wrk)"
        else:
            print("  posting through the form", flush=True)
            run = load.wrk(
                self.url(form.action),
                self.seconds,
                connections=self.connections,
                script=wrk_script(form),
            )
            run["accepted_per_s"] = run.get("accepted", 0) / self.seconds
            result["throughput"] = run
            if run.get("accepted", 0) == 0:
                self.results["notes"].append("no post was accepted: see bench/results/var/logs/web.log")
            self.drain(result)
        print(f"  POST -> published at {POSTING_RATE}/s", flush=True)
        latency = self.stack.side(
            "latency",
            {"host": HOST, "port": self.stack.web_port, "page": posting["url"], "post": posting["post"],
             "rate": POSTING_RATE, "seconds": max(5, self.seconds), "wait": 60},
            timeout=180,
        )  # fmt: skip
        latency["rate"] = POSTING_RATE
        result["latency"] = latency

    def drain(self, result):
        """Wait for the worker to check the posting burst; its pace is the worker's checks per second."""
        started = time.monotonic()
        first = self.stack.side("pending")["submitted"]
        remaining = first
        while remaining and time.monotonic() - started < DRAIN_TIMEOUT:
            time.sleep(1)
            remaining = self.stack.side("pending")["submitted"]
        seconds = time.monotonic() - started
        result["drain"] = {"decided": first - remaining, "seconds": seconds, "per_s": (first - remaining) / seconds}
        if remaining:
            self.results["notes"].append(f"{remaining} posted comments still unchecked after {DRAIN_TIMEOUT} s")

    def checks(self):
        print("  checks in one process", flush=True)
        self.results["checks"] = self.stack.side("checks", {"seconds": self.seconds, "count": 4000}, timeout=300)

    def memory(self):
        self.results["memory"] = {"web": self.stack.peak_rss_mb("web"), "worker": self.stack.peak_rss_mb("worker")}


def main():
    seconds = setting("BENCH_SECONDS", 10)
    connections = setting("BENCH_CONNECTIONS", 8)
    var_dir = Path(os.environ.get("BENCH_VAR_DIR", RESULTS / "var"))
    slugs = {f"bench-{size}-comments": size for size in sizes()}
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    began = time.monotonic()
    with Stack(var_dir, ENVIRONMENT) as stack:
        bench = Bench(stack, seconds, connections)
        results = bench.results
        results.update(
            machine=report.machine(),
            command=f"BENCH_SIZES={','.join(map(str, sizes()))} BENCH_SECONDS={seconds} make bench",
            load_generator="wrk" if load.wrk_available() else "python",
            load_average_before=os.getloadavg(),
        )
        if not load.wrk_available():
            results["notes"].append("wrk not installed (apt-get install wrk): steady runs used the Python client")
        print("preparing: migrate, collectstatic, seed, train", flush=True)
        targets = bench.prepare(slugs)
        stack.start_web()
        stack.start_worker()
        for path in [a["url"] for a in targets["articles"].values()] + [targets["site_feed"]]:
            bench.get(path)  # first renders out of the way
        print("measuring", flush=True)
        bench.ceiling(targets)
        bench.pages(targets)
        bench.feeds(targets)
        bench.queries(targets)
        bench.posting(targets)
        bench.checks()
        bench.memory()
        results["load_average_after"] = os.getloadavg()
        results["seconds"] = round(time.monotonic() - began)
    if results["load_average_before"][0] > 0.5:  # the last minute: others' work on the same cores
        results["notes"].append(
            f"the machine was busy before the run (load average {results['load_average_before'][0]:.1f}): "
            "figures are noisy"
        )
    path = report.write(results, RESULTS)
    print()
    print(report.table(results))
    print(f"\nJSON: {path.relative_to(ROOT)}   ({results['seconds']} s)")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("bench: interrupted; every process it started was stopped")
