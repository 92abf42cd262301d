"""`make run`: prepare the embedded site and start web, worker, beat (and Redis if needed) under honcho."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.redis_binary import describe, redis_server_binary  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def prepared_environment(environ):
    """The environment the Procfile's processes get: the embedded defaults under what the caller set.

    The web server listens on this machine only (BIND=127.0.0.1) unless asked, e.g. BIND=0.0.0.0:
    the embedded setup runs with DEBUG=1, whose error pages show settings and code to whoever asks.
    """
    env = dict(environ)
    env.setdefault("PORT", "8000")
    env.setdefault("BIND", "127.0.0.1")
    # Pages and feeds are stored whole only for the site's own origin (comments.cache.cacheable_origin).
    env.setdefault("SITE_URL", f"http://127.0.0.1:{env['PORT']}")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def main():
    env = prepared_environment(os.environ)
    # The Procfile's commands (gunicorn, celery) live beside this interpreter in the venv.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    (ROOT / "var").mkdir(exist_ok=True)

    redis_url = urlsplit(env["REDIS_URL"])
    host, port = redis_url.hostname or "127.0.0.1", redis_url.port or 6379
    processes = ["web", "worker", "beat"]
    redis_process = None
    if not answers(host, port):
        if host not in LOOPBACK:
            sys.exit(f"make run: nothing answers at REDIS_URL={env['REDIS_URL']}; start that Redis or unset REDIS_URL")
        env["REDIS_SERVER"], env["REDIS_PORT"] = redis_server_binary(), str(port)
        # Started before migrating so the cache and rate limits work while seeding; honcho
        # takes it over below so that Ctrl-C stops it with everything else.
        redis_process = subprocess.Popen(
            [env["REDIS_SERVER"], "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if answers(host, port):
                break
            time.sleep(0.1)
        print(f"Started {describe(env['REDIS_SERVER'])} on {host}:{port}")

    python = sys.executable
    try:
        subprocess.run([python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True)
    except subprocess.CalledProcessError as error:
        sys.exit(f"make run: {' '.join(error.cmd[1:])} failed (exit {error.returncode})")
    finally:
        if redis_process:
            redis_process.terminate()
            redis_process.wait()
    if redis_process:
        processes.append("redis")

    base = f"http://127.0.0.1:{env['PORT']}"
    if env["BIND"] not in LOOPBACK:
        print(
            f"Listening on {env['BIND']}:{env['PORT']}: other machines reach the site (with DEBUG=1, its error pages)."
        )
    print(
        "\n".join(
            [
                "",
                "The site is starting:",
                f"  home page        {base}/",
                f"  an article       {base}/politics/council-approves-night-bus-network/",
                f"  moderation admin {base}/admin/   (the demo login is printed above)",
                f"  comments feed    {base}/comments/feed/rss/",
                f"  API docs         {base}/api/docs/",
                "Press Ctrl-C to stop everything.",
                "",
            ]
        ),
        flush=True,
    )
    honcho = str(Path(python).with_name("honcho"))
    os.chdir(ROOT)
    os.execve(honcho, [honcho, "start", "--no-colour", *processes], env)


if __name__ == "__main__":
    main()
