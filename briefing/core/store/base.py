"""The base every part of ``Store`` builds on: per-thread connections, one transaction per write
(``_write``), reads that translate the database's state into ``StoreError`` (``_rows``), migrating
on open, and read-only detection."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from briefing.core import migrations
from briefing.core.busy import BUSY_TIMEOUT_MS
from briefing.core.busy import busy_timeout_ms as default_busy_timeout_ms
from briefing.core.store.errors import (
    ArchiveReadOnly,
    StoreError,
    is_environment_error,
    translate,
)

__all__ = ["BUSY_TIMEOUT_MS", "StoreBase"]


class StoreBase:
    """The archive at ``path``, opened. Safe to share between threads: each gets its own connection."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int | None = None, read_only: bool | None = None) -> None:
        """Open (creating and migrating as needed). ``busy_timeout_ms``: how long a write waits
        for another writer before ``DatabaseLocked`` (None: ``core.busy.busy_timeout_ms()``). ``read_only``: None = read-only exactly when
        an existing archive (or its folder) cannot be written; then every write raises
        ``ArchiveReadOnly`` and ``read_only_reason`` says why in words."""
        self.path = Path(path)
        self.busy_timeout_ms = int(busy_timeout_ms if busy_timeout_ms is not None else default_busy_timeout_ms())
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
            raise translate(error, self.path) from None

    # -- connections ------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        """A plain sqlite3 connection (autocommit; ``_write`` opens each transaction). Not
        sqlite-utils: importing it imports numpy whenever numpy is installed (~60 + ~120 ms)."""
        try:
            if self.read_only:
                conn = self._connect_read_only()
            else:
                conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=self.busy_timeout_ms / 1000)
        except sqlite3.Error as error:
            raise translate(error, self.path) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            if not self.read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -16000")
        except sqlite3.Error as error:
            conn.close()
            raise translate(error, self.path) from None
        return conn

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
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            conn.close()

    def __enter__(self) -> Self:
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
            raise translate(error, self.path) from None
        try:
            yield conn
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error) and is_environment_error(error):
                raise translate(error, self.path) from None
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise translate(error, self.path) from None

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            if is_environment_error(error):
                raise translate(error, self.path) from None
            raise

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
