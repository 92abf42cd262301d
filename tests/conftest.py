"""Shared fixtures: a real Redis for the whole run, and a real Celery worker for integration tests."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from config.celery import app as celery_app

from .services import CeleryWorker, RedisServer, database_url


@pytest.fixture(scope="session", autouse=True)
def redis_server():
    """A real redis-server behind the cache, rate limits (db 1) and Celery broker (db 0) of the whole test run."""
    server = RedisServer().start()
    caches = {
        "default": {
            "BACKEND": "core.cache_backend.ResilientRedisCache",
            "LOCATION": server.cache_url,
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    overrides = override_settings(
        CACHES=caches, CELERY_BROKER_URL=server.url, REDIS_URL=server.url, CACHE_REDIS_URL=server.cache_url
    )
    overrides.enable()
    celery_app.conf.broker_url = server.url
    yield server
    overrides.disable()
    server.cleanup()


@pytest.fixture(autouse=True)
def _fresh_redis(redis_server):
    """Each test starts with an empty Redis (and a running one, if a test stopped it)."""
    if redis_server.process is None:
        redis_server.start()
    redis_server.flush()
    cache.close()
    yield


@pytest.fixture
def eager():
    """Tasks run in the test's process as they are sent (no worker): what a task does, checked in one place."""
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = False, False


@pytest.fixture(scope="module")
def celery_worker(request, django_db_setup, django_db_blocker, redis_server):
    """A real Celery worker process sharing the test database and Redis. Use with transactional_db.

    One per test module, not per run: a worker left running would pick up tasks that other
    modules' tests enqueue and write while their teardown empties the tables (on PostgreSQL, a
    deadlock with the flush's TRUNCATE).
    """
    with django_db_blocker.unblock():
        db_url = database_url(connection.settings_dict)
    # A module may set CELERY_WORKER_ENV: settings its worker process reads from the environment.
    worker = CeleryWorker(redis_server, db_url, getattr(request.module, "CELERY_WORKER_ENV", None)).start()
    yield worker
    worker.stop()
