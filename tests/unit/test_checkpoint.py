"""Store.checkpoint folds the WAL into the database file: a copy of the file alone then holds
every committed story (what a clean exit of the reader leaves behind)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from briefing.core.models import ParsedEntry
from briefing.core.store import Store

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_checkpoint_empties_the_wal_and_a_plain_copy_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "briefing.db"
    store = Store(path)
    feed = store.add_feed("https://lantern.example/rss", title="Lantern Post").id
    store.store_entries(
        feed, [ParsedEntry(f"l-{n}", None, f"Lantern story {n}", None, T0, None, "Text.") for n in range(40)], now=T0
    )
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0  # committed, but still only in the WAL
    store.checkpoint()
    assert wal.stat().st_size == 0
    shutil.copy(path, tmp_path / "copy.db")  # the file alone, as `cp` would take it
    store.close()
    with Store(tmp_path / "copy.db", read_only=True) as copy:
        assert copy.count_stories() == 40
        copy.checkpoint()  # read-only: nothing to do, and no error
