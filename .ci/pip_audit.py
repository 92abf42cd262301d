"""CI: audit the pinned runtime (requirements.txt) for known vulnerabilities with pip-audit.

pip-audit is installed into a venv of its own (its dependencies would clash with the project's pins)
and asked about every pin without resolving anything (`--no-deps --disable-pip`: the file pins the
whole tree). A known vulnerability fails CI, unless its id is listed, with the reason, in
.ci/pip-audit-ignore (for one that no installable release fixes yet). No network, or a vulnerability
service that cannot be reached, skips the audit with a warning instead of failing CI; so does a
service that knows nothing of a pin (it is counted and named).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = "pip-audit==2.10.1"
VENV = Path(tempfile.gettempdir()) / "newsite-ci-pip-audit"
IGNORE_FILE = ROOT / ".ci" / "pip-audit-ignore"


def ignored_ids(path=IGNORE_FILE):
    """Vulnerability ids to accept, one per line: `ID  why`; # starts a comment."""
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line.split()[0] for line in lines if line]


def install():
    """The pip-audit command, or None when it cannot be installed (no registry reachable)."""
    binary = VENV / "bin" / "pip-audit"
    if binary.exists():
        return binary
    steps = [[sys.executable, "-m", "venv", str(VENV)], [str(VENV / "bin" / "pip"), "install", "-q", PIP_AUDIT]]
    for step in steps:
        if subprocess.run(step, capture_output=True, text=True).returncode != 0:
            return None
    return binary


def judge(report_text, error_text, ignored):
    """(exit status, lines to print) from pip-audit's JSON report (empty when it did not finish)."""
    try:
        report = json.loads(report_text)
    except ValueError:
        last = (error_text.strip().splitlines() or ["no output"])[-1]
        return 0, [f"pip-audit: skipped, the vulnerability service could not be reached ({last[:200]})"]
    found, unknown = [], []
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            unknown.append(dependency["name"])
            continue
        for vulnerability in dependency.get("vulns", []):
            if vulnerability["id"] not in ignored and not set(vulnerability.get("aliases", [])) & set(ignored):
                fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed release yet"
                found.append(
                    f"  {dependency['name']}=={dependency['version']}: {vulnerability['id']} (fixed in {fixed})"
                )
    audited = len(report.get("dependencies", [])) - len(unknown)
    lines = []
    if unknown:
        lines.append(
            f"pip-audit: {len(unknown)} pins unknown to the vulnerability service, not audited: {', '.join(unknown)}"
        )
    if found:
        lines += ["pip-audit: known vulnerabilities in pinned packages (upgrade the pin, or list the id in "
                  ".ci/pip-audit-ignore with the reason):", *found]  # fmt: skip
        return 1, lines
    lines.append(f"pip-audit: no known vulnerabilities in {audited} audited pins")
    return 0, lines


def main():
    binary = install()
    if binary is None:
        print(f"pip-audit: skipped, {PIP_AUDIT} could not be installed (no package registry reachable?)")
        return 0
    with tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        command = [str(binary), "-r", str(ROOT / "requirements.txt"), "--no-deps", "--disable-pip"]
        command += ["--progress-spinner", "off", "--format", "json", "--output", report.name]
        for vulnerability_id in ignored_ids():
            command += ["--ignore-vuln", vulnerability_id]
        try:
            error = subprocess.run(command, capture_output=True, text=True, timeout=600).stderr
        except subprocess.TimeoutExpired:
            error = "no answer in 600 s"
        status, lines = judge(Path(report.name).read_text(), error, ignored_ids())
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
