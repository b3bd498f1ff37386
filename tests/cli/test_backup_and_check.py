"""`briefing backup` (SQLite's online backup: complete after a crash, consistent during writes)
and `briefing check` (a one-line verdict, exit 1 when damaged)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from briefing.core.models import ParsedEntry
from briefing.core.store import Store
from tests.cli.stories import REPO

BATCH = 10  # articles per transaction in the writer below

# A second process that writes BATCH articles per transaction and prints the committed total
# after every commit, until it is killed (or, with a limit, until it has written that many).
WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from briefing.core.models import ParsedEntry
from briefing.core.store import Store

store = Store(sys.argv[1])
feed = store.get_feed("https://lantern.example/rss") or store.add_feed("https://lantern.example/rss")
limit = int(sys.argv[2])
now = datetime.now(timezone.utc).replace(microsecond=0)
done = 0
while limit == 0 or done < limit:
    entries = [ParsedEntry(guid=f"w{done + i}", link=f"https://lantern.example/{done + i}",
                           title=f"Lantern Street bulletin {done + i}", author="Odile Marsh",
                           published=now - timedelta(seconds=done + i), updated=None,
                           body="The Lantern Street market stalls reopened after the storm. " * 30)
               for i in range(BATCH_SIZE)]
    store.store_entries(feed.id, entries, now, {"title": "Lantern Street Post"})
    done += len(entries)
    print(done, flush=True)
""".replace("BATCH_SIZE", str(BATCH))


def start_writer(db: Path, limit: int = 0) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(limit)], stdout=subprocess.PIPE, text=True, env=env
    )


def copy_counts(path: Path) -> tuple[int, int, int, list[str]]:
    """(articles, the feed's total counter, full-text rows, integrity problems) of a backup file alone."""
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        counter = conn.execute("SELECT coalesce(sum(total_count), 0) FROM feeds").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    finally:
        conn.close()
    return articles, counter, indexed, problems


def test_backup_after_kill_9_of_a_writer_holds_every_committed_article(cli, cli_db: Path, tmp_path: Path) -> None:
    Store(cli_db).close()
    writer = start_writer(cli_db)
    committed = 0
    assert writer.stdout is not None
    while committed < 200:
        line = writer.stdout.readline()
        assert line, "the writer stopped early"
        committed = int(line)
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    assert Path(f"{cli_db}-wal").stat().st_size > 0  # committed pages sit in the WAL, not in the file

    backup = tmp_path / "backup.db"
    result = cli("backup", str(backup))
    assert result.code == 0, result.err
    articles, counter, indexed, problems = copy_counts(backup)
    assert problems == []
    assert articles >= committed and articles % BATCH == 0
    assert counter == articles == indexed
    assert f"Backed up {articles} article(s)" in result.out


def test_backup_during_concurrent_writes_is_a_consistent_snapshot(cli, cli_db: Path, tmp_path: Path) -> None:
    Store(cli_db).close()
    writer = start_writer(cli_db, limit=2000)
    assert writer.stdout is not None
    writer.stdout.readline()  # it is writing
    seen = []
    try:
        for n in range(4):
            backup = tmp_path / f"during-{n}.db"
            result = cli("backup", str(backup))
            assert result.code == 0, result.err
            articles, counter, indexed, problems = copy_counts(backup)
            assert problems == []
            assert articles % BATCH == 0, "a transaction was copied in part"
            assert counter == articles == indexed
            seen.append(articles)
    finally:
        writer.kill()
        writer.wait(10)
    assert seen == sorted(seen) and seen[-1] > 0


def test_backup_refuses_to_overwrite_without_force(cli, seeded, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("my own notes\n")
    refused = cli("backup", str(target))
    assert refused.code == 1 and refused.err.count("\n") == 1
    assert "already exists" in refused.err and "--force" in refused.err
    assert target.read_text() == "my own notes\n"
    forced = cli("backup", str(target), "--force")
    assert forced.code == 0, forced.err
    assert copy_counts(target)[0] == 3
    missing = cli("backup", str(tmp_path / "no-such-folder" / "b.db"))
    assert missing.code == 1 and "no such folder" in missing.err
    assert not (tmp_path / "no-such-folder").exists()
    for argv in (["backup", str(tmp_path / "typo-copy.db")], ["check"]):
        typo = cli(*argv, db=tmp_path / "typo.db")
        assert typo.code == 1 and "no archive here" in typo.err
    assert not (tmp_path / "typo.db").exists() and not (tmp_path / "typo-copy.db").exists()


def _archive(path: Path, count: int = 300) -> None:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(path) as store:
        feed = store.add_feed("https://lantern.example/rss")
        store.store_entries(
            feed.id,
            [
                ParsedEntry(
                    guid=f"g{i}",
                    link=f"https://lantern.example/{i}",
                    title=f"Lantern Street note {i}",
                    author=None,
                    published=now - timedelta(minutes=i),
                    updated=None,
                    body="Odile Marsh reviewed the market ledger for the stallholders. " * 40 + str(i),
                )
                for i in range(count)
            ],
            now,
            {"title": "Lantern Street Post"},
        )


def corrupt_middle_page(path: Path) -> None:
    """Overwrite one page in the middle of a database file (no WAL) with garbage."""
    page = 4096
    pages = path.stat().st_size // page
    with path.open("r+b") as handle:
        handle.seek((pages // 2) * page)
        handle.write(b"\xde\xad\xbe\xef" * (page // 4))


def test_check_on_a_whole_archive_says_ok(cli, cli_db: Path) -> None:
    _archive(cli_db, 50)
    result = cli("check")
    assert result.code == 0, result.err
    assert result.out.count("\n") == 1 and ": ok:" in result.out and "50 article(s)" in result.out


def test_check_on_a_damaged_copy_says_damaged_and_exits_1(cli, cli_db: Path, tmp_path: Path) -> None:
    _archive(cli_db)
    copy = tmp_path / "copy.db"
    assert cli("backup", str(copy)).code == 0
    corrupt_middle_page(copy)
    result = cli("check", db=copy)
    assert result.code == 1
    assert result.out.count("\n") == 1 and "damaged" in result.out
    assert "briefing backup" in result.out and ".recover" in result.out  # what to do
    assert cli("check").code == 0  # the original is untouched


def test_checkpoint_folds_the_wal_into_the_file(cli_db: Path) -> None:
    _archive(cli_db, 39)
    with Store(cli_db) as store:
        store.add_feed("https://second.example/rss")  # a commit that sits in the WAL
        assert Path(f"{cli_db}-wal").stat().st_size > 0
        assert store.checkpoint() is True
        assert Path(f"{cli_db}-wal").stat().st_size == 0  # TRUNCATE: the file alone holds everything
        conn = sqlite3.connect(f"{cli_db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        assert conn.execute("SELECT count(*) FROM feeds").fetchone()[0] == 2
        conn.close()
    assert Store(cli_db, read_only=True).checkpoint() is False  # nothing to do, nothing raised


def test_check_names_an_out_of_step_search_index_and_repair_rebuilds_it(cli, cli_db: Path) -> None:
    _archive(cli_db, 20)
    with sqlite3.connect(cli_db) as conn:  # a row the index never saw (as a foreign writer would leave)
        conn.execute(
            "INSERT INTO articles (feed_id, guid, title, body, published, fetched, content_hash) "
            "SELECT feed_id, 'stray', 'Stray lantern', 'Lantern Street fog', published, fetched, 'h' "
            "FROM articles LIMIT 1"
        )
    found = cli("check")
    assert found.code == 1 and found.out.count("\n") == 1
    assert "full-text index" in found.out and "check --repair" in found.out
    repaired = cli("check", "--repair")
    assert repaired.code == 0, repaired.out + repaired.err
    assert "repaired: search index rebuilt" in repaired.out and "21 article(s)" in repaired.out
    assert cli("check").code == 0
    assert json.loads(cli("search", "fog", "--json").out)[0]["title"] == "Stray lantern"


def test_a_backup_that_does_not_fit_leaves_nothing_behind(cli, cli_db: Path, mounts, tmp_path: Path) -> None:
    _archive(cli_db, 300)
    small = mounts.tmpfs(tmp_path / "small", "256k")
    result = cli("backup", str(small / "backup.db"))
    assert result.code == 1 and result.err.count("\n") == 1
    assert "disk is full" in result.err and "backup.db" in result.err
    assert list(small.iterdir()) == []  # no half-written copy
    mounts.read_only(small)
    refused = cli("backup", str(small / "backup.db"))
    assert refused.code == 1 and "read-only folder" in refused.err


def test_a_reading_command_does_not_wait_for_another_writer_to_fold_the_wal(cli, cli_db: Path) -> None:
    _archive(cli_db, 20)
    other = sqlite3.connect(cli_db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another briefing in the middle of a refresh
        other.execute("UPDATE articles SET read = 1 WHERE id = 1")
        started = time.monotonic()
        result = cli("feeds", "--json")
        assert result.code == 0, result.err
        assert time.monotonic() - started < 5  # the busy timeout is 10 s: it did not wait for it
    finally:
        other.execute("ROLLBACK")
        other.close()
