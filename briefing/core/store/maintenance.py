"""Keeping the archive whole: integrity check, index rebuild, WAL checkpoint, online backup."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from briefing.core.store.base import StoreBase
from briefing.core.store.errors import (
    BackupRefused,
    DatabaseCorrupt,
    DatabaseLocked,
    StoreError,
    is_environment_error,
    translate,
)


class MaintenanceMixin(StoreBase):
    """Checks, repair and copies: what ``briefing check`` / ``backup`` and a clean exit use."""

    def integrity_check(self) -> list[str]:
        """SQLite's own check plus the full-text index's (not on a read-only archive); [] when all
        is well (a file too damaged to be walked gives SQLite's one complaint)."""
        try:
            problems = [row[0] for row in self.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        except sqlite3.DatabaseError as error:  # too damaged to walk: that is the verdict
            if not is_environment_error(error) or isinstance(translate(error, self.path), DatabaseLocked):
                raise translate(error, self.path) from None
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
            raise translate(error, self.path) from None
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
            raise translate(error, dest) from None
        except OSError as error:
            raise StoreError(f"{dest}: cannot write the backup ({error.strerror or error})") from None
        finally:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        return int(count)
