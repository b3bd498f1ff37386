"""Several feeds written in one transaction (``Store.store_many``), and the bulk full-text indexing
of new rows that replaced the per-row insert trigger (schema v5)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.core import migrations
from briefing.core.models import ParsedEntry, StoryFilter
from briefing.core.store import FeedNotFound, Store

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def entry(guid: str, title: str, body: str) -> ParsedEntry:
    return ParsedEntry(guid, f"https://example.org/{guid}", title, "Ines Marlow", T0, None, body)


def test_store_many_writes_every_feed_and_indexes_every_new_row(store: Store) -> None:
    harbour = store.add_feed("https://harbour.example/rss").id
    valley = store.add_feed("https://valley.example/rss").id
    counts = store.store_many(
        [
            (
                harbour,
                [
                    entry("h1", "Ferry timetable changes", "The ferry leaves earlier from Monday."),
                    entry("h2", "Dockers vote on pay", "Dockers backed the offer by a wide margin."),
                ],
                {"etag": '"h"', "last_status": 200},
            ),
            (
                valley,
                [entry("v1", "Reservoir level falls", "The reservoir is at a third of capacity.")],
                {"etag": '"v"', "last_status": 200},
            ),
        ],
        now=T0,
    )
    assert counts == [(2, 0), (1, 0)]
    assert [hit.title for hit in store.search("reservoir")] == ["Reservoir level falls"]
    assert [hit.title for hit in store.search("dock")] == ["Dockers vote on pay"]  # prefix index too
    assert [hit.title for hit in store.search('"leaves earlier"')] == ["Ferry timetable changes"]
    assert store.get_feed(harbour).etag == '"h"' and store.get_feed(valley).total == 1  # type: ignore[union-attr]
    assert store.integrity_check() == []


def test_store_many_is_all_or_nothing(store: Store) -> None:
    harbour = store.add_feed("https://harbour.example/rss").id
    writes = [
        (harbour, [entry("h1", "Ferry timetable changes", "The ferry leaves earlier.")], {"last_status": 200}),
        (harbour + 99, [entry("x1", "Nobody's feed", "This feed does not exist.")], None),
    ]
    with pytest.raises(FeedNotFound):
        store.store_many(writes, now=T0)
    assert store.count_stories() == 0 and store.search("ferry") == []
    assert store.get_feed(harbour).last_status is None  # type: ignore[union-attr]
    assert store.integrity_check() == []


def test_new_updated_and_deleted_rows_keep_the_index_in_step(store: Store) -> None:
    feed = store.add_feed("https://harbour.example/rss").id
    store.store_entries(feed, [entry("h1", "Ferry timetable changes", "The ferry leaves earlier.")], now=T0)
    assert len(store.search('"ferry leaves"')) == 1
    store.store_entries(feed, [entry("h1", "Ferry timetable changes", "The tram leaves earlier.")], now=T0)
    assert store.search('"ferry leaves"') == [] and len(store.search('"tram leaves"')) == 1
    store.store_many([(feed, [entry("h2", "Quay closed", "The quay is shut for repairs.")], None)], now=T0)
    assert len(store.search("quay")) == 1
    store.remove_feed(feed)
    assert store.search("tram") == [] and store.search("quay") == []
    assert store.integrity_check() == []


def test_v5_keeps_rows_indexed_before_the_upgrade(tmp_path: Path) -> None:
    """Rows written by the v4 trigger stay searchable; rows written after the upgrade are indexed too."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, target=4) == 4
    conn.execute("INSERT INTO feeds (url, added) VALUES ('https://harbour.example/rss', '2026-11-01T00:00:00Z')")
    conn.execute(
        "INSERT INTO articles (feed_id, guid, title, published, fetched, body, content_hash) "
        "VALUES (1, 'old', 'Lighthouse repainted', '2026-11-02T00:00:00Z', '2026-11-02T00:00:00Z', 'Red and white.', 'x')"
    )
    conn.close()
    store = Store(path)
    assert migrations.schema_version(store.conn) == migrations.SCHEMA_VERSION
    store.store_entries(1, [entry("new", "Lighthouse keeper retires", "After forty years.")], now=T0)
    assert sorted(hit.title for hit in store.search("lighthouse")) == [
        "Lighthouse keeper retires",
        "Lighthouse repainted",
    ]
    assert store.integrity_check() == []


def test_store_many_writes_articles_with_their_analysis_in_one_pass(store: Store, db_path: Path) -> None:
    from briefing.core.models import Analysis, Person, Quote

    harbour = store.add_feed("https://harbour.example/rss").id
    said = Analysis(
        summary=("The ferry leaves earlier from Monday.",),
        people=(Person("Odile Varga", "harbourmaster", 2),),
        quotes=(Quote("the crossings will be quicker", "Odile Varga", "person", 10, 39),),
    )
    entries = [
        entry("h1", "Ferry timetable changes", "The ferry leaves earlier from Monday."),
        entry("h2", "Dockers vote on pay", "Dockers backed the offer by a wide margin."),
    ]
    counts = store.store_many([(harbour, entries, {"last_status": 200}, (said, None))], now=T0)
    assert counts == [(2, 0)] and store.last_analysed == 1
    first, second = sorted(r.id for r in store.stories(filter=StoryFilter(feed_id=harbour)))
    stored = store.get_analysis(first)
    assert stored is not None and stored.summary == said.summary
    assert [p.name for p in stored.people] == ["Odile Varga"] and stored.quotes[0].speaker == "Odile Varga"
    assert store.get_analysis(second) is None and store.count_unanalysed() == 1  # pending, still readable
    assert [hit.id for hit in store.search('person:"Odile Varga"')] == [first]
    assert [hit.id for hit in store.search('quote:"crossings will be quicker"')] == [first]
    assert [p.name for p in store.people()] == ["Odile Varga"]
    assert store.integrity_check() == []


def test_store_many_with_analyses_is_still_all_or_nothing(store: Store, db_path: Path) -> None:
    from briefing.core.models import Analysis, Person

    harbour = store.add_feed("https://harbour.example/rss").id
    said = Analysis(summary=("A summary.",), people=(Person("Odile Varga", None, 1),))
    writes = [
        (harbour, [entry("h1", "Ferry timetable changes", "The ferry leaves earlier.")], None, (said,)),
        (harbour + 99, [entry("x1", "Nobody's feed", "This feed does not exist.")], None, (said,)),
    ]
    with pytest.raises(FeedNotFound):
        store.store_many(writes, now=T0)
    assert store.count_stories() == 0 and store.people() == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM article_people").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
