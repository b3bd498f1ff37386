"""Upgrades: an archive written at every earlier schema version opens, migrates, and keeps its data.

Each version is built by running the real migration steps up to it (``migrate(conn, target=v)``),
then filled by plain SQL the way that version's briefing wrote it. Opening it with ``Store`` must
bring it to ``SCHEMA_VERSION`` with every row, flag and analysis intact, searchable, counted, and
still writable by a refresh. A new schema step is covered here without touching this file.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.core import migrations
from briefing.core.models import ParsedEntry
from briefing.core.store import Store

from .conftest import check_archive

ARTICLES = [
    # guid, title, body, read, starred
    ("old-1", "Harbour wall repaired before winter", "Masons finished the harbour wall on Friday.", 1, 0),
    ("old-2", "Council approves the new tram depot", "Councillor Rosa Lind said the depot opens in May.", 0, 1),
    ("old-3", "Choir wins the regional contest", "The town choir won with a winter programme.", 0, 0),
]


def build_archive(path: Path, version: int) -> None:
    """An archive exactly at ``version``, holding two feeds, three articles and, from v2, analysis."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, target=version) == version
    conn.execute(
        "INSERT INTO feeds (id, url, title, user_title, etag, last_status, added, tags, failures, last_error) "
        "VALUES (1, 'http://127.0.0.1/a.xml', 'Gazette', 'My gazette', '\"e1\"', 200, "
        "'2026-01-02T03:04:05Z', '[\"local\", \"news\"]', 2, 'HTTP 500 Internal Server Error')"
    )
    conn.execute(
        "INSERT INTO feeds (id, url, title, added) VALUES (2, 'http://127.0.0.1/b.xml', 'Courier', "
        "'2026-01-02T03:04:05Z')"
    )
    for n, (guid, title, body, read, starred) in enumerate(ARTICLES):
        conn.execute(
            "INSERT INTO articles (id, feed_id, guid, link, title, author, published, fetched, body, read, starred, "
            "content_hash) VALUES (?, ?, ?, ?, ?, 'Desk', ?, '2026-01-03T00:00:00Z', ?, ?, ?, ?)",
            (
                n + 1,
                1 if n < 2 else 2,
                guid,
                f"https://example.org/{guid}",
                title,
                f"2026-01-0{n + 1}T08:00:00Z",
                body,
                read,
                starred,
                f"{n:040d}",
            ),
        )
    if version >= 5:  # from v5 the writer indexes its new rows itself (no insert trigger): so does this one
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, author, body, summary, people, quotes) "
            "SELECT id, title, author, body, summary, people, quotes FROM articles"
        )
    conn.execute("INSERT INTO ui_state (key, value) VALUES ('last_read_at', '\"2026-01-02T00:00:00Z\"')")
    if version >= 2:
        conn.execute(
            "INSERT INTO persons (id, key, name, surname, role) VALUES (1, 'rosa lind', 'Rosa Lind', 'lind', "
            "'councillor')"
        )
        conn.execute(
            "INSERT INTO article_people (article_id, person_id, position, name, role, mentions) "
            "VALUES (2, 1, 0, 'Rosa Lind', 'councillor', 2)"
        )
        conn.execute(
            "INSERT INTO quotes (article_id, position, text, speaker, speaker_kind, person_id) "
            "VALUES (2, 0, 'the depot opens in May', 'Rosa Lind', 'person', 1)"
        )
        conn.execute(
            "UPDATE articles SET analysed = 1, summary = 'A tram depot.', people = 'Rosa Lind', "
            "quotes = 'the depot opens in May' WHERE id = 2"
        )
    conn.close()


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION), ids=lambda v: f"v{v}")
def test_every_earlier_schema_opens_and_keeps_its_data(tmp_path: Path, version: int) -> None:
    db = tmp_path / f"v{version}.db"
    build_archive(db, version)
    store = Store(db)
    try:
        assert migrations.schema_version(store.conn) == migrations.SCHEMA_VERSION
        gazette = store.get_feed(1)
        assert (gazette.name, gazette.title, gazette.etag, gazette.failures) == ("My gazette", "Gazette", '"e1"', 2)
        assert gazette.tags == ("local", "news") and gazette.last_error == "HTTP 500 Internal Server Error"
        assert (gazette.total, gazette.unread) == (2, 1)
        rows = {row.title: row for row in store.stories(limit=10)}
        assert set(rows) == {a[1] for a in ARTICLES}
        for guid, title, body, read, starred in ARTICLES:
            article = store.get_article(rows[title].id)
            assert (article.guid, article.body, article.read, article.starred) == (
                guid,
                body,
                bool(read),
                bool(starred),
            )
        assert [hit.title for hit in store.search("tram depot")] == ["Council approves the new tram depot"]
        assert store.get_state("last_read_at") == "2026-01-02T00:00:00Z"
        if version >= 2:
            analysis = store.get_analysis(rows["Council approves the new tram depot"].id)
            assert analysis is not None and analysis.quotes[0].text == "the depot opens in May"
            [person] = store.people()
            assert (person.name, person.stories, person.quotes) == ("Rosa Lind", 1, 1)
            assert [q.text for q in store.quotes_by("Rosa Lind")] == ["the depot opens in May"]
        # Still a working archive: a refresh's write lands next to the old rows.
        now = datetime(2026, 2, 1, tzinfo=UTC)
        new, updated = store.store_entries(
            2, [ParsedEntry("new-1", None, "Ferry back in service", None, now, None, "The ferry sailed again.")], now
        )
        assert (new, updated) == (1, 0) and store.get_feed(2).total == 2
        assert store.integrity_check() == []
    finally:
        store.close()
    check_archive(db)
    # Opening again is a no-op.
    assert migrations.schema_version(Store(db).conn) == migrations.SCHEMA_VERSION
