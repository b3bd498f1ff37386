"""How long a write waits for another writer: ten seconds, or what BRIEFING_BUSY_TIMEOUT_MS says."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from briefing.core.busy import busy_timeout_ms
from briefing.core.store import DatabaseLocked, Store


def test_the_environment_sets_the_wait_and_nonsense_keeps_ten_seconds() -> None:
    assert busy_timeout_ms({}) == 10_000
    assert busy_timeout_ms({"BRIEFING_BUSY_TIMEOUT_MS": " 250 "}) == 250
    assert busy_timeout_ms({"BRIEFING_BUSY_TIMEOUT_MS": "0"}) == 0
    for nonsense in ("", "soon", "-5", "2.5", "10s"):
        assert busy_timeout_ms({"BRIEFING_BUSY_TIMEOUT_MS": nonsense}) == 10_000, nonsense


def test_a_store_gives_up_on_a_held_lock_after_the_environments_wait(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(db_path).close()
    monkeypatch.setenv("BRIEFING_BUSY_TIMEOUT_MS", "200")
    store = Store(db_path)
    explicit = Store(db_path, busy_timeout_ms=1500)
    assert explicit.busy_timeout_ms == 1500  # an explicit wait wins
    explicit.close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(DatabaseLocked):
            store.add_feed("https://pier.example/rss")
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert 0.15 < waited < 5
    assert store.add_feed("https://pier.example/rss").url == "https://pier.example/rss"  # nothing lost, works after
    store.close()
