"""The layout rules a newcomer relies on: short modules, short functions, nothing outside.

The import direction between layers is checked by `lint-imports` (make lint).
"""

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("hiring", "rubrics", "candidates", "team", "api", "integrations", "notifications")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# A background note, the shared folder, or a path climbing out of the checkout.
OUTSIDE = re.compile(r"SCORING\.md|DESIGN\.md|STYLE\.md|shared/|(?<![.\w])\.\./")


def app_modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def tracked_files(*patterns: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [ROOT / name for name in listed.stdout.split()]


@pytest.mark.parametrize("path", app_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_is_longer_than_500_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_MODULE_LINES


def test_no_function_is_longer_than_60_lines():
    long = []
    for path in app_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert long == []


def test_nothing_refers_to_a_file_outside_the_repository():
    """Docstrings, docs and the README name files of this repository only."""
    outside = []
    for path in tracked_files("*.py", "*.md", "*.html", "Makefile"):
        if path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if OUTSIDE.search(line):
                outside.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert outside == []


def test_every_file_the_readme_names_exists():
    """A module that moves takes its README mentions with it."""
    named = re.findall(
        r"`((?:[\w.-]+/)+[\w.-]+\.(?:py|md|json|toml|html|css|js))`",
        (ROOT / "README.md").read_text(),
    )
    assert named and [path for path in named if not (ROOT / path).exists()] == []
