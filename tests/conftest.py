"""Fixtures shared by every test directory: a fresh archive on a real file under tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives (not created until something opens it)."""
    return tmp_path / "briefing.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """An empty, migrated archive on a real SQLite file."""
    archive = Store(db_path)
    yield archive
    archive.close()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """What ``-n auto`` means: two workers per usable core, at most eight. Most of the suite waits rather
    than computes (the Pilot's pauses, child processes, servers that answer slowly on purpose), so two
    per core keep the cores busy (measured on 2 cores: tests/ui + tests/hostile 211 s with 2 workers,
    159 s with 4)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(2, min(8, 2 * cores))
