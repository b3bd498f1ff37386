"""Fixtures shared by every test directory: a fresh archive on a real file under tmp_path."""

from __future__ import annotations

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
