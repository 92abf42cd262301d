"""A version under a named key: started from the clock, bumped now or after commit, read many at a time."""

import time

from django.core.cache import cache

from core import versions


def test_a_missing_version_starts_from_the_clock_and_stays_until_bumped():
    before = int(time.time() * 1000)
    first = versions.read("tests:v:one")
    assert first >= before
    assert versions.read("tests:v:one") == first
    versions.bump("tests:v:one")
    assert versions.read("tests:v:one") == first + 1


def test_a_version_lost_with_redis_never_comes_back_as_an_older_one():
    versions.bump("tests:v:lost")  # bumped before it was ever read: started from the clock
    started = versions.read("tests:v:lost")
    cache.delete("tests:v:lost")
    time.sleep(0.002)
    assert versions.read("tests:v:lost") > started


def test_many_versions_are_read_in_one_round_trip_and_the_missing_ones_started(monkeypatch):
    versions.bump("tests:v:a")
    calls = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or get_many(keys))
    a, b = versions.read_many(["tests:v:a", "tests:v:b"])
    assert calls == [["tests:v:a", "tests:v:b"]]
    assert a == versions.read("tests:v:a") and b == versions.read("tests:v:b")


def test_versions_fetched_with_other_keys_are_not_read_again(monkeypatch):
    cache.set("tests:stored", "body")
    found = cache.get_many(["tests:stored", "tests:v:c"])
    monkeypatch.setattr(cache, "get_many", lambda keys: (_ for _ in ()).throw(AssertionError("read again")))
    (version,) = versions.read_many(["tests:v:c"], found)
    assert version == cache.get("tests:v:c")


def test_a_bump_on_commit_waits_for_the_commit(django_capture_on_commit_callbacks, db):
    first = versions.read("tests:v:later")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        versions.bump_on_commit("tests:v:later")
        assert versions.read("tests:v:later") == first
    assert len(callbacks) == 1 and versions.read("tests:v:later") == first + 1


def test_while_redis_is_away_a_bump_is_logged_and_a_read_still_answers(redis_server, caplog):
    redis_server.stop()
    versions.bump("tests:v:away")
    assert versions.read("tests:v:away") >= int(time.time() * 1000) - 1000
    assert "cache version tests:v:away not bumped" in caplog.text
