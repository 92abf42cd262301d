"""The benchmark's table: every figure beside its ratio to the ceiling measured in the same run, and the targets."""

import json
import os
import platform
import time
from pathlib import Path


def machine():
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        memory_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def _ms(value):
    return "-" if value is None else f"{value:.1f}"


def _ratio(value, ceiling):
    if not value or not ceiling:
        return "-"
    return f"{100 * value / ceiling:.0f}%"


def rows(results):
    """(figure, req/s or rate, p50 ms, p99 ms, bytes, queries, % of ceiling) rows."""
    ceiling = results.get("ceiling", {}).get("rps")
    ceiling_py = results.get("ceiling_python", {}).get("rps")
    out = []

    def add(label, run, queries=None, reference=ceiling, bytes_=None):
        if not run:
            return
        out.append(
            (
                label,
                f"{run['rps']:.0f}",
                _ms(run.get("p50_ms")),
                _ms(run.get("p99_ms")),
                "-" if bytes_ is None else f"{bytes_:,}",
                "-" if queries is None else str(queries),
                _ratio(run["rps"], reference),
            )
        )

    add("ceiling (fixed bytes, wrk)", results.get("ceiling"), bytes_=results.get("ceiling_bytes"))
    add("ceiling (fixed bytes, python client)", results.get("ceiling_python"), reference=ceiling_py)
    for page in results.get("pages", []):
        add(page["label"] + " warm", page.get("warm"), page.get("queries_warm"), bytes_=page.get("bytes"))
    for page in results.get("pages", []):
        add(page["label"] + " cold", page.get("cold"), page.get("queries_cold"), reference=ceiling_py)
    for feed in results.get("feeds", []):
        add(feed["label"], feed.get("plain"), feed.get("queries_warm"), bytes_=feed.get("bytes"))
        add(feed["label"] + " (If-None-Match → 304)", feed.get("conditional"), feed.get("queries_conditional"))
    posting = results.get("posting", {})
    if posting.get("throughput"):
        run = posting["throughput"]
        out.append(
            (
                "posting through the form: accepted/s",
                f"{run['accepted_per_s']:.0f}",
                _ms(run.get("p50_ms")),
                _ms(run.get("p99_ms")),
                "-",
                "-" if posting.get("queries") is None else str(posting["queries"]),
                _ratio(run["accepted_per_s"], ceiling),
            )
        )
    return out


def table(results):
    header = ("figure", "req/s", "p50 ms", "p99 ms", "bytes", "SQL/req", "of ceiling")
    body = rows(results)
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]
    lines = [" | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(header))]
    lines.append("-|-".join("-" * width for width in widths))
    lines += [" | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) for row in body]
    lines += ["", *other_figures(results)]
    return "\n".join(lines)


def other_figures(results):
    lines = []
    posting = results.get("posting", {})
    if posting.get("skipped"):
        lines.append(f"posting: skipped ({posting['skipped']})")
    latency = posting.get("latency")
    if latency:
        lines.append(
            f"POST -> decided by the worker at {latency['rate']}/s: p50 {_ms(latency.get('p50_ms'))} ms, "
            f"p99 {_ms(latency.get('p99_ms'))} ms, max {_ms(latency.get('max_ms'))} ms "
            f"({latency['decided']}/{latency['posted']} decided; {latency['statuses']})"
        )
    if latency and latency.get("refused"):
        lines.append(f"  {latency['refused']} posts refused: {latency.get('refused_because')}")
    drain = posting.get("drain")
    if drain and not drain["decided"]:
        lines.append("worker drain: the worker kept up with the posting burst (nothing left to check after it)")
    elif drain:
        lines.append(
            f"worker drain after the posting burst: {drain['decided']} comments in {drain['seconds']:.1f} s "
            f"= {drain['per_s']:.0f} checks/s (one worker process)"
        )
    checks = results.get("checks", {})
    if checks.get("skipped"):
        lines.append(f"checks: skipped ({checks['skipped']})")
    elif checks:
        lines.append(
            f"checks in one process: {checks['checked_per_s']:.0f}/s whole check with its decision; "
            f"{checks['judged_per_s']:.0f}/s checks and policy alone; verdicts {checks.get('verdicts')}"
        )
    memory = results.get("memory", {})
    if memory:
        lines.append(f"peak RSS (VmHWM, MB): web {memory.get('web')}; worker {memory.get('worker')}")
    if results.get("classifier"):
        lines.append(f"classifier: {results['classifier']}")
    lines += [f"note: {note}" for note in results.get("notes", [])]
    return lines


def write(results, directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = directory / f"bench-{stamp}.json"
    text = json.dumps(results, indent=2, default=str)
    path.write_text(text)
    (directory / "latest.json").write_text(text)
    return path
