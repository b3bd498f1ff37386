"""Concurrency: cron's ``briefing fetch`` and the open TUI write to one archive at the same time.

One process runs ``briefing fetch`` again and again (a new version of every feed each time);
another (``writer_child.py``) does what the TUI does meanwhile: marks stories read and starred,
saves UI state, and refreshes feeds itself. Neither may see "database is locked" or any other
error, and no write of either may be lost.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from briefing.core.store import Store
from tests.support.http import ScriptedServer
from tests.support.tui import notices

from .conftest import REPO, check_archive, cli_env, run_cli
from .kill_loop import NewsServer

FETCHES = 4
FEEDS = 12
PER_ROUND = 5


def test_fetch_and_tui_writes_side_by_side_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with ScriptedServer() as server:
        news = NewsServer(server, FEEDS, PER_ROUND)
        store = Store(db)
        for url in news.urls():
            store.add_feed(url)
        store.close()
        assert run_cli(tmp_path, db, "fetch").returncode == 0  # something to read from the start
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.hostile.writer_child", str(db), "12"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=cli_env(tmp_path),
        )
        try:
            for _ in range(FETCHES):
                news.publish()
                done = run_cli(tmp_path, db, "fetch", "--json")
                assert done.returncode == 0, done.stderr.decode()
                output = (done.stdout + done.stderr).decode().lower()
                assert "locked" not in output and "traceback" not in output
                assert json.loads(done.stdout)["failed"] == 0
            out, err = writer.communicate(timeout=120)
        finally:
            if writer.poll() is None:
                writer.kill()
    assert writer.returncode == 0, err.decode()[-2000:]
    report = json.loads(out)
    assert report["errors"] == [], report["errors"][:5]
    assert report["refreshes"] >= 1 and report["writes"] > 100, report
    conn = check_archive(db)
    unread = {row[0] for row in conn.execute("SELECT id FROM articles WHERE read = 0")}
    assert not unread & set(report["read"]), "a read mark was lost"
    not_starred = {row[0] for row in conn.execute("SELECT id FROM articles WHERE starred = 0")}
    assert not not_starred & set(report["starred"]), "a star was lost"
    [(state,)] = conn.execute("SELECT value FROM ui_state WHERE key = 'writer_counter'")
    assert json.loads(state) == report["state"]
    # Every version of every feed that was served is stored, whole.
    expected = news.round * PER_ROUND * FEEDS
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == expected
    per_feed = conn.execute("SELECT total_count, (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id) FROM feeds f")
    assert all(kept == counted for kept, counted in per_feed)  # the trigger-kept counters agree
    conn.close()


def test_a_writer_holding_the_lock_briefly_only_delays_fetch(tmp_path: Path) -> None:
    """A transaction held for 2 s (shorter than the busy timeout) makes fetch wait, not fail."""
    db = tmp_path / "held.db"
    with ScriptedServer() as server:
        news = NewsServer(server, 3, PER_ROUND)
        store = Store(db)
        for url in news.urls():
            store.add_feed(url)
        store.close()
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(2); c.execute('COMMIT')",
                str(db),
            ],
            stdout=subprocess.PIPE,
            cwd=tmp_path,
        )
        assert holder.stdout.readline().strip() == b"held"
        done = run_cli(tmp_path, db, "fetch", "--json", "--no-analysis")
        holder.wait(timeout=30)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["new"] == 3 * PER_ROUND
    assert b"locked" not in done.stderr
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3 * PER_ROUND


async def test_the_real_tui_keeps_working_while_cron_fetches(tmp_path: Path) -> None:
    """The app itself under Pilot: stars, read marks and its own refreshes while ``briefing fetch``
    processes write the same archive. No error notification, no lost star."""
    import asyncio
    import threading
    from datetime import UTC

    from briefing.app import create_app
    from briefing.config import RefreshSettings, Settings, UISettings

    db = tmp_path / "tui.db"
    with ScriptedServer() as server:
        news = NewsServer(server, 6, PER_ROUND)
        store = Store(db)
        for url in news.urls():
            store.add_feed(url)
        store.close()
        assert run_cli(tmp_path, db, "fetch").returncode == 0
        cron_errors: list[str] = []

        def cron() -> None:
            for _ in range(3):
                news.publish()
                done = run_cli(tmp_path, db, "fetch")
                if done.returncode != 0 or b"locked" in done.stderr.lower():
                    cron_errors.append(done.stderr.decode())

        cron_thread = threading.Thread(target=cron)
        store = Store(db)
        settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))
        app = create_app(store, settings, tz=UTC)
        starred: set[int] = set()
        try:
            async with app.run_test(size=(140, 40), notifications=True) as pilot:
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
                cron_thread.start()
                for step in range(24):
                    await pilot.press("j")
                    await pilot.pause(0.15)
                    article = app.main_screen.reader.article
                    if article is not None and not article.starred and article.id not in starred:
                        await pilot.press("s")
                        starred.add(article.id)
                    if step % 8 == 0:
                        await pilot.press("r")  # the app's own refresh, alongside cron's
                    await asyncio.sleep(0.05)
                await asyncio.to_thread(cron_thread.join, 120)
                await app.workers.wait_for_complete()
                await pilot.pause(0.3)
                problems = notices(app, "error") + [m for m in notices(app) if "locked" in m]
                assert problems == []
        finally:
            store.close()
    assert cron_errors == []
    assert starred
    conn = check_archive(db)
    not_starred = {row[0] for row in conn.execute("SELECT id FROM articles WHERE starred = 0")}
    assert not starred & not_starred, "a star set in the TUI was lost"
    conn.close()
