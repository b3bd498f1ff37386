"""The archive's errors: every one is a ``StoreError`` whose message is one readable line,
and ``translate`` turns a sqlite3 error into one of them."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


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


def is_query_error(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    if "corrupt" in message or "malformed" in message:  # a damaged index is never "no results"
        return False
    return "fts5" in message or "syntax error" in message or "unterminated" in message


def is_environment_error(error: BaseException) -> bool:
    """Locked, busy, full, corrupt, unreadable: the database's state, not a bug in our SQL."""
    if isinstance(error, sqlite3.OperationalError | sqlite3.InternalError):
        return "syntax error" not in str(error) and "no such" not in str(error)
    return type(error) is sqlite3.DatabaseError


def _no_space_left(path: Path) -> bool:
    """Whether the file system holding ``path`` has (almost) no room left for SQLite to write."""
    try:
        stat = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    return stat.f_bavail * stat.f_frsize < 256 * 1024


def translate(error: sqlite3.Error, path: Path) -> StoreError:
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
