"""Errors are one line on stderr with the right exit status; feed text never carries escapes out."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing.core.models import Analysis, ParsedEntry, Person, Quote
from briefing.core.store import Store

HOSTILE = (
    "\x1b]52;c;ZXZpbA==\x07Clipboard\x1b[2J\x1b[31m red\x9b1m"
    " \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u202eexe.txt\u202c [bold]markup[/] \x00nul\x07"
)
ESCAPING = ("\x1b", "\x9b", "\x9d", "\x07", "\x00", "\u202e", "\u202c")


def one_line_error(result, code: int) -> None:
    assert result.code == code, (result.code, result.err)
    assert result.err.startswith("briefing: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err


def test_corrupt_database_file(cli, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not sqlite at all" * 200)
    for argv in (["feeds"], ["search", "x"], ["add", "https://a.example/"], ["digest"], ["fetch"]):
        result = cli(*argv, db=corrupt)
        one_line_error(result, 1)
        assert "corrupt.db" in result.err and "not a briefing database" in result.err


def test_database_path_that_is_a_directory(cli, tmp_path: Path) -> None:
    one_line_error(cli("feeds", db=tmp_path), 1)


def test_database_from_a_newer_briefing_is_refused(cli, tmp_path: Path) -> None:
    future = tmp_path / "future.db"
    with sqlite3.connect(future) as conn:
        conn.execute("PRAGMA user_version = 9999")
    one_line_error(cli("feeds", db=future), 1)


def test_usage_errors_exit_2(cli) -> None:
    for argv in (
        ["bogus"],
        ["search"],
        ["show"],
        ["search", "x", "--limit", "0"],
        ["digest", "--format", "pdf"],
        ["fetch", "--frobnicate"],
    ):
        one_line_error(cli(*argv), 2)


def test_bad_settings_file_is_one_line(cli, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[refresh]\nworkers = 'many'\n")
    result = cli("--config", str(config), "digest")
    one_line_error(result, 1)
    assert "refresh.workers must be a whole number" in result.err


def test_version_and_help(run_process, tmp_path: Path) -> None:
    from briefing import __version__

    version = run_process("--version")
    assert (version.code, version.out.strip()) == (0, f"briefing {__version__}")
    helped = run_process("--help")
    assert helped.code == 0
    for command in (
        "add",
        "remove",
        "feeds",
        "fetch",
        "import",
        "export",
        "search",
        "show",
        "analyze",
        "people",
        "quotes",
        "digest",
    ):
        assert command in helped.out
    assert str(tmp_path / "xdg-data" / "briefing" / "briefing.db") in helped.out  # where the data lives
    assert not (tmp_path / "xdg-data").exists()  # ... and asking created nothing


def test_no_command_without_a_terminal_is_one_line(run_process, tmp_path: Path) -> None:
    result = run_process("--db", str(tmp_path / "x.db"))
    one_line_error(result, 1)


def test_subprocess_errors_have_no_traceback(run_process, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"\x00garbage" * 500)
    one_line_error(run_process("--db", str(corrupt), "feeds"), 1)
    one_line_error(run_process("--db", str(tmp_path / "ok.db"), "add", "ftp://x.example/"), 2)
    one_line_error(run_process("--db", str(tmp_path / "ok.db"), "remove", "12"), 1)
    one_line_error(run_process("--db", str(tmp_path / "ok.db"), "import", str(tmp_path / "none.opml")), 1)


@pytest.fixture
def hostile_db(cli_db: Path) -> int:
    """An article whose every field carries escapes, written straight to the store (defence in depth)."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(cli_db) as store:
        feed = store.add_feed("https://evil.example/rss", title="Feed " + HOSTILE)
        store.store_entries(
            feed.id,
            [
                ParsedEntry(
                    guid="evil",
                    link="https://evil.example/a\x1b[2J",
                    title="Title " + HOSTILE,
                    author="Author " + HOSTILE,
                    published=now,
                    updated=None,
                    body="Body text about Clipboard. " + HOSTILE + "\n\nMore Clipboard prose.",
                )
            ],
            now,
        )
        article_id = store.stories(limit=1)[0].id
        store.save_analysis(
            article_id,
            Analysis(
                summary=("Summary " + HOSTILE,),
                people=(Person("Eve Clipboard", "Role " + HOSTILE, 1),),
                quotes=(Quote("Quote " + HOSTILE, "Eve Clipboard", "person"),),
            ),
        )
    return article_id


def test_no_escape_sequence_from_a_feed_reaches_the_terminal(cli, hostile_db: int) -> None:
    runs = [
        ("feeds",),
        ("feeds", "--json"),
        ("search", "Clipboard"),
        ("search", "Clipboard", "--json"),
        ("show", str(hostile_db)),
        ("show", str(hostile_db), "--json"),
        ("people",),
        ("people", "--json"),
        ("quotes", "Eve Clipboard"),
        ("quotes", "Eve Clipboard", "--json"),
        ("digest",),
        ("digest", "--format", "md"),
        ("digest", "--format", "json"),
        ("export",),
    ]
    for argv in runs:
        result = cli(*argv)
        assert result.code == 0, (argv, result.err)
        for bad in ESCAPING:
            assert bad not in result.out, (argv, repr(bad))
        assert "Clipboard" in result.out, argv  # the words themselves survive
        if argv[-1] == "--json":
            assert "\\u001b" not in result.out  # not even escaped inside JSON strings
            json.loads(result.out)


def test_locked_database_is_one_line(cli, cli_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds the write lock past the busy timeout: a clear line, not a traceback."""
    Store(cli_db).close()
    monkeypatch.setenv("BRIEFING_BUSY_TIMEOUT_MS", "300")  # not the 10 s a refresh's writer may need
    holder = sqlite3.connect(cli_db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        result = cli("add", "https://locked.example/rss")
        assert time.monotonic() - started < 5, "the command waited past the busy timeout it was given"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    one_line_error(result, 1)
    assert "locked" in result.err
    assert cli("add", "https://locked.example/rss").code == 0  # and works once the lock is gone
