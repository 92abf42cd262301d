"""Start-up configuration: bad environment values stop with one clear line, not a traceback."""

import json
import os
import subprocess
import sys

import pytest

from tests.services import ROOT


def deployment_environment(**env):
    """The test run's environment without what only the browser tests may set."""
    environment = {**os.environ, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return environment


def run_check(**env):
    environment = deployment_environment(**env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATABASE_URL", "nonsense", "configuration error: DATABASE_URL"),
        ("DATABASE_URL", "mysqlx://nowhere/db", "configuration error: DATABASE_URL"),
        ("REDIS_URL", "http://localhost:6379", "configuration error: REDIS_URL"),
        ("REDIS_URL", "redis://localhost:notaport/0", "configuration error: REDIS_URL"),
        ("DEBUG", "perhaps", "configuration error: DEBUG"),
        ("TRUSTED_PROXY_COUNT", "-1", "configuration error: TRUSTED_PROXY_COUNT"),
        ("TRUSTED_PROXY_COUNT", "one", "configuration error: TRUSTED_PROXY_COUNT"),
        ("TRUSTED_PROXIES", "10.0.0.0/8,10.0.0.300", "configuration error: TRUSTED_PROXIES"),
        # The apps' own settings (<app>/conf.py), read by the type of their defaults.
        ("MODERATION_MAX_LINKS", "lots", "configuration error: MODERATION_MAX_LINKS: expected a whole number"),
        ("MODERATION_HOLD_THRESHOLD", "high", "configuration error: MODERATION_HOLD_THRESHOLD: expected a number"),
        ("COMMENTS_ANONYMOUS_ALLOWED", "maybe", "configuration error: COMMENTS_ANONYMOUS_ALLOWED"),
    ],
)
def test_a_malformed_variable_stops_start_up_with_one_clear_line(variable, value, expected):
    result = run_check(**{variable: value})

    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip()
    assert output.startswith(expected)
    assert "Traceback" not in output
    assert len(output.splitlines()) == 1


def test_production_without_a_secret_key_is_refused():
    result = run_check(DEBUG="0", SECRET_KEY="")

    assert "configuration error: SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check():
    environment = deployment_environment(
        **{
            "DEBUG": "0",
            "SECRET_KEY": "x" * 30 + "-a-production-secret-that-is-long-and-random-0123456789",
            "ALLOWED_HOSTS": "news.example.org",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_PRELOAD": "1",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(settings):
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        pytest.skip("SQLite only")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "p" * 60, "ALLOWED_HOSTS": "news.example.org"}


def settings_in(**env):
    """Some settings as a fresh process reads them from this environment."""
    code = (
        "import json, config.settings as s; "
        "print(json.dumps({'hsts': s.SECURE_HSTS_SECONDS, 'proxy_ssl': s.SECURE_PROXY_SSL_HEADER}))"
    )
    environment = deployment_environment(**env)
    for variable in ("SECURE_HSTS_SECONDS", "TRUSTED_PROXY_COUNT", "TRUSTED_PROXIES"):
        if variable not in env:
            environment.pop(variable, None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_asks_browsers_for_a_year_of_https():
    assert settings_in(**PRODUCTION)["hsts"] == 31536000
    assert settings_in(**PRODUCTION, SECURE_HSTS_SECONDS="600")["hsts"] == 600
    assert settings_in(DEBUG="1")["hsts"] == 0


@pytest.mark.parametrize(
    ("proxies", "trusted"),
    [
        ({}, False),
        ({"TRUSTED_PROXY_COUNT": "1"}, True),
        ({"TRUSTED_PROXIES": "10.0.0.0/8"}, True),
        ({"TRUSTED_PROXY_COUNT": "0", "TRUSTED_PROXIES": ""}, False),
    ],
)
def test_x_forwarded_proto_is_believed_only_behind_a_configured_proxy(proxies, trusted):
    """Without a proxy anyone could send X-Forwarded-Proto: https and pass for a secure request."""
    header = settings_in(**PRODUCTION, **proxies)["proxy_ssl"]
    assert header == (["HTTP_X_FORWARDED_PROTO", "https"] if trusted else None)
