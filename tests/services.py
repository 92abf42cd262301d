"""Real services for tests: a redis-server and Celery worker processes, started and stopped by fixtures."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from scripts import redis_server
from scripts.redis_server import free_port

ROOT = Path(__file__).resolve().parent.parent


def wait_for(predicate, timeout=30.0, interval=0.05, message="condition"):
    """Poll until predicate() is truthy; return its value or fail with a clear message."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


class RedisServer:
    """A throwaway redis-server on a free loopback port; can be stopped and started again on that port.

    The broker uses its db 0 (`url`), the cache db 1 (`cache_url`), as the settings' default puts
    them on one server: tests stop one server to take both away, and `flush` empties both.
    """

    def __init__(self):
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="test-redis-")
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.cache_url = f"redis://127.0.0.1:{self.port}/1"
        self.process = None

    def start(self):
        command = redis_server.command(self.port, directory=self.directory)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not redis_server.wait_until_answers(redis_server.HOST, self.port, timeout=10):
            raise AssertionError("timed out after 10s waiting for redis-server to answer")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def flush(self):
        redis.Redis.from_url(self.url).flushall()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


def database_url(settings_dict):
    """The URL of the database the test run uses, for worker subprocesses to share it."""
    engine, name = settings_dict["ENGINE"], settings_dict["NAME"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{host}:{port}/{name}"


def service_environment(redis_server, db_url, extra_env=None):
    """The environment of a site process (worker, beat, web) using the test Redis and database."""
    return {
        **os.environ,
        "REDIS_URL": redis_server.url,
        "CELERY_BROKER_URL": redis_server.url,
        "CACHE_REDIS_URL": redis_server.cache_url,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
        # A decision's refit is debounced by this much: a test waits for it, a site batches bursts.
        "MODERATION_CLASSIFIER_REFIT_SECONDS": "1",
        **(extra_env or {}),
    }


class CeleryWorker:
    """A real `celery worker` subprocess consuming every queue of the test Redis."""

    popen_options = {}

    def __init__(self, redis_server, db_url, extra_env=None):
        self.log_path = Path(tempfile.mkstemp(prefix="celery-worker-", suffix=".log")[1])
        self.env = service_environment(redis_server, db_url, extra_env)
        self.process = None

    def command(self):
        return [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--queues",
            "checks,learning,notifications,maintenance",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--hostname",
            f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            "--without-gossip",
            "--without-mingle",
        ]

    def start(self, timeout=60):
        self.launch()
        return self.wait_ready(timeout)

    def launch(self):
        self.log_path.write_text("")
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, **self.popen_options
        )

    def wait_ready(self, timeout=60):
        try:
            wait_for(self._ready, timeout=timeout, interval=0.2, message="the Celery worker to be ready")
        except AssertionError:
            self.stop()
            raise AssertionError(f"Celery worker did not start:\n{self.log()}") from None
        return self

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"Celery worker exited with {self.process.returncode}:\n{self.log()}")
        return " ready." in self.log()

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
