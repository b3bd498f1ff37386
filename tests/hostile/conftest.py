"""Shared pieces of the hostile suite: feed builders, the CLI as a real process, archive checks.

Every test here feeds the app something an attacker, a broken server or a crash could produce,
through the real path (HTTP on 127.0.0.1, the real parser, a real SQLite file) and then checks
the archive with ``check_archive``: SQLite's integrity check, the full-text index's own check,
every article row complete, and no control or escape character in any stored text.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from tests.support.fixtures import http_server  # noqa: F401  (a fixture, used by name)
from tests.support.unsafe import FORBIDDEN

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "hostile"


def forbidden_chars(text: str | None) -> list[str]:
    """The characters in ``text`` that must never be stored or shown (tests/support/unsafe.py's hand
    list, and lone surrogates); empty when clean."""
    if not text:
        return []
    return [ch for ch in text if ch in FORBIDDEN or 0xD800 <= ord(ch) <= 0xDFFF]


# --- feed documents -------------------------------------------------------------------------


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss_item(
    n: int, title: str, body: str = "", *, author: str | None = None, link: str | None = None, escape: bool = True
) -> str:
    """One RSS 2.0 item; ``escape=False`` puts title and body in as raw XML."""
    esc = xml_escape if escape else (lambda s: s)
    parts = [
        f'<item><title>{esc(title)}</title><guid isPermaLink="false">item-{n}</guid>',
        f"<pubDate>Tue, 24 Nov 2026 {n % 24:02d}:{n % 60:02d}:00 GMT</pubDate>",
    ]
    if link is not None:
        parts.append(f"<link>{esc(link)}</link>")
    if author is not None:
        parts.append(f"<author>{esc(author)}</author>")
    parts.append(f"<description>{esc(body)}</description></item>")
    return "".join(parts)


def rss(items: Iterable[str], title: str = "Test desk", *, escape_title: bool = True) -> bytes:
    head = xml_escape(title) if escape_title else title
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{head}</title><link>http://127.0.0.1/</link>\n" + "\n".join(items) + "\n</channel></rss>\n"
    ).encode("utf-8", "surrogatepass")


def plain_feed(name: str, count: int = 3) -> bytes:
    """A small well-behaved feed: the neighbour that must complete whatever else goes wrong."""
    return rss(
        [rss_item(i, f"{name} story {i}", f"Ordinary news number {i} from {name}.") for i in range(count)],
        title=f"{name} desk",
    )


# --- the archive ----------------------------------------------------------------------------


def check_archive(db_path: Path) -> sqlite3.Connection:
    """Assert the archive is whole and clean; returns an open read-only connection for more checks."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The full-text index against its content table: raises SQLITE_CORRUPT_VTAB when out of sync.
    rw = sqlite3.connect(db_path)
    try:
        rw.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        rw.close()
    for row in conn.execute("SELECT id, guid, title, body, content_hash, published, fetched FROM articles"):
        article_id, guid, title, body, digest, published, fetched = row
        assert guid and title is not None and body is not None, row[:3]
        assert digest and len(digest) == 40 and published and fetched, row[:3]
    text_columns = {
        "articles": ("guid", "link", "title", "author", "body", "summary", "people", "quotes"),
        "feeds": ("url", "title", "user_title", "link", "last_error"),
    }
    for table, columns in text_columns.items():
        present = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column not in present:
                continue
            for (value,) in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
                assert isinstance(value, str), (table, column, type(value))
                bad = forbidden_chars(value)
                assert not bad, (table, column, [unicodedata.name(c, hex(ord(c))) for c in bad][:5], value[:120])
    return conn


# --- the command line as a real process ------------------------------------------------------


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        BRIEFING_CONFIG=str(tmp_path / "no-config.toml"),
        PYTHONPATH=str(REPO),
        NO_COLOR="1",
    )
    for name in (
        "BRIEFING_DB",
        "BRIEFING_DEBUG",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "ALL_PROXY",
    ):
        env.pop(name, None)
    return env


def run_cli(tmp_path: Path, db: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """``python -m briefing --db DB ARGV`` as a real process; stdout/stderr as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", "--db", str(db), *argv],
        capture_output=True,
        timeout=timeout,
        cwd=tmp_path,
        env=cli_env(tmp_path),
        stdin=subprocess.DEVNULL,
    )
