"""CI's dependency audit (.ci/pip_audit.py, run by .ci/run): a known vulnerability in a pin fails CI,
unless accepted with a reason; no network skips with a warning instead of failing."""

import importlib.util
import json

import pytest

from tests.services import ROOT


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("ci_pip_audit", ROOT / ".ci" / "pip_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(*dependencies):
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


VULNERABLE = {
    "name": "django",
    "version": "5.2.0",
    "vulns": [{"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fix_versions": ["5.2.1"], "description": "x"}],
}
CLEAN = {"name": "nh3", "version": "0.3.8", "vulns": []}
UNKNOWN = {"name": "bbcode", "skip_reason": "Dependency not found on PyPI and could not be audited: bbcode (1.1.0)"}


def test_ci_runs_the_audit():
    assert "python3 .ci/pip_audit.py" in (ROOT / ".ci" / "run").read_text()


def test_a_known_vulnerability_fails_ci_and_says_where_it_is_fixed(audit):
    status, lines = audit.judge(report(VULNERABLE, CLEAN), "", ignored=[])
    assert status == 1
    assert "  django==5.2.0: PYSEC-2099-1 (fixed in 5.2.1)" in lines


@pytest.mark.parametrize("accepted", ["PYSEC-2099-1", "CVE-2099-0001"])
def test_an_accepted_vulnerability_does_not(audit, accepted):
    status, lines = audit.judge(report(VULNERABLE, CLEAN), "", ignored=[accepted])
    assert status == 0
    assert lines[-1] == "pip-audit: no known vulnerabilities in 2 audited pins"


def test_pins_the_service_does_not_know_are_named_not_failed(audit):
    status, lines = audit.judge(report(CLEAN, UNKNOWN), "", ignored=[])
    assert status == 0
    assert lines[0] == "pip-audit: 1 pins unknown to the vulnerability service, not audited: bbcode"


def test_no_network_skips_the_audit_with_a_warning(audit):
    status, lines = audit.judge("", "requests.exceptions.ConnectionError: Failed to resolve\n", ignored=[])
    assert status == 0
    assert lines[0].startswith("pip-audit: skipped, the vulnerability service could not be reached")


def test_the_ignore_file_lists_ids_with_reasons(audit, tmp_path):
    listed = tmp_path / "ignore"
    listed.write_text("# accepted\nPYSEC-2099-1  no fixed release installable yet\n\n")
    assert audit.ignored_ids(listed) == ["PYSEC-2099-1"]
    assert audit.ignored_ids(tmp_path / "missing") == []
