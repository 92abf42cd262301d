"""The secrets kept beside the database (var/secret_key, var/demo_password) are readable by their owner only."""

import stat
import subprocess
import sys

import pytest

from demo.management.commands.seed_demo import Command as SeedDemo
from tests.newsite.test_configuration import deployment_environment
from tests.services import ROOT


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def settings_key_in(var_dir):
    environment = deployment_environment(DEBUG="1", SECRET_KEY="", VAR_DIR=str(var_dir))
    code = "import config.settings as s; print(s.SECRET_KEY)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def loose_umask():
    import os

    previous = os.umask(0o022)  # what most shells have: new files world-readable
    yield
    os.umask(previous)


def test_the_generated_secret_key_is_written_with_mode_600(tmp_path, loose_umask):
    key = settings_key_in(tmp_path)
    path = tmp_path / "secret_key"
    assert path.read_text() == key and len(key) >= 50
    assert mode(path) == 0o600
    assert settings_key_in(tmp_path) == key  # kept across restarts


def test_a_secret_key_file_left_readable_by_others_is_tightened(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("an-old-development-key-" + "k" * 40)
    path.chmod(0o644)
    assert settings_key_in(tmp_path) == path.read_text()
    assert mode(path) == 0o600


def test_the_demo_password_is_written_with_mode_600(settings, tmp_path, loose_umask):
    settings.VAR_DIR = tmp_path
    password = SeedDemo()._remembered_password()
    path = tmp_path / "demo_password"
    assert path.read_text() == password
    assert mode(path) == 0o600
    assert SeedDemo()._remembered_password() == password

    path.chmod(0o644)
    assert SeedDemo()._remembered_password() == password
    assert mode(path) == 0o600
