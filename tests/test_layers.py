"""Dependencies point one way: core ← newsite ← comments ← moderation; config wires them, demo and bench sit on top.

A module that imports against the arrows (comments asking moderation, the news app asking comments)
fails here, with the import named, however it is spelt (`import x`, `from x import y`, inside a function).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"core", "newsite", "comments", "moderation", "config", "demo", "bench", "scripts", "tests"}
# Each package, and the packages of ours it may import (besides itself).
ALLOWED = {
    "core": set(),
    "newsite": {"core"},
    "comments": {"core", "newsite"},
    "moderation": {"core", "newsite", "comments"},
}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in OURS:
                yield top, node.lineno


def violations(package):
    allowed = ALLOWED[package] | {package}
    for path in sorted((ROOT / package).rglob("*.py")):
        for top, line in imported_packages(path):
            if top not in allowed:
                yield f"{path.relative_to(ROOT)}:{line} imports {top}"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_the_package_imports_only_the_layers_beneath_it(package):
    assert list(violations(package)) == []


def test_the_check_sees_an_import_against_the_arrows(tmp_path, monkeypatch):
    module = tmp_path / "comments" / "upward.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from moderation import services\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert list(violations("comments")) == ["comments/upward.py:2 imports moderation"]
