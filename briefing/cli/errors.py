"""How the command line fails: one line on stderr, exit status 2 for usage and 1 for everything
else; a traceback never reaches the user (``BRIEFING_DEBUG=1`` shows one)."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys

from briefing.cli.output import PROG, safe_line
from briefing.core.clean import sanitize_line


class CliError(Exception):
    """A failure to report as one line; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int) -> int:
    sys.stderr.write(f"{PROG}: {safe_line(message)}\n")
    sys.stderr.flush()
    return code


def silence_stdout() -> None:
    """After a closed pipe (``briefing search x | head``) make the final flush harmless."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def route_logging() -> None:
    """The core logs its failures with tracebacks; every one of them also reaches the user as a
    result line (a feed's error, the one-line failure), so without ``BRIEFING_DEBUG`` they are not
    printed again (Python's last-resort handler would print each traceback to stderr)."""
    logger = logging.getLogger("briefing")
    if any(getattr(h, "_briefing_cli", False) for h in logger.handlers):
        return
    handler: logging.Handler = logging.StreamHandler() if os.environ.get("BRIEFING_DEBUG") else logging.NullHandler()
    handler._briefing_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def analysis_failed(error: str) -> str:
    """The backlog's "article 12: ValueError: ..." as the note the CLI prints."""
    article, _, why = error.partition(": ")
    return f"{PROG}: {sanitize_line(article)}: analysis failed: {sanitize_line(why)}"


def describe(exc: BaseException) -> str:
    """One readable line for an exception from the store, the file system or SQLite."""
    from briefing.core.store import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc)
        if "locked" in text or "busy" in text:
            return "the database is busy (locked by another briefing?); try again in a moment"
        if "not a database" in text:
            return f"the database file is not a usable SQLite database ({text})"
        if "malformed" in text or "corrupt" in text:
            return f"the archive is damaged ({text}); run `briefing check`"
        if "is full" in text:
            return "the disk is full, nothing was written; free some space and try again"
        return f"database error: {text}"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
