"""The broker and the cache are two Redis roles: apart by default, and two servers with their own memory policy in
`make run` (Redis applies maxmemory and its policy per server, not per database)."""

import subprocess
import sys

import pytest
import redis
from django.core.cache import cache

from scripts import run
from tests.services import ROOT, free_port, wait_for

from .test_configuration import deployment_environment


def settings_for(**env):
    """CACHE_REDIS_URL and the cache's LOCATION as a fresh process reads them from `env`."""
    code = "from django.conf import settings as s; print(s.CACHE_REDIS_URL); print(s.CACHES['default']['LOCATION'])"
    environment = deployment_environment(DJANGO_SETTINGS_MODULE="config.settings", **env)
    environment.pop("CACHE_REDIS_URL", None)
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_cache_defaults_to_the_brokers_server_in_another_database():
    assert settings_for(REDIS_URL="redis://10.0.0.5:6379/0") == ["redis://10.0.0.5:6379/1"] * 2
    assert (
        settings_for(REDIS_URL="redis://10.0.0.5:6379/0", CACHE_REDIS_URL="redis://10.0.0.6:6379/0")
        == ["redis://10.0.0.6:6379/0"] * 2
    )


def test_a_malformed_cache_url_stops_start_up_with_one_clear_line():
    from .test_configuration import run_check

    result = run_check(CACHE_REDIS_URL="http://localhost:6379")
    assert (result.stdout + result.stderr).strip().startswith("configuration error: CACHE_REDIS_URL")


@pytest.mark.django_db
def test_cached_values_and_flood_tallies_stay_out_of_the_brokers_database(redis_server):
    from moderation.context import LiveContext

    cache.set("a-page", "x" * 1000)
    LiveContext().tally("repeat:abc", 1, 60)
    broker, cache_db = redis.Redis.from_url(redis_server.url), redis.Redis.from_url(redis_server.cache_url)
    assert broker.keys("*") == []
    assert {key.decode() for key in cache_db.keys("*")} >= {"test:1:a-page", "moderation:tally:repeat:abc"}


def policies(port):
    client = redis.Redis(port=port)
    return client.config_get("maxmemory-policy")["maxmemory-policy"], int(client.config_get("maxmemory")["maxmemory"])


def test_make_run_starts_the_broker_with_noeviction_and_the_cache_apart_with_an_lru_limit():
    broker_port, cache_port = free_port(), free_port()
    env = {"REDIS_URL": f"redis://127.0.0.1:{broker_port}/0", "PATH": "/usr/bin:/bin"}
    derived = dict(env)
    run.redis_to_start(derived)
    assert derived["CACHE_REDIS_URL"] == f"redis://127.0.0.1:{broker_port + 1}/0"  # the next port, by default

    env["CACHE_REDIS_URL"] = f"redis://127.0.0.1:{cache_port}/0"
    servers = run.redis_to_start(env)
    assert servers == [("redis", "127.0.0.1", broker_port), ("cache", "127.0.0.1", cache_port)]
    started = [run.start_redis(name, env) for name, _, _ in servers]
    try:
        for port in (broker_port, cache_port):
            wait_for(lambda port=port: run.answers("127.0.0.1", port), timeout=10, message=f"redis on {port}")
        assert policies(broker_port) == ("noeviction", 0)
        assert policies(cache_port) == ("allkeys-lru", 256 * 1024 * 1024)
        assert run.redis_to_start(dict(env)) == []  # both answer now: nothing more to start
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=10)


def test_make_run_starts_one_server_when_the_cache_is_a_database_of_the_brokers():
    port = free_port()
    env = {"REDIS_URL": f"redis://127.0.0.1:{port}/0", "CACHE_REDIS_URL": f"redis://127.0.0.1:{port}/1"}
    assert run.redis_to_start(env) == [("redis", "127.0.0.1", port)]
