"""Load generators on loopback: wrk (Debian's package) when installed, else a bounded one of ours.

Both return the same figures: requests per second, p50 and p99 latency in milliseconds,
the number of requests and of unexpected statuses. Ours also takes a hook run before each
request (the cold-cache runs bump the article's comment version there).
"""

import http.client
import re
import shutil
import subprocess
import tempfile
import threading
import time

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk_available():
    return shutil.which("wrk") is not None


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    result = {"tool": "wrk"}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["rps"] = float(rate.group(1)) if rate else 0.0
    for percent in ("50", "99"):
        found = re.search(rf"^\s+{percent}(?:\.000)?%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.MULTILINE)
        result[f"p{percent}_ms"] = _milliseconds(found.group(1)) if found else None
    total = re.search(r"(\d+) requests in", output)
    result["requests"] = int(total.group(1)) if total else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["bad"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", output)
    result["socket_errors"] = errors.group(1).strip() if errors else ""
    extra = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
    if extra:
        result.update({k: int(v) for k, v in (pair.split("=") for pair in extra.group(1).split())})
    return result


def wrk(url, seconds, *, connections=8, threads=2, headers=None, script=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        command.append(url)
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk(done.stdout)


def pyload(host, port, path, seconds, *, connections=4, headers=None, before=None, expect=(200,)):
    """Closed-loop load from `connections` keep-alive connections for `seconds`; `before()` runs before each."""
    latencies, bad, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine, mine_bad = [], 0
        while time.monotonic() < stop_at:
            if before:
                before()
            started = time.perf_counter()
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            mine_bad += response.status not in expect
        connection.close()
        with lock:
            latencies.extend(mine)
            bad[0] += mine_bad

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "tool": "python",
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "requests": len(latencies),
        "bad": bad[0],
    }


def percentile(sorted_values, percent):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(percent / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def fetch(host, port, path, headers=None):
    """One GET: (status, headers, body)."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body
