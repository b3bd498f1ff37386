"""Articles: one feed's entries (and their analysis) written in one pass; read and starred flags."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from briefing.core import migrations
from briefing.core.models import Analysis, Article, ParsedEntry
from briefing.core.store.analysis import AnalysisRows, write_analysis_rows
from briefing.core.store.base import StoreBase
from briefing.core.store.errors import FeedNotFound
from briefing.core.store.feeds import write_fetch_status
from briefing.core.store.rows import FEED_NAME, content_hash, entry_guid, from_text, storable, to_text, utc_now

_FTS_COLUMNS = migrations._FTS_COLUMNS  # the index's columns, in order: the writer fills them


class ArticlesMixin(StoreBase):
    """Writing a feed's entries (with their analysis and index rows) and the per-story flags."""

    def store_entries(
        self,
        feed_id: int,
        entries: Sequence[ParsedEntry],
        now: datetime | None = None,
        feed_status: dict[str, Any] | None = None,
        analyses: Sequence[Analysis | None] | None = None,
    ) -> tuple[int, int]:
        """Write one feed's entries and its fetch status in ONE transaction. Returns (new, updated).

        New (feed, guid) → inserted; same guid with a different content hash → updated in
        place (its analysis dropped, to be redone); same hash → not touched. An entry without
        a date is published "now" when first seen and keeps that time afterwards. ``analyses``:
        as in ``store_many``.
        """
        with self._write() as conn:
            new, updated, done = self._store_entries(
                conn, feed_id, entries, to_text(now or utc_now()), feed_status, analyses
            )
        self.last_analysed = done
        return new, updated

    def store_many(self, writes: Sequence[tuple[Any, ...]], now: datetime | None = None) -> list[tuple[int, int]]:
        """``store_entries`` for several feeds in ONE transaction. Each write is (feed_id, entries,
        feed_status) or (feed_id, entries, feed_status, analyses): ``analyses`` runs alongside
        ``entries`` (an ``Analysis``, or None for "not analysed"), and a new or changed article is
        then written with its analysis (its people, quotes and search columns) in the same pass:
        the full-text row is made once, already complete. Returns (new, updated) per feed;
        ``last_analysed`` is how many articles got their analysis in the last call.

        All or nothing: on any error nothing is written and the error is raised (the caller
        can then write the feeds one by one to find the culprit). Each feed stays whole either
        way; a crash loses at most the feeds of the transaction in flight. One commit for many
        small feeds costs far less than one each (the full-text index flushes once)."""
        now_text = to_text(now or utc_now())
        counts: list[tuple[int, int]] = []
        analysed = 0
        with self._write() as conn:
            for write in writes:
                feed_id, entries, status = write[0], write[1], write[2]
                analyses = write[3] if len(write) > 3 else None
                new, updated, done = self._store_entries(conn, feed_id, entries, now_text, status, analyses)
                counts.append((new, updated))
                analysed += done
        self.last_analysed = analysed
        return counts

    def known_hashes(self, feed_id: int, limit: int = 2000) -> dict[str, str]:
        """guid -> content hash of the feed's newest ``limit`` articles that have their analysis:
        a refresh analyses only entries not among them (the others would not be rewritten)."""
        return dict(
            self._rows(
                "SELECT guid, content_hash FROM articles WHERE feed_id = ? AND analysed = 1 "
                "ORDER BY published DESC, id DESC LIMIT ?",
                (feed_id, max(0, int(limit))),
            )
        )

    def _store_entries(
        self,
        conn: sqlite3.Connection,
        feed_id: int,
        entries: Sequence[ParsedEntry],
        now_text: str | None,
        feed_status: dict[str, Any] | None,
        analyses: Sequence[Analysis | None] | None = None,
    ) -> tuple[int, int, int]:
        """The body of ``store_entries``, inside the caller's transaction: (new, updated, analysed)."""
        by_guid: dict[str, tuple[ParsedEntry, str, Analysis | None]] = {}
        for index, entry in enumerate(entries):
            guid = storable(entry_guid(entry)) or ""
            if guid not in by_guid:  # the first occurrence in a feed wins
                analysis = analyses[index] if analyses is not None and index < len(analyses) else None
                by_guid[guid] = (entry, content_hash(entry), analysis if isinstance(analysis, Analysis) else None)
        if conn.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone() is None:
            raise FeedNotFound(f"no feed with id {feed_id}")
        existing: dict[str, tuple[int, str, str]] = {}
        guids = list(by_guid)
        for start in range(0, len(guids), 5000):
            chunk = json.dumps(guids[start : start + 5000])
            for article_id, guid, old_hash, published in conn.execute(
                "SELECT id, guid, content_hash, published FROM articles "
                "WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?))",
                (feed_id, chunk),
            ):
                existing[guid] = (article_id, old_hash, published)
        inserts = []
        updates = []
        analysed: list[tuple[str, AnalysisRows]] = []  # (guid, rows) of new or changed articles
        for guid, (entry, digest, analysis) in by_guid.items():
            published = to_text(entry.published or entry.updated)
            rows = AnalysisRows.of(analysis) if analysis is not None else None
            texts = rows.texts if rows is not None else (None, None, None)
            if guid not in existing:
                if rows is not None:
                    analysed.append((guid, rows))
                inserts.append(
                    (
                        feed_id,
                        guid,
                        storable(entry.link),
                        storable(entry.title) or "",
                        storable(entry.author),
                        published or now_text,
                        to_text(entry.updated),
                        now_text,
                        storable(entry.body) or "",
                        digest,
                        *texts,
                        int(rows is not None),
                    )
                )
                continue
            article_id, old_hash, old_published = existing[guid]
            if old_hash == digest:
                continue
            if rows is not None:
                analysed.append((guid, rows))
            updates.append(
                (
                    storable(entry.link),
                    storable(entry.title) or "",
                    storable(entry.author),
                    published or old_published,
                    to_text(entry.updated),
                    now_text,
                    storable(entry.body) or "",
                    digest,
                    int(rows is not None),
                    *texts,
                    article_id,
                )
            )
        if inserts:
            # Rows get ids above the current maximum, and we hold the write lock: every id above
            # it is ours. Indexing them in one statement is about half the per-row trigger cost.
            (last_id,) = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()
            conn.executemany(
                "INSERT INTO articles (feed_id, guid, link, title, author, published, updated, "
                "fetched, body, content_hash, summary, people, quotes, analysed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                inserts,
            )
            conn.execute(
                f"INSERT INTO articles_fts (rowid, {_FTS_COLUMNS}) "
                f"SELECT id, {_FTS_COLUMNS} FROM articles WHERE id > ?",
                (last_id,),
            )
        if updates:
            changed_ids = [(row[-1],) for row in updates]
            conn.executemany("DELETE FROM article_people WHERE article_id = ?", changed_ids)
            conn.executemany("DELETE FROM quotes WHERE article_id = ?", changed_ids)
            conn.executemany(
                "UPDATE articles SET link = ?, title = ?, author = ?, published = ?, updated = ?, "
                "fetched = ?, body = ?, content_hash = ?, analysed = ?, summary = ?, "
                "people = ?, quotes = ? WHERE id = ?",
                updates,
            )
        if analysed:
            ids = dict(
                conn.execute(
                    "SELECT guid, id FROM articles WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?))",
                    (feed_id, json.dumps([guid for guid, _rows in analysed])),
                ).fetchall()
            )
            for guid, rows in analysed:
                write_analysis_rows(conn, ids[guid], rows)
        if feed_status:
            write_fetch_status(conn, feed_id, dict(feed_status))
        return len(inserts), len(updates), len(analysed)

    def get_article(self, article_id: int) -> Article | None:
        rows = self._rows(
            f"SELECT a.id, a.feed_id, {FEED_NAME}, a.guid, a.link, a.title, a.author, a.published, "
            "a.updated, a.fetched, a.body, a.read, a.starred, a.content_hash, a.analysed "
            "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return Article(
            id=r[0],
            feed_id=r[1],
            feed=r[2],
            guid=r[3],
            link=r[4],
            title=r[5],
            author=r[6],
            published=from_text(r[7]),  # type: ignore[arg-type]
            updated=from_text(r[8]),
            fetched=from_text(r[9]),  # type: ignore[arg-type]
            body=r[10],
            read=bool(r[11]),
            starred=bool(r[12]),
            content_hash=r[13],
            analysed=bool(r[14]),
        )

    def set_read(self, ids: int | Iterable[int], read: bool = True) -> int:
        """Mark stories read (or unread). Returns how many changed."""
        id_list = [ids] if isinstance(ids, int) else [int(i) for i in ids]
        with self._write() as conn:
            return conn.execute(
                "UPDATE articles SET read = ? WHERE read != ? AND id IN (SELECT value FROM json_each(?))",
                (int(read), int(read), json.dumps(id_list)),
            ).rowcount

    def mark_feed_read(self, feed_id: int | None = None) -> int:
        """Mark every story (of one feed, or all) read. Returns how many changed."""
        with self._write() as conn:
            if feed_id is None:
                return conn.execute("UPDATE articles SET read = 1 WHERE read = 0").rowcount
            return conn.execute("UPDATE articles SET read = 1 WHERE read = 0 AND feed_id = ?", (feed_id,)).rowcount

    def set_starred(self, article_id: int, starred: bool = True) -> None:
        with self._write() as conn:
            conn.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))
