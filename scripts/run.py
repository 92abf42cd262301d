"""`make run`: prepare the embedded site and start web, worker, beat (and Redis if needed) under honcho.

Two local Redis servers, as production should have: the broker (`REDIS_URL`, the Procfile's
`redis`, `noeviction`: a message is never dropped) and the cache (`CACHE_REDIS_URL`, the next
port, the Procfile's `cache`, `maxmemory 256mb` with `allkeys-lru`). Redis applies a memory policy
to a whole server, not to one database, so the two cannot share a server. Either is started only
when nothing answers at its address already.
"""

import os
import shlex
import string
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.redis_server import answers, describe, redis_server_binary, wait_until_answers  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# Procfile entry -> (the variable with its URL, the variable its command reads the port from)
REDIS_SERVERS = {"redis": ("REDIS_URL", "REDIS_PORT"), "cache": ("CACHE_REDIS_URL", "CACHE_REDIS_PORT")}


def procfile_command(name):
    for line in (ROOT / "Procfile").read_text().splitlines():
        entry, colon, command = line.partition(":")
        if colon and entry.strip() == name:
            return command.strip()
    raise KeyError(f"no {name!r} in the Procfile")


def redis_to_start(env):
    """The Procfile's Redis entries to start (their ports set in `env`): local addresses nothing answers at."""
    broker = urlsplit(env["REDIS_URL"])
    if "CACHE_REDIS_URL" not in env and (broker.hostname or "127.0.0.1") in LOOPBACK:
        env["CACHE_REDIS_URL"] = f"redis://127.0.0.1:{(broker.port or 6379) + 1}/0"
    names, seen = [], set()
    for name, (url_variable, port_variable) in REDIS_SERVERS.items():
        if url_variable not in env:
            continue  # a remote broker and no CACHE_REDIS_URL: the settings put the cache on the broker's server
        url = urlsplit(env[url_variable])
        host, port = url.hostname or "127.0.0.1", url.port or 6379
        if (host, port) in seen or answers(host, port):
            continue
        if host not in LOOPBACK:
            sys.exit(f"make run: nothing answers at {url_variable}={env[url_variable]}; start that Redis or unset it")
        seen.add((host, port))
        env.setdefault("REDIS_SERVER", redis_server_binary())
        env[port_variable] = str(port)
        names.append((name, host, port))
    return names


def start_redis(name, env):
    """The Procfile's command for `name` with its $VARIABLES from `env`, as honcho's shell will run it later."""
    command = [string.Template(word).substitute(env) for word in shlex.split(procfile_command(name))]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def prepared_environment(environ):
    """The environment the Procfile's processes get: the embedded defaults under what the caller set.

    The web server listens on this machine only (BIND=127.0.0.1) unless asked, e.g. BIND=0.0.0.0:
    the embedded setup runs with DEBUG=1, whose error pages show settings and code to whoever asks.
    """
    env = dict(environ)
    env.setdefault("PORT", "8000")
    env.setdefault("BIND", "127.0.0.1")
    # Pages and feeds are stored whole only for the site's own origin (core.response_cache.cacheable_origin).
    env.setdefault("SITE_URL", f"http://127.0.0.1:{env['PORT']}")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def main():
    env = prepared_environment(os.environ)
    # The Procfile's commands (gunicorn, celery) live beside this interpreter in the venv.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    (ROOT / "var").mkdir(exist_ok=True)

    processes = ["web", "worker", "beat"]
    redis_servers = redis_to_start(env)
    # Started before migrating so the cache and rate limits work while seeding; honcho
    # takes them over below so that Ctrl-C stops them with everything else.
    started = [start_redis(name, env) for name, _, _ in redis_servers]
    for name, host, port in redis_servers:
        wait_until_answers(host, port, timeout=5)
        role = "the broker" if name == "redis" else "the cache"
        print(f"Started {describe(env['REDIS_SERVER'])} on {host}:{port}, {role}")

    python = sys.executable
    try:
        subprocess.run([python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True)
    except subprocess.CalledProcessError as error:
        sys.exit(f"make run: {' '.join(error.cmd[1:])} failed (exit {error.returncode})")
    finally:
        for process in started:
            process.terminate()
            process.wait()
    processes += [name for name, _, _ in redis_servers]

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
