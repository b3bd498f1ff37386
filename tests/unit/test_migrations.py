"""Opening an older archive migrates it forward with every row intact."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.core import migrations
from briefing.core.models import Analysis, Person, Quote
from briefing.core.store import DatabaseCorrupt, Store, StoreError

V1_SCRIPT = Path(__file__).resolve().parents[1] / "data" / "archive_v1.sql"


def build_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCRIPT.read_text(encoding="utf-8"))
    conn.close()


def test_fresh_database_gets_the_latest_schema(db_path: Path) -> None:
    store = Store(db_path)
    assert migrations.schema_version(store.conn) == migrations.SCHEMA_VERSION
    tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"feeds", "articles", "articles_fts", "ui_state", "persons", "article_people", "quotes"} <= tables
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_v1_archive_migrates_with_data_intact(db_path: Path) -> None:
    build_v1(db_path)
    store = Store(db_path)
    assert migrations.schema_version(store.conn) == migrations.SCHEMA_VERSION

    feeds = {feed.id: feed for feed in store.list_feeds()}
    gazette, courier = feeds[1], feeds[2]
    assert gazette.title == "Harbour Gazette" and gazette.etag == '"v1-etag"'
    assert gazette.tags == ("local",)
    assert gazette.last_fetched == datetime(2026, 11, 17, 8, 5, tzinfo=UTC)
    assert courier.name == "Courier" and courier.failures == 2 and courier.last_status == 500
    # counters added by v2 are computed from the existing rows
    assert (gazette.total, gazette.unread) == (2, 1)
    assert (courier.total, courier.unread) == (1, 1)
    assert {f.id: f.unread for f in store.list_feeds()} == {1: 1, 2: 1}

    ferry = store.get_article(1)
    assert ferry is not None and ferry.read and not ferry.analysed
    assert ferry.author == "Ines Marlow" and ferry.content_hash == "h101"
    assert store.get_article(2).starred  # type: ignore[union-attr]
    assert [row.id for row in store.stories()] == [3, 2, 1]  # equal times: higher id first
    assert store.get_state("theme") == "textual-dark"
    assert store.get_state("panels") == {"people": True}

    # the rebuilt full-text index covers the old rows...
    assert [hit.id for hit in store.search("lighthouse")] == [2]
    assert [hit.id for hit in store.search("pear blossom")] == [3]
    # ...and the old articles can now take an analysis that search finds
    assert [row[0] for row in store.articles_to_analyse(10)] == [1, 2, 3]
    store.save_analysis(
        3,
        Analysis(
            summary=("A late frost hurt the pear crop.",),
            people=(Person("Tomas Reyl", "grower", 2),),
            quotes=(Quote("It took a third of the blossom", "Tomas Reyl", "person"),),
        ),
    )
    assert [hit.id for hit in store.search("person:Reyl")] == [3]
    assert store.integrity_check() == []


def test_migration_is_idempotent_on_reopen(db_path: Path) -> None:
    build_v1(db_path)
    Store(db_path).close()
    store = Store(db_path)
    assert migrations.schema_version(store.conn) == migrations.SCHEMA_VERSION
    assert len(store.stories()) == 3


def test_each_step_runs_in_its_own_transaction(db_path: Path) -> None:
    """Migrating only to v1 and then on to v2 gives the same result as going straight through."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrations.migrate(conn, target=1) == 1
    conn.execute("INSERT INTO feeds (url, added) VALUES ('https://one.example/feed', '2026-11-01T00:00:00Z')")
    conn.execute(
        "INSERT INTO articles (feed_id, guid, title, published, fetched, body, content_hash) "
        "VALUES (1, 'a', 'Budget vote delayed', '2026-11-02T00:00:00Z', '2026-11-02T00:00:00Z', "
        "'The council postponed the vote.', 'x')"
    )
    assert migrations.migrate(conn) == migrations.SCHEMA_VERSION
    conn.close()
    store = Store(db_path)
    assert [hit.title for hit in store.search("council")] == ["Budget vote delayed"]
    assert store.list_feeds()[0].total == 1


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db_path)


def test_not_a_database_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my shopping notes, not a database\n" * 100)
    with pytest.raises(DatabaseCorrupt) as caught:
        Store(path)
    assert "\n" not in str(caught.value)


def test_v2_archive_with_analysis_migrates_to_person_counters(db_path: Path) -> None:
    """A v2 database (analysis rows, no person counters) gains correct counters."""
    build_v1(db_path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrations.migrate(conn, target=2) == 2
    conn.executescript(
        """
        INSERT INTO persons (id, key, name, surname, role) VALUES
            (1, 'tomas reyl', 'Tomas Reyl', 'reyl', 'grower'),
            (2, 'ines marlow', 'Ines Marlow', 'marlow', NULL);
        INSERT INTO article_people (article_id, person_id, position, name, role, mentions) VALUES
            (3, 1, 0, 'Tomas Reyl', 'grower', 2),
            (1, 1, 1, 'Tomas Reyl', NULL, 1),
            (1, 2, 0, 'Ines Marlow', NULL, 3);
        INSERT INTO quotes (article_id, position, text, speaker, speaker_kind, person_id) VALUES
            (3, 0, 'It took a third of the blossom', 'Tomas Reyl', 'person', 1),
            (3, 1, 'We will replant', 'Tomas Reyl', 'person', 1),
            (1, 0, 'The late ferry is gone', 'the harbour authority', 'organisation', NULL);
        UPDATE articles SET analysed = 1, summary = 'Frost hurt the pears.', people = 'Tomas Reyl',
            quotes = 'It took a third of the blossom' WHERE id = 3;
        """
    )
    conn.close()
    store = Store(db_path)
    assert migrations.schema_version(store.conn) == migrations.SCHEMA_VERSION >= 3
    assert [(p.name, p.stories, p.quotes) for p in store.people()] == [
        ("Tomas Reyl", 2, 2),
        ("Ines Marlow", 1, 0),
    ]
    assert [q.text for q in store.quotes_by("Reyl")] == ["It took a third of the blossom", "We will replant"]
    assert [hit.id for hit in store.search("pears")] == [3]
    # role tallies were carried over: one "grower" against one new "farmer", newest article wins
    store.save_analysis(2, Analysis(people=(Person("Tomas Reyl", "farmer"),)))
    assert store.people()[0].role == "grower"  # article 3 (grower) is newer than article 2
    store.save_analysis(1, Analysis(people=(Person("Tomas Reyl", "farmer"), Person("Ines Marlow"))))
    assert store.people()[0].role == "farmer"  # now two against one
    store.save_analysis(2, Analysis())
    store.save_analysis(1, Analysis(people=(Person("Tomas Reyl", None), Person("Ines Marlow"))))
    # the counters follow later changes, cascades included
    store.remove_feed(2)
    assert [(p.name, p.stories, p.quotes) for p in store.people()] == [
        ("Ines Marlow", 1, 0),
        ("Tomas Reyl", 1, 0),
    ]
    assert store.integrity_check() == []


def test_damaged_pages_are_reported_as_corrupt(db_path: Path) -> None:
    store = Store(db_path)
    feed = store.add_feed("https://a.example/feed")
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size, len(data), 7):  # scribble over everything after the header page
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt):
        reopened = Store(db_path)
        reopened.list_feeds()
        reopened.get_feed(feed.id)
