"""The archive: the only module that speaks SQL.

One ``sqlite_utils.Database`` per thread (``threading.local``), WAL so readers
never wait for the writer, a busy timeout so two writers queue instead of
failing, foreign keys on. Every write method is one ``BEGIN IMMEDIATE``
transaction. Lists page by key (``(published, id)``), never by OFFSET, so a
page costs the same at row 1 and at row 1,000,000.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any


def _import_sqlite_utils() -> Any:
    """sqlite-utils imports numpy and pandas when present, only to map their types to columns,
    which we never store; that costs ~70 ms at every start. Hide them while it loads."""
    import sys

    hidden = {name: sys.modules.get(name) for name in ("numpy", "pandas") if sys.modules.get(name) is None}
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import numpy` raise ImportError
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return sqlite_utils


sqlite_utils = _import_sqlite_utils()
if TYPE_CHECKING:
    from sqlite_utils import Database

from briefing.core import migrations  # noqa: E402 - after the sqlite_utils import above
from briefing.core import query as query_language  # noqa: E402
from briefing.core.models import (  # noqa: E402
    HIT_END,
    HIT_START,
    Analysis,
    Article,
    Cursor,
    Feed,
    ParsedEntry,
    Person,
    PersonSummary,
    Quote,
    QuoteInStory,
    SearchHit,
    StoryRow,
)
from briefing.core.store_fulltext import FullTextStore  # noqa: E402

BUSY_TIMEOUT_MS = 10_000
SNIPPET_TOKENS = 14
PLAIN_SNIPPET_CHARS = 180
_FTS_COLUMNS = migrations._FTS_COLUMNS  # the index's columns, in order: the writer fills them
MIN_TYPING_PREFIX = 3  # the word being typed matches as a prefix from this length (FTS prefix='3')
PERSON_SCAN_THRESHOLD = 2000  # a person in more stories than this is listed by index walk
RANK_WINDOW = 500  # a query matching more stories than this ranks the newest this many


class StoreError(Exception):
    """Anything the archive wants to tell the user in one line."""


class FeedExists(StoreError):
    pass


class FeedNotFound(StoreError):
    pass


class DatabaseLocked(StoreError):
    pass


class DatabaseCorrupt(StoreError):
    pass


class ArchiveReadOnly(StoreError):
    """A write asked of an archive opened read-only (the file or its folder is not writable)."""


class DiskFull(StoreError):
    """The file system is full: the write was rolled back."""


class BackupRefused(StoreError):
    """``Store.backup`` will not write there (the file exists, is the archive, or has no folder)."""


# --- time and hashing helpers --------------------------------------------------


def to_text(moment: datetime | None) -> str | None:
    """An aware (or naive = UTC) datetime as ``YYYY-MM-DDTHH:MM:SSZ`` (always 4-digit years,
    so text order stays time order)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        m = moment.astimezone(UTC)
    except OverflowError:  # within hours of year 1 or 9999
        m = moment.replace(tzinfo=UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def from_text(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def entry_guid(entry: ParsedEntry) -> str:
    """The entry's identity within its feed: guid, else link, else a hash of title + date."""
    if entry.guid and entry.guid.strip():
        return entry.guid.strip()
    if entry.link and entry.link.strip():
        return entry.link.strip()
    seed = f"{entry.title}\x1f{to_text(entry.published) or ''}"
    return "sha1:" + hashlib.sha1(seed.encode("utf-8", "surrogatepass")).hexdigest()


def content_hash(entry: ParsedEntry) -> str:
    """What decides "changed": title, link, author, body and the updated time."""
    parts = (entry.title, entry.link or "", entry.author or "", entry.body, to_text(entry.updated) or "")
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def person_key(name: str) -> str:
    """The identity of a person across articles: case, spacing and accents folded."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = name.replace("’", "'")
    for suffix in ("'s", "'"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return " ".join(name.casefold().replace(".", " ").split())


def storable(text: str | None) -> str | None:
    """Text SQLite can hold: lone surrogates (undecodable bytes upstream) become U+FFFD."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def fts_string(text: str) -> str:
    """``text`` as an FTS5 string token: never an operator, never a syntax error."""
    return '"' + text.replace('"', '""') + '"'


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- the store -------------------------------------------------------------------

_FEED_COLUMNS = (
    "id, url, title, user_title, link, etag, last_modified, last_fetched, last_status, "
    "last_error, failures, next_due, added, gone, tags, unread_count, total_count"
)
_FEED_NAME = "COALESCE(f.user_title, f.title, f.url)"
_FTS_JOINS = "JOIN articles a ON a.id = articles_fts.rowid JOIN feeds f ON f.id = a.feed_id "
QUOTE_SEPARATOR = " ┃ "  # between quotes in a quote: search hit's snippet
_STORY_COLUMNS = f"a.id, a.feed_id, {_FEED_NAME}, a.title, a.published, a.read, a.starred"
_STATUS_FIELDS = {
    "etag",
    "last_modified",
    "last_fetched",
    "last_status",
    "last_error",
    "failures",
    "next_due",
    "gone",
    "url",
    "title",
    "link",
}


@dataclass(frozen=True, slots=True)
class _AnalysisRows:
    """An analysis as the store writes it: people merged by key (in order) and the three text
    columns the search index holds (summary, people, quotes)."""

    analysis: Analysis
    people: dict[str, Person]
    order: list[str]
    texts: tuple[str | None, str | None, str | None]

    @classmethod
    def of(cls, analysis: Analysis) -> _AnalysisRows:
        people: dict[str, Person] = {}
        order: list[str] = []
        for person in analysis.people:
            key = person_key(person.name)
            if not key:
                continue
            if key in people:
                earlier = people[key]
                people[key] = Person(
                    earlier.name,
                    earlier.role or person.role,
                    earlier.mentions + person.mentions,
                    tuple(dict.fromkeys(earlier.aliases + person.aliases)),
                )
            else:
                people[key] = person
                order.append(key)
        summary = "\n".join(" ".join(sentence.split()) for sentence in analysis.summary)
        people_text = "\n".join(" ".join(dict.fromkeys([people[k].name, *people[k].aliases])) for k in order)
        quotes_text = "\n".join(" ".join(q.text.split()) for q in analysis.quotes)
        return cls(analysis, people, order, (summary or None, people_text or None, quotes_text or None))


class Store(FullTextStore):
    """The archive at ``path``. Safe to share between threads: each gets its own connection."""

    def __init__(
        self, path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, read_only: bool | None = None
    ) -> None:
        """Open (creating and migrating as needed). ``busy_timeout_ms``: how long a write waits
        for another writer before ``DatabaseLocked``. ``read_only``: None = read-only exactly when
        an existing archive (or its folder) cannot be written; then every write raises
        ``ArchiveReadOnly`` and ``read_only_reason`` says why in words."""
        self.path = Path(path)
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.last_analysed = 0  # articles stored with their analysis by the last store_many
        self._local = threading.local()
        self.read_only_reason = _read_only_reason(self.path) if read_only is not False else None
        if read_only and self.read_only_reason is None:
            self.read_only_reason = "opened read-only"
        self.read_only = self.read_only_reason is not None
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if self.read_only:
                version = migrations.schema_version(self.conn)
                if version > migrations.SCHEMA_VERSION:
                    raise migrations.SchemaTooNew(
                        f"made by a newer briefing (schema {version}, this one knows {migrations.SCHEMA_VERSION})"
                    )
                if version < migrations.SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path}: the archive is read-only ({self.read_only_reason}) and needs "
                        "an upgrade by this version: open it once where it can be written"
                    )
            elif migrations.schema_version(self.conn) != migrations.SCHEMA_VERSION:
                migrations.migrate(self.conn)  # takes the write lock: only when there is work
        except migrations.SchemaTooNew as error:
            self.close()
            raise StoreError(f"{self.path}: {error}") from None
        except sqlite3.Error as error:
            self.close()
            raise _translate(error, self.path) from None

    # -- connections ------------------------------------------------------------

    @property
    def db(self) -> Database:
        """This thread's database, opened on first use."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._open()
            self._local.db = db
        return db

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = self.db.conn
        return conn

    def _open(self) -> Database:
        try:
            if self.read_only:
                conn = self._connect_read_only()
            else:
                conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=self.busy_timeout_ms / 1000)
        except sqlite3.Error as error:
            raise _translate(error, self.path) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            if not self.read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -16000")
        except sqlite3.Error as error:
            conn.close()
            raise _translate(error, self.path) from None
        database: Database = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
        return database

    def _connect_read_only(self) -> sqlite3.Connection:
        """``mode=ro``; where the folder cannot be written either, SQLite cannot make the WAL's
        shared-memory file, so the archive is opened ``immutable`` (nobody can be writing it)."""
        uri = self.path.resolve().as_uri()
        timeout = self.busy_timeout_ms / 1000
        wal = Path(f"{self.path}-wal")
        pending = wal.exists() and wal.stat().st_size > 0  # commits not yet in the file (a crash, a kill)
        if os.access(self.path.parent, os.W_OK) or pending and Path(f"{self.path}-shm").exists():
            return sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=timeout)
        if pending:  # "immutable" would ignore the WAL and read a half archive as damaged
            raise ArchiveReadOnly(
                f"{self.path}: read-only archive ({self.read_only_reason}) whose last writes are "
                f"still in {wal.name}; open it once where it can be written"
            )
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, timeout=timeout)

    def close(self) -> None:
        """Close this thread's connection (other threads keep theirs)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            self._local.db = None
            db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: takes the write lock up front, so no upgrade deadlock."""
        if self.read_only:
            raise ArchiveReadOnly(f"{self.path}: read-only archive ({self.read_only_reason}); nothing was changed")
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise _translate(error, self.path) from None
        try:
            yield conn
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error) and _is_environment_error(error):
                raise _translate(error, self.path) from None
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise _translate(error, self.path) from None

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            if _is_environment_error(error):
                raise _translate(error, self.path) from None
            raise

    def schema_version(self) -> int:
        return migrations.schema_version(self.conn)

    # -- feeds --------------------------------------------------------------------

    def add_feed(self, url: str, title: str | None = None, tags: Iterable[str] = ()) -> Feed:
        """Subscribe. ``title`` is the user's own name for the feed."""
        url = url.strip()
        if not url:
            raise StoreError("a feed needs a URL")
        with self._write() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO feeds (url, user_title, added, tags) VALUES (?, ?, ?, ?)",
                    (url, title, to_text(_utc_now()), json.dumps(list(tags), ensure_ascii=False)),
                )
            except sqlite3.IntegrityError:
                raise FeedExists(f"already subscribed: {url}") from None
            feed_id = cursor.lastrowid
        assert feed_id is not None
        feed = self.get_feed(feed_id)
        assert feed is not None
        return feed

    def get_feed(self, id_or_url: int | str) -> Feed | None:
        if isinstance(id_or_url, int):
            rows = self._rows(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", (id_or_url,))
        else:
            rows = self._rows(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (id_or_url.strip(),))
        return _feed(rows[0]) if rows else None

    def list_feeds(self) -> list[Feed]:
        """Every feed with its unread and total counts, by name."""
        rows = self._rows(
            f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY COALESCE(user_title, title, url) COLLATE NOCASE, id"
        )
        return [_feed(row) for row in rows]

    def feeds_due(self, now: datetime | None = None) -> list[Feed]:
        """Feeds to ask now: not gone, and never fetched or past their next-due time."""
        now_text = to_text(now or _utc_now())
        rows = self._rows(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE gone = 0 AND (next_due IS NULL OR next_due <= ?) ORDER BY id",
            (now_text,),
        )
        return [_feed(row) for row in rows]

    def remove_feed(self, feed_id: int) -> None:
        """Unsubscribe; its articles (and their analysis) go with it."""
        with self._write() as conn:
            if conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount == 0:
                raise FeedNotFound(f"no feed with id {feed_id}")

    def rename_feed(self, feed_id: int, title: str | None) -> None:
        """Set (or with None/"" clear) the user's own title."""
        with self._write() as conn:
            changed = conn.execute("UPDATE feeds SET user_title = ? WHERE id = ?", (title or None, feed_id)).rowcount
            if changed == 0:
                raise FeedNotFound(f"no feed with id {feed_id}")

    def set_feed_tags(self, feed_id: int, tags: Iterable[str]) -> None:
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE feeds SET tags = ? WHERE id = ?",
                (json.dumps(list(tags), ensure_ascii=False), feed_id),
            ).rowcount
            if changed == 0:
                raise FeedNotFound(f"no feed with id {feed_id}")

    def record_fetch(self, feed_id: int, **status: Any) -> None:
        """Store a fetch's outcome: etag, last_modified, last_fetched, last_status, last_error,
        failures, next_due, gone, url (after a permanent redirect), title, link."""
        with self._write() as conn:
            self._record_fetch(conn, feed_id, status)

    def _record_fetch(self, conn: sqlite3.Connection, feed_id: int, status: dict[str, Any]) -> None:
        unknown = set(status) - _STATUS_FIELDS
        if unknown:
            raise ValueError(f"unknown feed status fields: {sorted(unknown)}")
        if not status:
            if conn.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone() is None:
                raise FeedNotFound(f"no feed with id {feed_id}")
            return
        values = {key: _db_value(value) for key, value in status.items()}
        assignments = ", ".join(f"{key} = :{key}" for key in values)
        try:
            changed = conn.execute(
                f"UPDATE feeds SET {assignments} WHERE id = :feed_id", {**values, "feed_id": feed_id}
            ).rowcount
        except sqlite3.IntegrityError:
            raise FeedExists(f"another feed already has the URL {status.get('url')}") from None
        if changed == 0:
            raise FeedNotFound(f"no feed with id {feed_id}")

    # -- articles -----------------------------------------------------------------

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
                conn, feed_id, entries, to_text(now or _utc_now()), feed_status, analyses
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
        now_text = to_text(now or _utc_now())
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
        analysed: list[tuple[str, _AnalysisRows]] = []  # (guid, rows) of new or changed articles
        for guid, (entry, digest, analysis) in by_guid.items():
            published = to_text(entry.published or entry.updated)
            rows = _AnalysisRows.of(analysis) if analysis is not None else None
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
                self._save_analysis_rows(conn, ids[guid], rows)
        if feed_status:
            self._record_fetch(conn, feed_id, dict(feed_status))
        return len(inserts), len(updates), len(analysed)

    def get_article(self, article_id: int) -> Article | None:
        rows = self._rows(
            f"SELECT a.id, a.feed_id, {_FEED_NAME}, a.guid, a.link, a.title, a.author, a.published, "
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

    def _story_filters(
        self,
        *,
        feed_id: int | None,
        unread: bool,
        starred: bool,
        person: str | None,
        since: datetime | None,
        ids: Iterable[int] | None,
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if feed_id is not None:
            where.append("a.feed_id = ?")
            params.append(feed_id)
        if unread:
            where.append("a.read = 0")
        if starred:
            where.append("a.starred = 1")
        if since is not None:
            where.append("a.published >= ?")
            params.append(to_text(since))
        if person is not None:
            person_ids = self._resolve_person(person)
            stories = self._rows(
                "SELECT COALESCE(SUM(stories), 0) FROM persons WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(person_ids),),
            )[0][0]
            # Few stories: fetch them by person and sort. Many: walk the newest-first index and
            # keep theirs (the unary + stops SQLite from driving the query by that IN list).
            member = "+a.id" if stories > PERSON_SCAN_THRESHOLD else "a.id"
            where.append(
                f"{member} IN (SELECT article_id FROM article_people "
                "WHERE person_id IN (SELECT value FROM json_each(?)))"
            )
            params.append(json.dumps(person_ids))
        if ids is not None:
            where.append("a.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([int(i) for i in ids]))
        return where, params

    def stories(
        self,
        after: Cursor | None = None,
        limit: int = 100,
        *,
        before: Cursor | None = None,
        feed_id: int | None = None,
        unread: bool = False,
        starred: bool = False,
        person: str | None = None,
        since: datetime | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[StoryRow]:
        """A page of stories, newest first, by key.

        ``after``: the rows that come after this cursor (older; the next page down).
        ``before``: the ``limit`` rows just before this cursor (newer; the page above),
        still returned newest first. With neither: the first page.
        """
        where, params = self._story_filters(
            feed_id=feed_id, unread=unread, starred=starred, person=person, since=since, ids=ids
        )
        order = "DESC"
        if after is not None:
            where.append("(a.published, a.id) < (?, ?)")
            params += [to_text(after.published), after.id]
        elif before is not None:
            where.append("(a.published, a.id) > (?, ?)")
            params += [to_text(before.published), before.id]
            order = "ASC"
        sql = (
            f"SELECT {_STORY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + f"ORDER BY a.published {order}, a.id {order} LIMIT ?"
        )
        rows = [_story(row) for row in self._rows(sql, [*params, max(0, int(limit))])]
        if order == "ASC":
            rows.reverse()
        return rows

    def count_stories(
        self,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        starred: bool = False,
        person: str | None = None,
        since: datetime | None = None,
        ids: Iterable[int] | None = None,
    ) -> int:
        """How many stories a list holds. Unfiltered and per-feed counts are O(feeds);
        others are counted on an index once and cached until the database changes."""
        if person is None and since is None and ids is None and not starred:
            column = "unread_count" if unread else "total_count"
            if feed_id is None:
                return int(self._rows(f"SELECT COALESCE(SUM({column}), 0) FROM feeds")[0][0])
            rows = self._rows(f"SELECT {column} FROM feeds WHERE id = ?", (feed_id,))
            return int(rows[0][0]) if rows else 0
        ids_key = tuple(ids) if ids is not None else None
        key = (feed_id, unread, starred, person, to_text(since), ids_key)
        version = self._data_version()
        cache = self._count_cache()
        cached = cache.get(key)
        if cached is not None and cached[0] == version:
            return int(cached[1])
        where, params = self._story_filters(
            feed_id=feed_id, unread=unread, starred=starred, person=person, since=since, ids=ids_key
        )
        sql = "SELECT COUNT(*) FROM articles a" + (f" WHERE {' AND '.join(where)}" if where else "")
        count = int(self._rows(sql, params)[0][0])
        if len(cache) > 256:
            cache.clear()
        cache[key] = (version, count)
        return count

    def _count_cache(self) -> dict[tuple[Any, ...], tuple[tuple[int, int], Any]]:
        """Per thread, because the validity check is per connection."""
        cache = getattr(self._local, "counts", None)
        if cache is None:
            cache = self._local.counts = {}
        return cache

    def _data_version(self) -> tuple[int, int]:
        """Changes whenever any connection commits: data_version for the others,
        total_changes for this one."""
        conn = self.conn
        return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes

    def story_position(
        self,
        story: int | Cursor,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        starred: bool = False,
        person: str | None = None,
        since: datetime | None = None,
        ids: Iterable[int] | None = None,
    ) -> int | None:
        """0-based row of a story (an id or its cursor) in the newest-first list with these
        filters: how many rows come before it. None when the story is not in that list."""
        where, params = self._story_filters(
            feed_id=feed_id, unread=unread, starred=starred, person=person, since=since, ids=ids
        )
        if isinstance(story, Cursor):
            key = (to_text(story.published), story.id)
        else:
            member = self._rows(
                "SELECT a.published, a.id FROM articles a WHERE " + " AND ".join([*where, "a.id = ?"]),
                [*params, story],
            )
            if not member:
                return None
            key = (member[0][0], member[0][1])
        where.append("(a.published, a.id) > (?, ?)")
        sql = f"SELECT COUNT(*) FROM articles a WHERE {' AND '.join(where)}"
        return int(self._rows(sql, [*params, *key])[0][0])

    def day_counts(
        self,
        utc_offset_minutes: int = 0,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        starred: bool = False,
        person: str | None = None,
        since: datetime | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[tuple[date, int]]:
        """Stories per local day (UTC shifted by ``utc_offset_minutes``), newest day first.
        Cached until the database changes."""
        ids_key = tuple(ids) if ids is not None else None
        key = ("days", int(utc_offset_minutes), feed_id, unread, starred, person, to_text(since), ids_key)
        version = self._data_version()
        cache = self._count_cache()
        cached = cache.get(key)
        if cached is not None and cached[0] == version:
            return list(cached[1])
        where, params = self._story_filters(
            feed_id=feed_id, unread=unread, starred=starred, person=person, since=since, ids=ids_key
        )
        if person is None and ids_key is None:
            days = self._day_counts_by_seeking(where, params, int(utc_offset_minutes))
            cache[key] = (version, days)
            return list(days)
        day_params: list[Any] = []
        day = "substr(a.published, 1, 10)"  # text is UTC ISO: its first 10 chars are the day
        if utc_offset_minutes:
            day = "date(a.published, ?)"
            day_params.append(f"{int(utc_offset_minutes):+d} minutes")
        sql = (
            f"SELECT {day} AS day, COUNT(*) FROM articles a "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "GROUP BY day ORDER BY day DESC"
        )
        rows = self._rows(sql, [*day_params, *params])
        days = [(date.fromisoformat(day), count) for day, count in rows if day]
        cache[key] = (version, days)
        return list(days)

    def cursor_at(
        self,
        position: int,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        starred: bool = False,
        person: str | None = None,
        since: datetime | None = None,
        ids: Iterable[int] | None = None,
    ) -> Cursor | None:
        """The key of row ``position`` (0-based), for a scrollbar jump; then page by key from it.

        This walks the index up to ``position`` (tens of ms at a million rows), so it is for
        jumps only; paging itself never skips rows this way."""
        where, params = self._story_filters(
            feed_id=feed_id, unread=unread, starred=starred, person=person, since=since, ids=ids
        )
        sql = (
            "SELECT a.published, a.id FROM articles a "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY a.published DESC, a.id DESC LIMIT 1 OFFSET ?"
        )
        rows = self._rows(sql, [*params, max(0, int(position))])
        return Cursor(from_text(rows[0][0]), rows[0][1]) if rows else None  # type: ignore[arg-type]

    def _day_counts_by_seeking(
        self, where: list[str], params: list[Any], utc_offset_minutes: int
    ) -> list[tuple[date, int]]:
        """Day by day from the newest: find the newest story below the last day's start, count
        its day's index range. Costs one index range per day instead of a sort of every row."""
        zone = timezone(timedelta(minutes=utc_offset_minutes))
        days: list[tuple[date, int]] = []
        upper: str | None = None
        while True:
            bound = [*where, "a.published < ?"] if upper else where
            bound_params = [*params, upper] if upper else params
            clause = f" WHERE {' AND '.join(bound)}" if bound else ""
            newest = self._rows(f"SELECT MAX(a.published) FROM articles a{clause}", bound_params)[0][0]
            if newest is None:
                return days
            day = from_text(newest).astimezone(zone).date()  # type: ignore[union-attr]
            start = to_text(datetime.combine(day, time(), zone))
            count = self._rows(
                f"SELECT COUNT(*) FROM articles a WHERE {' AND '.join([*bound, 'a.published >= ?'])}",
                [*bound_params, start],
            )[0][0]
            days.append((day, int(count)))
            upper = start

    def story_ids(self, *, person: str | None = None, feed_id: int | None = None) -> list[int]:
        """Ids of the matching stories, newest first (e.g. everything mentioning a person)."""
        where, params = self._story_filters(
            feed_id=feed_id, unread=False, starred=False, person=person, since=None, ids=None
        )
        sql = "SELECT a.id FROM articles a" + (f" WHERE {' AND '.join(where)}" if where else "")
        return [row[0] for row in self._rows(sql + " ORDER BY a.published DESC, a.id DESC", params)]

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

    def mark_read_where(
        self,
        *,
        feed_id: int | None = None,
        unread: bool = False,
        starred: bool = False,
        person: str | None = None,
        since: datetime | None = None,
        ids: Iterable[int] | None = None,
    ) -> int:
        """Mark read every story matching the list filters (the reader's A). Returns how many changed."""
        where, params = self._story_filters(
            feed_id=feed_id, unread=unread, starred=starred, person=person, since=since, ids=ids
        )
        chosen = "SELECT a.id FROM articles a" + (f" WHERE {' AND '.join(where)}" if where else "")
        with self._write() as conn:
            return conn.execute(f"UPDATE articles SET read = 1 WHERE read = 0 AND id IN ({chosen})", params).rowcount

    def set_starred(self, article_id: int, starred: bool = True) -> None:
        with self._write() as conn:
            conn.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def unread_counts(self) -> dict[int, int]:
        """feed id → unread stories."""
        return {feed_id: count for feed_id, count in self._rows("SELECT id, unread_count FROM feeds")}

    # -- search -------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, offset: int = 0, order: str = "rank") -> list[SearchHit]:
        """Hits for the user's query, ``limit`` of them after the first ``offset``. Never raises on
        what the user typed. ``order``: "rank" (relevance) or "date" (newest first).

        BM25 costs microseconds per matching story, so a very common query would cost
        hundreds of ms on a large archive. Ranking therefore runs over the newest
        ``RANK_WINDOW`` matches (found cheaply by walking the index in rowid order, with the
        filters applied), then the older matches follow newest first; rarer queries rank every match."""
        plan = self._search_plan(query)
        if plan is None or limit <= 0:
            return []
        parsed, match, where, params = plan
        offset = max(0, int(offset))
        by_date = order == "date"
        try:
            if match is None:
                rows = self._search_filters_only(where, params, limit, offset)
            else:
                rows = self._search_text(parsed, match, where, params, limit, offset, by_date)
        except sqlite3.DatabaseError as error:  # a damaged index is not "no results"
            if isinstance(error, sqlite3.OperationalError) and _is_query_error(error):
                return []
            raise _translate(error, self.path) from None
        quotes_only = bool(parsed.quotes) and not (parsed.words or parsed.phrases)
        return [
            SearchHit(
                id=row[0],
                title=row[1],
                link=row[2],
                feed=row[3],
                published=from_text(row[4]),  # type: ignore[arg-type]
                snippet=_snippet_text(row[5], quotes_only),
                rank=float(row[6] or 0.0),
                read=bool(row[7]),
                starred=bool(row[8]),
            )
            for row in rows
        ]

    def count_hits(self, query: str) -> int:
        """How many stories ``search(query)`` can list in all (the total behind its pages)."""
        plan = self._search_plan(query)
        if plan is None:
            return 0
        parsed, match, where, params = plan
        try:
            if match is None:
                sql = "SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id " + (
                    f"WHERE {' AND '.join(where)}" if where else ""
                )
                return int(self.conn.execute(sql, params).fetchone()[0])
            found = self._text_conditions(parsed, match, where, params)
            if found is None:
                return 0
            conditions, all_params, _, _ = found
            sql = f"SELECT COUNT(*) FROM articles_fts {_FTS_JOINS}WHERE {conditions}"
            return int(self.conn.execute(sql, all_params).fetchone()[0])
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and _is_query_error(error):
                return 0
            raise _translate(error, self.path) from None

    def _search_plan(self, query: str) -> tuple[query_language.SearchQuery, str | None, list[str], list[Any]] | None:
        """The parsed query, its MATCH text and the row filters; None when nothing can match."""
        parsed = query_language.parse(query)
        if parsed.is_empty:
            return None
        match = _fts_expression(parsed)
        if match is None and (parsed.has_text or parsed.people):
            return None  # text was asked for but none of it is searchable
        where: list[str] = []
        params: list[Any] = []
        if parsed.feeds:
            feed_terms = []
            for name in parsed.feeds:
                feed_terms.append(
                    "(title LIKE ? ESCAPE '\\' OR user_title LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\')"
                )
                params += [_like_pattern(name)] * 3
            where.append(f"a.feed_id IN (SELECT id FROM feeds WHERE {' OR '.join(feed_terms)})")
        for tag in parsed.tags:  # each tag: the story's feed carries it (any case)
            where.append(
                "a.feed_id IN (SELECT feeds.id FROM feeds, json_each(feeds.tags) "
                "WHERE json_each.value = ? COLLATE NOCASE)"
            )
            params.append(tag)
        if parsed.since is not None:
            where.append("a.published >= ?")
            params.append(to_text(parsed.since))
        if parsed.unread:
            where.append("a.read = 0")
        if parsed.read:
            where.append("a.read = 1")
        if parsed.starred:
            where.append("a.starred = 1")
        return parsed, match, where, params

    def _search_filters_only(
        self, where: list[str], params: list[Any], limit: int, offset: int = 0
    ) -> list[tuple[Any, ...]]:
        sql = (
            f"SELECT a.id, a.title, a.link, {_FEED_NAME}, a.published, "
            f"substr(a.body, 1, {PLAIN_SNIPPET_CHARS}), 0.0, a.read, a.starred "
            "FROM articles a JOIN feeds f ON f.id = a.feed_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?"
        )
        return self.conn.execute(sql, [*params, limit, offset]).fetchall()

    def _text_conditions(
        self, parsed: query_language.SearchQuery, match: str, where: list[str], params: list[Any]
    ) -> tuple[str, list[Any], bool, Any] | None:
        """The WHERE text and parameters of a text query (None: the filters leave no story),
        whether the word being typed stays a prefix, and the RANK_WINDOW-th newest match's row
        (None when fewer match)."""
        conn = self.conn
        fts_where = ["articles_fts MATCH ?"]
        fts_params: list[Any] = [match]
        # Narrow the index walk by rowid where a filter allows it (rowids grow with time).
        bounds = self._rowid_bounds(parsed)
        if bounds is None:
            return None
        low, high = bounds
        if low is not None:
            fts_where.append("articles_fts.rowid >= ?")
            fts_params.append(low)
        if high is not None:
            fts_where.append("articles_fts.rowid <= ?")
            fts_params.append(high)
        conditions = " AND ".join([*fts_where, *where])
        boundary_sql = (
            f"SELECT articles_fts.rowid FROM articles_fts {_FTS_JOINS}WHERE {conditions} "
            "ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET ?"
        )
        boundary = None
        typing_prefix = True
        if parsed.typing and len(parsed.words[-1]) > 3:
            # Expanding a long prefix merges every matching term's list, which is costly;
            # when the word as typed is already a common word, search for it as it is.
            whole_word = _fts_expression(parsed, typing_prefix=False)
            boundary = conn.execute(boundary_sql, [whole_word, *fts_params[1:], *params, RANK_WINDOW - 1]).fetchone()
            if boundary is not None:
                fts_params[0] = whole_word
                typing_prefix = False
        if boundary is None:
            boundary = conn.execute(boundary_sql, [*fts_params, *params, RANK_WINDOW - 1]).fetchone()
        return conditions, [*fts_params, *params], typing_prefix, boundary

    def _search_text(
        self,
        parsed: query_language.SearchQuery,
        match: str,
        where: list[str],
        params: list[Any],
        limit: int,
        offset: int = 0,
        by_date: bool = False,
    ) -> list[tuple[Any, ...]]:
        conn = self.conn
        found = self._text_conditions(parsed, match, where, params)
        if found is None:
            return []  # the filters leave no story at all
        conditions, all_params, typing_prefix, boundary = found
        joins = _FTS_JOINS
        if parsed.quotes and not (parsed.words or parsed.phrases):
            # quote: alone: the quotes themselves (one per line; the hit keeps them apart)
            snippet = f"snippet(articles_fts, 5, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS * 2})"
        elif parsed.has_text:
            # The body reads best; FTS5's own choice (-1) can pick the bare list of people's names.
            body = f"snippet(articles_fts, 2, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS})"
            best = f"snippet(articles_fts, -1, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS})"
            snippet = f"CASE WHEN instr({body}, '{HIT_START}') > 0 THEN {body} ELSE {best} END"
        else:  # people only: a list of their stories, newest first
            snippet = f"substr(a.body, 1, {PLAIN_SNIPPET_CHARS})"
        select = f"SELECT a.id, a.title, a.link, {_FEED_NAME}, a.published, {snippet}"
        flags = "a.read, a.starred"
        if boundary is None or by_date:  # a rare enough query (or newest first asked): every match
            order = "articles_fts.rank" if parsed.has_text and not by_date else "a.published DESC, a.id DESC"
            sql = (
                f"{select}, articles_fts.rank, {flags} FROM articles_fts {joins}"
                f"WHERE {conditions} ORDER BY {order} LIMIT ? OFFSET ?"
            )
            return conn.execute(sql, [*all_params, limit, offset]).fetchall()
        # A very common query. BM25 would first count every match of every phrase (its IDF),
        # which alone costs tens of ms here; instead: the newest RANK_WINDOW matches, those
        # with the words in the title first, each group newest first; then the older ones.
        wanted = offset + limit
        window = conditions + " AND articles_fts.rowid >= ?"
        window_params = [*all_params, boundary[0]]
        newest_first = "ORDER BY articles_fts.rowid DESC LIMIT ?"
        title_ids: list[int] = []
        title_match = _fts_expression(parsed, typing_prefix=typing_prefix, title_only=True)
        if title_match is not None:
            title_ids = [
                row[0]
                for row in conn.execute(
                    f"SELECT articles_fts.rowid FROM articles_fts {joins}WHERE {window} {newest_first}",
                    [title_match, *window_params[1:], wanted],
                )
            ]
        ids_json = json.dumps(title_ids)
        # unary + keeps this a row filter: pushed into FTS5 it would re-run the MATCH per id
        in_title = "+articles_fts.rowid IN (SELECT value FROM json_each(?))"
        rows = []
        if title_ids:
            rows = conn.execute(
                f"{select}, -1.0, {flags} FROM articles_fts {joins}WHERE {window} AND {in_title} {newest_first}",
                [*window_params, ids_json, wanted],
            ).fetchall()
        if len(rows) < wanted:
            rows += conn.execute(
                f"{select}, 0.0, {flags} FROM articles_fts {joins}WHERE {window} AND NOT {in_title} {newest_first}",
                [*window_params, ids_json, wanted - len(rows)],
            ).fetchall()
        if len(rows) < wanted:  # past the window: the older matches, newest first
            rows += conn.execute(
                f"{select}, 0.0, {flags} FROM articles_fts {joins}"
                f"WHERE {conditions} AND articles_fts.rowid < ? {newest_first}",
                [*all_params, boundary[0], wanted - len(rows)],
            ).fetchall()
        return rows[offset:]

    def _rowid_bounds(self, parsed: query_language.SearchQuery) -> tuple[int | None, int | None] | None:
        """The id range that can hold stories passing ``since:`` and ``feed:`` (an end of None:
        open), or None when no story passes them."""
        low: int | None = None
        high: int | None = None
        conn = self.conn
        if parsed.since is not None:
            row = conn.execute(
                "SELECT MIN(id), MAX(id) FROM articles WHERE published >= ?", (to_text(parsed.since),)
            ).fetchone()
            if row[0] is None:
                return None
            low, high = row
        if parsed.feeds:
            terms = " OR ".join(
                "(title LIKE ? ESCAPE '\\' OR user_title LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\')"
                for _ in parsed.feeds
            )
            feed_params = [_like_pattern(name) for name in parsed.feeds for _ in range(3)]
            matched = conn.execute(f"SELECT id, total_count FROM feeds WHERE {terms}", feed_params).fetchall()
            stories = sum(count for _, count in matched)
            if stories == 0:
                return None
            everything = conn.execute("SELECT COALESCE(SUM(total_count), 0) FROM feeds").fetchone()[0]
            if stories * 4 > everything:  # not selective: finding the range costs more than it saves
                return low, high
            row = conn.execute(
                "SELECT MIN(id), MAX(id) FROM articles WHERE feed_id IN (SELECT value FROM json_each(?))",
                (json.dumps([feed_id for feed_id, _ in matched]),),
            ).fetchone()
            if row[0] is None:
                return None
            low = row[0] if low is None else max(low, row[0])
            high = row[1] if high is None else min(high, row[1])
            if low > high:
                return None
        return low, high

    # -- analysis -----------------------------------------------------------------

    def articles_to_analyse(self, limit: int = 100, *, ids: Sequence[int] | None = None) -> list[tuple[int, str, str]]:
        """(id, title, body) of stories without analysis, oldest stored first (only ``ids`` if given)."""
        if ids is not None:
            sql = (
                "SELECT id, title, body FROM articles WHERE analysed = 0 "
                "AND id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?"
            )
            params: tuple[Any, ...] = (json.dumps([int(i) for i in ids]), max(0, int(limit)))
        else:
            sql, params = (
                "SELECT id, title, body FROM articles WHERE analysed = 0 ORDER BY id LIMIT ?",
                (max(0, int(limit)),),
            )
        return [(row[0], row[1], row[2]) for row in self._rows(sql, params)]

    def count_unanalysed(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM articles WHERE analysed = 0")[0][0])

    def save_analysis(self, article_id: int, analysis: Analysis) -> None:
        """Store an article's summary, people and quotes (replacing any earlier ones),
        merge its people into the canonical persons, and index the text for search."""
        with self._write() as conn:
            self._save_analysis(conn, article_id, analysis)

    def save_analyses(self, results: Iterable[tuple[int, Analysis]]) -> int:
        """Many ``save_analysis`` in ONE transaction (a backlog goes much faster this way).
        Articles deleted meanwhile are skipped. Returns how many were saved."""
        saved = 0
        with self._write() as conn:
            for article_id, analysis in results:
                try:
                    self._save_analysis(conn, article_id, analysis)
                except StoreError:
                    continue
                saved += 1
        return saved

    def _save_analysis(self, conn: sqlite3.Connection, article_id: int, analysis: Analysis) -> None:
        rows = _AnalysisRows.of(analysis)
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
            raise StoreError(f"no article with id {article_id}")
        conn.execute("DELETE FROM article_people WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        self._save_analysis_rows(conn, article_id, rows)
        conn.execute(
            "UPDATE articles SET summary = ?, people = ?, quotes = ?, analysed = 1 WHERE id = ?",
            (*rows.texts, article_id),
        )

    def _save_analysis_rows(self, conn: sqlite3.Connection, article_id: int, rows: _AnalysisRows) -> None:
        """An article's people and quotes rows (the article's own columns are the caller's)."""
        people, order, analysis = rows.people, rows.order, rows.analysis
        person_ids: dict[str, int] = {}
        for key in order:
            person = people[key]
            conn.execute(
                "INSERT INTO persons (key, name, surname, role) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
                (key, person.name, key.rsplit(" ", 1)[-1], person.role),
            )
            person_ids[key] = conn.execute("SELECT id FROM persons WHERE key = ?", (key,)).fetchone()[0]
        conn.executemany(
            "INSERT INTO article_people (article_id, person_id, position, name, role, mentions, "
            "aliases) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    article_id,
                    person_ids[key],
                    position,
                    people[key].name,
                    people[key].role,
                    people[key].mentions,
                    json.dumps(list(people[key].aliases), ensure_ascii=False),
                )
                for position, key in enumerate(order)
            ],
        )
        quote_rows = []
        for position, quote in enumerate(analysis.quotes):
            speaker_id = None
            if quote.speaker and quote.speaker_kind != "organisation":
                speaker_id = person_ids.get(person_key(quote.speaker))
                if speaker_id is None:
                    row = conn.execute("SELECT id FROM persons WHERE key = ?", (person_key(quote.speaker),)).fetchone()
                    speaker_id = row[0] if row else None
            quote_rows.append(
                (
                    article_id,
                    position,
                    quote.text,
                    quote.speaker,
                    quote.speaker_kind,
                    quote.start,
                    quote.end,
                    speaker_id,
                )
            )
        conn.executemany(
            'INSERT INTO quotes (article_id, position, text, speaker, speaker_kind, start, "end", '
            "person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            quote_rows,
        )
        if person_ids:
            conn.execute(
                "UPDATE persons SET role = (SELECT r.role FROM person_roles r "
                "WHERE r.person_id = persons.id AND r.uses > 0 "
                "ORDER BY r.uses DESC, r.last_article DESC LIMIT 1) "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(person_ids.values())),),
            )

    def get_analysis(self, article_id: int) -> Analysis | None:
        """The stored analysis, or None when the article has not been analysed (yet)."""
        rows = self._rows("SELECT analysed, summary FROM articles WHERE id = ?", (article_id,))
        if not rows or not rows[0][0]:
            return None
        summary = tuple(line for line in (rows[0][1] or "").split("\n") if line)
        people = tuple(
            Person(name=name, role=role, mentions=mentions, aliases=tuple(json.loads(aliases)))
            for name, role, mentions, aliases in self._rows(
                "SELECT name, role, mentions, aliases FROM article_people WHERE article_id = ? ORDER BY position",
                (article_id,),
            )
        )
        quotes = tuple(
            Quote(text=text, speaker=speaker, speaker_kind=kind, start=start, end=end)
            for text, speaker, kind, start, end in self._rows(
                'SELECT text, speaker, speaker_kind, start, "end" FROM quotes WHERE article_id = ? ORDER BY position',
                (article_id,),
            )
        )
        return Analysis(summary=summary, people=people, quotes=quotes)

    def people(self, limit: int | None = None) -> list[PersonSummary]:
        """People across the archive, most stories first, with their quote counts."""
        sql = (
            "SELECT id, name, role, stories, quotes FROM persons WHERE stories > 0 "
            "ORDER BY stories DESC, name COLLATE NOCASE"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [PersonSummary(*row) for row in self._rows(sql, params)]

    def _resolve_person(self, name: str) -> list[int]:
        """Person ids for a name: the canonical name (any case, accents), else a unique surname."""
        key = person_key(name)
        if not key:
            return []
        rows = self._rows("SELECT id FROM persons WHERE key = ?", (key,))
        if rows:
            return [rows[0][0]]
        rows = self._rows(
            "SELECT id FROM persons WHERE surname = ? AND stories > 0 LIMIT 2",
            (key,),
        )
        return [rows[0][0]] if len(rows) == 1 else []

    def quotes_by(self, name: str) -> list[QuoteInStory]:
        """What a person (or an organisation, by its speaker name) said, newest story first."""
        person_ids = self._resolve_person(name)
        rows = self._rows(
            f"SELECT q.text, q.speaker, a.id, a.title, {_FEED_NAME}, a.published FROM quotes q "
            "JOIN articles a ON a.id = q.article_id JOIN feeds f ON f.id = a.feed_id "
            "WHERE q.person_id IN (SELECT value FROM json_each(?)) "
            "OR (q.speaker = ? COLLATE NOCASE) "
            "ORDER BY a.published DESC, a.id DESC, q.position",
            (json.dumps(person_ids), " ".join(name.split())),
        )
        return [
            QuoteInStory(
                text=row[0],
                speaker=row[1],
                article_id=row[2],
                title=row[3],
                feed=row[4],
                published=from_text(row[5]),  # type: ignore[arg-type]
            )
            for row in rows
        ]

    # -- ui state -----------------------------------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        rows = self._rows("SELECT value FROM ui_state WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_state(self, key: str, value: Any) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO ui_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def integrity_check(self) -> list[str]:
        """SQLite's own check plus the full-text index's (not on a read-only archive); [] when all
        is well (a file too damaged to be walked gives SQLite's one complaint)."""
        try:
            problems = [row[0] for row in self.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        except sqlite3.DatabaseError as error:  # too damaged to walk: that is the verdict
            if not _is_environment_error(error) or isinstance(_translate(error, self.path), DatabaseLocked):
                raise _translate(error, self.path) from None
            return [str(error)]
        if self.read_only:  # FTS5's check is an INSERT command: SQLite refuses it on a read-only file
            return problems
        try:
            self.conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            problems.append(f"full-text index: {error}")
        return problems

    def rebuild_search_index(self) -> None:
        """Rebuild the full-text index from the articles (``briefing check --repair``, for an index
        that is out of step while the articles themselves are whole)."""
        with self._write() as conn:
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")

    # -- safety -------------------------------------------------------------------

    def checkpoint(self, *, wait: bool = True) -> bool:
        """Fold the WAL into the archive file and empty it (a clean exit; before copying the
        file by hand). True when every page went in; False when another connection held some
        back or the archive is read-only (nothing to do). ``wait=False`` never waits for another
        writer or reader (PASSIVE: copies what it can, leaves the WAL's size alone)."""
        if self.read_only:
            return False
        mode = "TRUNCATE" if wait else "PASSIVE"
        try:
            busy, log, done = self.conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        except sqlite3.Error as error:
            raise _translate(error, self.path) from None
        return bool(busy == 0 and log == done)

    def backup(self, dest: str | Path, *, overwrite: bool = False) -> int:
        """Copy the archive to ``dest`` with SQLite's online backup API; return the copy's article count.

        One step, so one read transaction: the copy is a consistent snapshot even while another
        process writes, and it holds what sits in the WAL after a crash (a plain file copy does
        not). The copy is a single file (no WAL), checked, written beside ``dest`` and renamed into
        place, so a failed backup leaves nothing half-written. ``BackupRefused``: ``dest`` exists
        (without ``overwrite``), is the archive itself, or its folder is missing."""
        dest = Path(dest)
        if dest.exists() and (dest.is_dir() or self.path.exists() and dest.samefile(self.path)):
            raise BackupRefused(
                f"{dest}: {'is a folder' if dest.is_dir() else 'is the archive itself'}; name a new file for the backup"
            )
        if dest.exists() and not overwrite:
            raise BackupRefused(f"{dest}: already exists; use --force to replace it")
        if not dest.parent.is_dir():
            raise BackupRefused(f"{dest.parent}: no such folder for the backup")
        if not os.access(dest.parent, os.W_OK):
            raise BackupRefused(f"{dest.parent}: read-only folder, cannot write the backup there")
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
        try:
            target = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                self.conn.backup(target)  # pages=-1: every page in one step
                target.execute("PRAGMA journal_mode = DELETE")
                problems = [row[0] for row in target.execute("PRAGMA quick_check") if row[0] != "ok"]
                count = 0 if problems else target.execute("SELECT count(*) FROM articles").fetchone()[0]
            finally:
                target.close()
            if problems:
                raise DatabaseCorrupt(
                    f"{self.path}: the archive is damaged ({problems[0]}), so no backup was "
                    "written; run `briefing check`"
                )
            os.replace(tmp, dest)
        except sqlite3.Error as error:
            raise _translate(error, dest) from None
        except OSError as error:
            raise StoreError(f"{dest}: cannot write the backup ({error.strerror or error})") from None
        finally:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        return int(count)


# --- row mapping and SQL helpers --------------------------------------------------


def _db_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_text(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return storable(value)
    return value


def _feed(row: tuple[Any, ...]) -> Feed:
    return Feed(
        id=row[0],
        url=row[1],
        title=row[2],
        user_title=row[3],
        link=row[4],
        etag=row[5],
        last_modified=row[6],
        last_fetched=from_text(row[7]),
        last_status=row[8],
        last_error=row[9],
        failures=row[10] or 0,
        next_due=from_text(row[11]),
        added=from_text(row[12]),
        gone=bool(row[13]),
        tags=tuple(json.loads(row[14] or "[]")),
        unread=row[15] or 0,
        total=row[16] or 0,
    )


def _story(row: tuple[Any, ...]) -> StoryRow:
    return StoryRow(
        id=row[0],
        feed_id=row[1],
        feed=row[2],
        title=row[3],
        published=from_text(row[4]),  # type: ignore[arg-type]
        read=bool(row[5]),
        starred=bool(row[6]),
    )


def _fts_expression(
    parsed: query_language.SearchQuery, typing_prefix: bool = True, title_only: bool = False
) -> str | None:
    """The FTS5 MATCH text for the query's words, phrases, people and quotes (None: nothing).

    Every piece of user text goes in as a quoted string, so nothing the user types is ever
    read as an operator. ``typing_prefix=False`` matches the word being typed as a whole word;
    ``title_only`` asks for the words and phrases in the title."""
    positive: list[str] = []
    last = len(parsed.words) - 1
    for index, (word, is_prefix) in enumerate(zip(parsed.words, parsed.prefix, strict=True)):
        token = fts_string(word)
        typed = index == last and parsed.typing
        if typed and not typing_prefix:
            is_prefix = False
        # a one- or two-letter prefix would expand to half the vocabulary: only on request (ab*)
        if is_prefix and len(word) >= (MIN_TYPING_PREFIX if typed else 2):
            token += " *"
        positive.append(token)
    positive += [fts_string(phrase) for phrase in parsed.phrases]
    if title_only:
        if not positive:
            return None
        positive = ["title : (" + " AND ".join(positive) + ")"]
    positive += ["people : " + fts_string(name) for name in parsed.people]
    positive += ["quotes : " + fts_string(text) for text in parsed.quotes]
    if not positive:
        return None
    expression = " AND ".join(positive)
    if parsed.excluded:
        expression = f"({expression}) NOT (" + " OR ".join(fts_string(x) for x in parsed.excluded) + ")"
    return expression


def _snippet_text(snippet: str | None, quotes: bool) -> str:
    """A snippet on one line; quotes (one per line in the index) stay apart by a separator."""
    if not quotes:
        return " ".join((snippet or "").split())
    lines = (" ".join(line.split()) for line in (snippet or "").splitlines())
    return QUOTE_SEPARATOR.join(line for line in lines if line)


def _is_query_error(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    if "corrupt" in message or "malformed" in message:  # a damaged index is never "no results"
        return False
    return "fts5" in message or "syntax error" in message or "unterminated" in message


def _is_environment_error(error: BaseException) -> bool:
    """Locked, busy, full, corrupt, unreadable: the database's state, not a bug in our SQL."""
    if isinstance(error, sqlite3.OperationalError | sqlite3.InternalError):
        return "syntax error" not in str(error) and "no such" not in str(error)
    return type(error) is sqlite3.DatabaseError


def _read_only_reason(path: Path) -> str | None:
    """Why an archive at ``path`` can only be read, in words; None when it can be written."""
    if path.exists():
        try:
            if os.statvfs(path).f_flag & os.ST_RDONLY:
                if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
                    return "it is on a read-only file system"
                return "the file is not writable"  # e.g. a read-only bind mount of the file alone
        except (OSError, AttributeError):  # no statvfs (Windows): the access checks below decide
            pass
        if not os.access(path, os.W_OK):
            return "the file is not writable"
        if not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists():
            return "its folder is not writable"
    return None  # a new archive: opening reports it when it cannot be created


def _no_space_left(path: Path) -> bool:
    """Whether the file system holding ``path`` has (almost) no room left for SQLite to write."""
    try:
        stat = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    return stat.f_bavail * stat.f_frsize < 256 * 1024


def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    """A sqlite3 error as one readable line."""
    message = str(error)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return DatabaseLocked(f"{path}: the database is locked by another program ({message})")
    if isinstance(error, sqlite3.DatabaseError) and "not a database" in lowered:
        return DatabaseCorrupt(f"{path}: not a briefing database or damaged ({message})")
    if isinstance(error, sqlite3.DatabaseError) and ("malformed" in lowered or "corrupt" in lowered):
        return DatabaseCorrupt(f"{path}: the archive is damaged ({message}); run `briefing check`")
    if "vtable constructor failed" in lowered:  # the full-text index's own records are unreadable
        return DatabaseCorrupt(f"{path}: the search index is damaged ({message}); run `briefing check`")
    if "is full" in lowered or "disk i/o" in lowered and _no_space_left(path):
        # SQLITE_FULL, or an I/O error on the WAL / shared memory of a full disk: rolled back
        return DiskFull(f"{path}: the disk is full, nothing was written; free some space and try again")
    if "readonly" in lowered:  # the file or its folder became read-only after the archive was opened
        return ArchiveReadOnly(f"{path}: read-only archive ({message}); nothing was changed")
    if "disk i/o" in lowered:
        return StoreError(f"{path}: cannot read or write the database ({message}); run `briefing check`")
    if "unable to open" in lowered:
        return StoreError(f"{path}: cannot open the database ({message})")
    if isinstance(error, StoreError):  # pragma: no cover - defensive
        return error
    return StoreError(f"{path}: {message}")


__all__ = [
    "ArchiveReadOnly",
    "BackupRefused",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DiskFull",
    "FeedExists",
    "FeedNotFound",
    "Store",
    "StoreError",
    "content_hash",
    "entry_guid",
    "fts_string",
    "from_text",
    "person_key",
    "to_text",
]
