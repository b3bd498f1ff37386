"""The quality gates run with the tests: ruff (lint and format) and mypy (strict on the core)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ["briefing", "tests", "bench"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def _require(module: str) -> None:
    """A missing checker fails (it is in the [test] extra): a gate that skips is no gate."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed: it is part of the [test] extra (pip install -e '.[test]')")


def test_ruff_finds_no_lint_problem() -> None:
    _require("ruff")
    done = _run("ruff", "check", "--no-cache", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_is_formatted_by_ruff() -> None:
    _require("ruff")
    done = _run("ruff", "format", "--check", "--no-cache", *SOURCES)
    assert done.returncode == 0, "run `ruff format briefing tests bench`:\n" + done.stdout + done.stderr


def test_mypy_passes_strict_on_the_core_and_checked_on_the_rest() -> None:
    _require("mypy")
    done = _run("mypy", "--no-incremental", "--config-file", str(REPO / "pyproject.toml"))
    assert done.returncode == 0, done.stdout + done.stderr
