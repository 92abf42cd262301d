"""The site run the production way for the benchmark: redis-server, gunicorn (2 sync workers), one Celery worker.

Everything it starts it stops again, also on Ctrl-C or an error (use it as a context manager).
All of it listens on loopback only, on free ports, with its own database and Redis.
"""

import http.client
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

from scripts import redis_server
from scripts.redis_server import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {timeout}s waiting for {what}")


def read_status(pid, field):
    """A field of /proc/<pid>/status in kB (VmHWM: the peak resident set), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def procfile_command(name):
    """The command line of one Procfile entry, split as a shell would."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return shlex.split(line.split(":", 1)[1])
    raise LookupError(f"no {name!r} entry in the Procfile")


def set_option(command, option, value):
    if option in command:
        command[command.index(option) + 1] = value
    else:
        command += [option, value]


class Stack:
    def __init__(self, var_dir, environment):
        self.var_dir = Path(var_dir)
        self.logs = self.var_dir / "logs"
        self.redis_port, self.web_port = free_port(), free_port()
        self.env = {
            **os.environ,
            **environment,
            "VAR_DIR": str(self.var_dir),
            "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
            "CACHE_REDIS_URL": f"redis://{HOST}:{self.redis_port}/1",  # the settings' default, said outright
            # The origin the load is sent to: pages and feeds are stored only for the site's own (core.response_cache).
            "SITE_URL": f"http://{HOST}:{self.web_port}",
            "PYTHONUNBUFFERED": "1",
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        self.env.pop("DATABASE_URL", None)  # the benchmark's own SQLite file under var_dir
        self.env.pop("CELERY_BROKER_URL", None)
        self.processes = {}

    # --- processes ------------------------------------------------------------------

    def _start(self, name, command):
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.log").open("w")
        # A process group of its own: stopping it stops its children (gunicorn's and Celery's workers).
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self.processes[name]

    def manage(self, *args, timeout=900):
        command = [sys.executable, "manage.py", *args]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
        return done.stdout

    def side(self, task, spec=None, timeout=300):
        import json

        command = [sys.executable, "-m", "bench.side", task]
        if spec is not None:
            command.append(json.dumps(spec))
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"bench.side {task} failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start_redis(self):
        self._start("redis", redis_server.command(self.redis_port))
        if not redis_server.wait_until_answers(HOST, self.redis_port, timeout=10):
            raise RuntimeError("timed out after 10s waiting for redis-server")

    def start_web(self):
        self._start(
            "web",
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"{HOST}:{self.web_port}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--graceful-timeout",
                "5",
            ],
        )
        wait_until(lambda: self.web_answers("/bench/ceiling/"), 60, "gunicorn")

    def web_answers(self, path):
        try:
            connection = http.client.HTTPConnection(HOST, self.web_port, timeout=5)
            connection.request("GET", path)
            return connection.getresponse().status == 200
        except OSError:
            return False

    def start_worker(self):
        """The Procfile's worker, with one pool process (the targets are per worker process)."""
        command = procfile_command("worker")
        command[0] = str(BIN / command[0])
        for option, value in (
            ("--concurrency", "1"),
            ("--loglevel", "WARNING"),
            ("--hostname", f"bench-{os.getpid()}@%h"),
        ):
            set_option(command, option, value)
        self._start("worker", [*command, "--without-gossip", "--without-mingle", "--without-heartbeat"])
        wait_until(lambda: children(self.processes["worker"].pid), 60, "the Celery worker's pool process")

    def stop(self):
        for name in reversed(list(self.processes)):
            process = self.processes.pop(name)
            if process.poll() is not None:
                continue
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            except ProcessLookupError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # --- memory ----------------------------------------------------------------------

    def peak_rss_mb(self, name):
        """Peak resident memory (VmHWM) of the process `name` and of each of its children, in MB."""
        process = self.processes.get(name)
        if process is None:
            return {}
        peaks = {"main": read_status(process.pid, "VmHWM")}
        for n, child in enumerate(children(process.pid), 1):
            peaks[f"child{n}"] = read_status(child, "VmHWM")
        return {key: round(kb / 1024, 1) for key, kb in peaks.items() if kb}
