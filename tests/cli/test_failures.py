"""Failures a daily user meets, each as one line with the right exit status (issues 9 and 10)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from briefing.core.models import ParsedEntry
from briefing.core.store import Store
from tests.cli.conftest import ANALYSES
from tests.cli.stories import REPO, STORIES, entry


def one_line_error(result, code: int) -> None:
    assert result.code == code, (result.code, result.out, result.err)
    assert result.err.startswith("briefing: ") and result.err.count("\n") == 1, result.err


def _store_one(db: Path, body: str, title: str = "Quay notes") -> int:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(db) as store:
        feed = store.add_feed("https://quay.example/rss")
        store.store_entries(
            feed.id,
            [
                ParsedEntry(
                    guid="q1",
                    link="https://quay.example/1",
                    title=title,
                    author=None,
                    published=now,
                    updated=None,
                    body=body,
                )
            ],
            now,
            {"title": "Quay Gazette", "last_fetched": now},
        )
        return store.stories(limit=1)[0].id


def test_analyze_text_with_a_bracket_between_capitals(cli) -> None:
    result = cli("analyze", "-", stdin="A]A\n")
    assert result.code == 0, result.err
    assert "A]A" in result.out


def test_an_article_with_a_bracket_between_capitals_can_be_shown(cli, cli_db: Path) -> None:
    article_id = _store_one(cli_db, "A]A")
    result = cli("show", str(article_id), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["body"] == "A]A"


# --- read-only archives ----------------------------------------------------------------------

READING = (
    ["feeds"],
    ["feeds", "--json"],
    ["search", "ferry"],
    ["people"],
    ["quotes", "Ines Okafor"],
    ["digest", "--since", "2w"],
    ["export"],
    ["check"],
)


def _writing(tmp_path: Path) -> list[list[str]]:
    opml = tmp_path / "more.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline type="rss" text="Fen" xmlUrl="https://fen.example/rss"/></body></opml>'
    )
    return [
        ["add", "https://fen.example/rss"],
        ["remove", "1"],
        ["fetch"],
        ["import", str(opml)],
        ["analyze", "--pending"],
    ]


def _seed_into(db: Path) -> dict[str, int]:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(db) as store:
        feed = store.add_feed("https://tidewater.example/rss")
        store.store_entries(feed.id, [entry(s, now) for s in STORIES], now, {"title": "The Tidewater Courier"})
        ids = {store.get_article(row.id).guid: row.id for row in store.stories(limit=10)}
        for guid, analysis in ANALYSES.items():
            store.save_analysis(ids[guid], analysis)
        store.checkpoint()
    return ids


def test_a_read_only_archive_serves_every_reading_command_and_refuses_writes_in_one_line(
    cli, mounts, tmp_path: Path
) -> None:
    place = mounts.tmpfs(tmp_path / "ro", "8m")
    db = place / "archive.db"
    ids = _seed_into(db)
    unanalysed = next(i for guid, i in ids.items() if guid not in ANALYSES)  # show analyses it on the spot
    mounts.read_only(place)
    for argv in READING + (["show", str(unanalysed)],):
        result = cli(*argv, db=db)
        assert result.code == 0, (argv, result.err)
        assert result.out.strip()
    for argv in _writing(tmp_path):
        result = cli(*argv, db=db)
        one_line_error(result, 1)
        assert "read-only archive (it is on a read-only file system)" in result.err, (argv, result.err)
    assert "search index not checked" in cli("check", db=db).out  # said, not claimed consistent


def test_a_read_only_archive_with_writes_still_in_its_wal_is_read_whole(cli, mounts, tmp_path: Path) -> None:
    """After a crash the last commits sit in the -wal file: a read-only open must read them too,
    not report the half file as damaged."""
    place = mounts.tmpfs(tmp_path / "crashed", "8m")
    db = place / "archive.db"
    _seed_into(db)
    code = (
        "import os, sys; from briefing.core.store import Store; s = Store(sys.argv[1]); "
        "s.add_feed('https://late.example/rss'); os._exit(0)"
    )  # no close: no checkpoint
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert Path(f"{db}-wal").stat().st_size > 0
    mounts.read_only(place)
    result = cli("feeds", "--json", db=db)
    assert result.code == 0, result.err
    assert "https://late.example/rss" in [f["url"] for f in json.loads(result.out)]


def test_a_read_only_file_and_a_read_only_folder_are_named_as_such(cli, mounts, tmp_path: Path) -> None:
    folder = tmp_path / "locked-file"
    folder.mkdir()
    db = folder / "archive.db"
    _seed_into(db)
    mounts.read_only(db)
    result = cli("add", "https://fen.example/rss", db=db)
    one_line_error(result, 1)
    assert "read-only archive (the file is not writable)" in result.err
    assert cli("feeds", db=db).code == 0

    other = tmp_path / "locked-folder"
    other.mkdir()
    db2 = other / "archive.db"
    _seed_into(db2)
    mounts.read_only(other)
    mounts.bind(db2)  # the file itself stays writable; its folder (for the -wal file) is not
    result = cli("add", "https://fen.example/rss", db=db2)
    one_line_error(result, 1)
    assert "read-only archive (its folder is not writable)" in result.err
    assert cli("search", "ferry", db=db2).code == 0
    new = cli("feeds", db=other / "new.db")
    one_line_error(new, 1)
    assert "read-only folder" in new.err


# --- other one-line failures ------------------------------------------------------------------


def test_db_in_a_missing_folder_is_one_line_and_creates_nothing(cli, tmp_path: Path) -> None:
    result = cli("add", "https://fen.example/rss", db=tmp_path / "no" / "such" / "archive.db")
    one_line_error(result, 1)
    assert "no such folder" in result.err
    assert not (tmp_path / "no").exists()


def test_the_default_data_folder_may_be_created(cli, tmp_path: Path) -> None:
    result = cli("feeds", db=None)
    assert result.code == 0, result.err
    assert (tmp_path / "xdg-data" / "briefing" / "briefing.db").exists()


def test_digest_over_an_older_archive_names_the_newest_story(cli, cli_db: Path) -> None:
    month_ago = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=30)
    with Store(cli_db) as store:
        feed = store.add_feed("https://tidewater.example/rss")
        store.store_entries(feed.id, [entry(s, month_ago) for s in STORIES], month_ago, {"title": "Courier"})
    result = cli("digest", "--since", "2w")
    assert result.code == 0, result.err
    assert "No stories yet" not in result.out
    assert "newest in the archive is from" in result.out and "try a longer --since" in result.out
    assert "No stories yet" in cli("digest", "--since", "2w", db=cli_db.with_name("empty.db")).out


def test_quotes_from_nobody_is_one_line_exit_1_with_close_names(cli, seeded) -> None:
    nobody = cli("quotes", "Nobody Here")
    one_line_error(nobody, 1)
    assert "no one called 'Nobody Here'" in nobody.err
    typo = cli("quotes", "Petra", "Lindqvst")
    one_line_error(typo, 1)
    assert "did you mean 'Petra Lindqvist'" in typo.err
    assert cli("quotes", "Anselm Roe").code == 0  # known, just never quoted
    assert cli("quotes", "Lindqvist").code == 0


def test_a_damaged_page_met_by_a_command_is_one_line_naming_check(cli, cli_db: Path) -> None:
    from tests.cli.test_backup_and_check import _archive, corrupt_middle_page

    _archive(cli_db)
    with Store(cli_db) as store:
        store.checkpoint()
    corrupt_middle_page(cli_db)
    results = [cli(*argv) for argv in (["search", "ledger"], ["search", "ledger", "--json"], ["digest"])]
    results += [cli("show", str(n), "--json") for n in range(1, 301)]
    damaged = [r for r in results if r.code != 0]
    assert damaged, "no command met the damaged page"
    for result in damaged:
        one_line_error(result, 1)
        assert "damaged" in result.err and "briefing check" in result.err


def test_a_full_disk_is_one_line_and_loses_nothing_stored(cli, mounts, tmp_path: Path) -> None:
    place = mounts.tmpfs(tmp_path / "small", "2m")
    db = place / "archive.db"
    _seed_into(db)
    filler = place / "filler"
    with filler.open("wb", buffering=0) as handle:  # fill the file system to the last block
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    opml = tmp_path / "many.opml"
    outlines = "".join(
        f'<outline type="rss" text="Outlet {n} {"x" * 400}" xmlUrl="https://o{n}.example/rss"/>' for n in range(3000)
    )
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    result = cli("import", str(opml), db=db)
    one_line_error(result, 1)
    assert "disk is full" in result.err
    filler.unlink()
    with Store(db) as store:
        assert store.integrity_check() == []
        assert store.count_stories() == len(STORIES)
        assert store.get_feed("https://tidewater.example/rss") is not None


# --- settings and the search language -------------------------------------------------------------


def test_config_flag_naming_a_missing_file_is_one_line(cli, tmp_path: Path) -> None:
    result = cli("--config", str(tmp_path / "typo.toml"), "feeds")
    one_line_error(result, 1)
    assert "typo.toml: no such settings file" in result.err
    assert cli("feeds").code == 0  # the default location ($BRIEFING_CONFIG here) may be absent


def test_search_with_an_unusable_since_is_a_usage_error(cli, seeded) -> None:
    result = cli("search", "ferry", "since:garbage")
    one_line_error(result, 2)
    assert "since:garbage is not a time" in result.err
    assert cli("search", "ferry", "since:2w").code == 0


def test_a_fetch_onto_a_full_disk_prints_no_traceback(run_process, http_server, mounts, tmp_path: Path) -> None:
    """Each feed that could not be stored is one line of the fetch's report; the core's own log
    records (with tracebacks) are not printed on top of them."""
    from tests.cli.stories import Story, rss

    place = mounts.tmpfs(tmp_path / "small", "2m")
    db = place / "archive.db"
    _seed_into(db)
    big = tuple(
        Story(
            guid=f"big-{n}",
            title=f"Fen dredging log {n}",
            author="Odile Marsh",
            hours_ago=n,
            paragraphs=("The dredger worked the channel through the night. " * 200,),
        )
        for n in range(60)
    )
    for n in range(3):
        http_server.route(f"/fen-{n}.xml", rss(big, title=f"Fen Post {n}"))
        assert run_process("--db", str(db), "add", http_server.url(f"/fen-{n}.xml")).code == 0
    filler = place / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    os.truncate(filler, filler.stat().st_size - 384 * 1024)  # room to open, not for the stories
    result = run_process("--db", str(db), "fetch", "--no-analysis")  # asserts no "Traceback"
    assert "disk is full" in result.out + result.err
    assert len(result.err.splitlines()) <= 3, result.err


def test_a_damaged_search_index_is_reported_not_shown_as_no_results(cli, seeded, cli_db: Path) -> None:
    with Store(cli_db) as store:
        store.checkpoint()
    with sqlite3.connect(cli_db) as conn:  # garbage in every record of the index
        conn.execute("UPDATE articles_fts_data SET block = randomblob(length(block)) WHERE id > 1")
    for argv in (["search", "ferry"], ["search", "ferry", "--json"]):
        result = cli(*argv)
        one_line_error(result, 1)
        assert "damaged" in result.err and "briefing check" in result.err
    assert cli("show", str(seeded[next(iter(seeded))])).code == 0  # the articles themselves are whole
