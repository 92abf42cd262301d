"""The site's processes as the fault tests run them: workers that can be killed, beat schedulers, gunicorn nodes.

Each is a real subprocess of the commands the Procfile runs, on the test Redis and database
(`tests.services.service_environment`), in a process group of its own so that SIGKILL takes the
whole of it (a Celery worker and its pool, as when a machine is lost). `supervised` runs it under
`scripts/keep_running.py`, as `make run` does and as systemd or Kubernetes would in production.
"""

import contextlib
import http.client
import os
import signal
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.stack import children, procfile_command
from tests.services import ROOT, CeleryWorker, free_port, service_environment, wait_for

BIN = Path(sys.executable).parent
KEEP_RUNNING = str(ROOT / "scripts" / "keep_running.py")


def kill_group(process, sig=signal.SIGKILL):
    """Send `sig` to the process group `process` leads; True if there was one."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return False
    return True


def descendants(pid):
    """Every process below `pid`, nearest first."""
    found, queue = [], [pid]
    while queue:
        for child in children(queue.pop(0)):
            found.append(child)
            queue.append(child)
    return found


class Worker(CeleryWorker):
    """A Celery worker in a process group of its own; `supervised` starts it again when it dies, as production does."""

    popen_options = {"start_new_session": True}

    def __init__(self, redis_server, db_url, extra_env=None, *, supervised=False, name="worker"):
        super().__init__(redis_server, db_url, extra_env)
        self.supervised, self.name = supervised, name

    def command(self):
        command = super().command()
        command[command.index("--hostname") + 1] = f"{self.name}-{os.getpid()}-{time.monotonic_ns()}@%h"
        return [sys.executable, KEEP_RUNNING, *command] if self.supervised else command

    def main_pid(self):
        """The `celery worker` process (the supervisor's child when supervised)."""
        if not self.supervised:
            return self.process.pid
        found = children(self.process.pid)
        return found[0] if found else None

    def pool_pids(self):
        """The pool processes that run the tasks."""
        main = self.main_pid()
        return children(main) if main else []

    def kill(self):
        """SIGKILL the worker and its pool at once (and the supervisor: the machine is gone)."""
        kill_group(self.process)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self):
        process = self.process
        super().stop()
        if process is not None:
            kill_group(process)  # anything the worker left behind in its group


class Beat:
    """A `celery beat` scheduler with a schedule file of its own (as a second, mistaken one would have)."""

    def __init__(self, redis_server, db_url, extra_env=None, *, supervised=True):
        self.directory = Path(tempfile.mkdtemp(prefix="test-beat-"))
        self.log_path = self.directory / "beat.log"
        self.env = service_environment(redis_server, db_url, extra_env)
        self.supervised = supervised
        self.process = None

    def start(self, timeout=60):
        command = procfile_command("beat")
        if command[:2] == ["python", KEEP_RUNNING.removeprefix(f"{ROOT}/")]:
            command = command[2:]  # the Procfile's supervisor; added back below when wanted
        command[0] = str(BIN / command[0])
        command[command.index("--schedule") + 1] = str(self.directory / "schedule")
        if self.supervised:
            command = [sys.executable, KEEP_RUNNING, *command]
        self.log_path.write_text("")
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(lambda: "beat: Starting" in self.log(), timeout=timeout, interval=0.2, message="celery beat to start")
        return self

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process is None:
            return
        kill_group(self.process, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill_group(self.process)
            self.process.wait(timeout=5)
        self.process = None


class WebNode:
    """One gunicorn node running the Procfile's `web` command on a port of its own."""

    def __init__(self, env, name="web"):
        self.port, self.name = free_port(), name
        self.env = {**env, "PORT": str(self.port), "BIND": "127.0.0.1"}
        self.log_path = Path(tempfile.mkstemp(prefix=f"gunicorn-{name}-", suffix=".log")[1])
        self.process = None

    def start(self, timeout=60):
        words = procfile_command("web")
        command = [string.Template(word).substitute(self.env) for word in words]
        command[0] = str(BIN / command[0])
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(self._answers, timeout=timeout, interval=0.2, message=f"gunicorn node {self.name} to answer")
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn {self.name} exited with {self.process.returncode}:\n{self.log()}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", "/api/v1/articles/")
            return connection.getresponse().status == 200
        return False

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process is None:
            return
        kill_group(self.process, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill_group(self.process)
            self.process.wait(timeout=5)
        self.process = None
