"""`briefing fetch` tells the truth: a document that is not a feed counts as failed (as `feeds`
says), an article cut at the text cap is named in its feed's line, and when nothing could be
stored (every feed failed, a read-only archive, a full disk) the exit status is 1 and the reason
is one line on stderr, never a traceback. Archives on a small tmpfs; skipped where mounting is
not allowed.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.store import Store

from .conftest import check_archive, plain_feed, rss, rss_item, run_cli

# Well-formed at the root, then garbage: feedparser names it a feed version, with no entry in it.
BROKEN_ATOM = b"<feed xmlns='http://www.w3.org/2005/Atom'>garbage<<< &&& </feed"
HTML_PAGE = b"<!DOCTYPE html><html><body><p>Welcome to the Fenwick parish page</p></body></html>"


def config(tmp_path: Path) -> None:
    (tmp_path / "no-config.toml").write_text("[refresh]\ntimeout = 5\nauto_interval = 0\n")


def one_line_without_traceback(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text and text.count("\n") == 1, text
    return text


def test_a_document_that_is_not_a_feed_fails_in_fetch_as_in_feeds(tmp_path: Path, http_server) -> None:
    config(tmp_path)
    http_server.route("/broken.xml", BROKEN_ATOM, content_type="application/atom+xml")
    http_server.route("/page.xml", HTML_PAGE, content_type="text/html")
    http_server.route("/good.xml", plain_feed("Fenwick"))
    db = tmp_path / "truth.db"
    with Store(db) as store:
        for name in ("broken", "page", "good"):
            store.add_feed(http_server.url(f"/{name}.xml"))
    done = run_cli(tmp_path, db, "fetch", "--json", "--no-analysis")
    assert done.returncode == 0, done.stderr  # one feed was stored: the run did its job
    report = json.loads(done.stdout)
    assert (report["ok"], report["failed"]) == (1, 2), report
    errors = {e["feed"]: e["error"] for e in report["errors"]}
    assert errors[http_server.url("/broken.xml")].startswith("not a feed")
    feeds = {f["url"]: f for f in json.loads(run_cli(tmp_path, db, "feeds", "--json").stdout)}
    for name in ("broken", "page"):
        assert feeds[http_server.url(f"/{name}.xml")]["status"] == "failing"
    assert feeds[http_server.url("/good.xml")]["status"] == "ok"


def test_fetch_exits_1_when_every_feed_failed(tmp_path: Path, http_server) -> None:
    config(tmp_path)
    http_server.route("/broken.xml", BROKEN_ATOM, content_type="application/atom+xml")
    http_server.route("/gone.xml", b"no", status=404, content_type="text/plain")
    db = tmp_path / "truth.db"
    with Store(db) as store:
        store.add_feed(http_server.url("/broken.xml"))
        store.add_feed(http_server.url("/gone.xml"))
    done = run_cli(tmp_path, db, "fetch", "--no-analysis")
    assert done.returncode == 1
    assert "nothing was stored" in one_line_without_traceback(done.stderr)
    assert "2 failed" in done.stdout.decode()
    again = run_cli(tmp_path, db, "fetch", "--no-analysis")  # both resting: nothing asked, nothing wrong
    assert again.returncode == 0 and "2 skipped" in again.stdout.decode(), again.stderr


def test_an_article_cut_at_the_text_cap_is_named_in_its_feed_line(tmp_path: Path, http_server) -> None:
    config(tmp_path)
    long_body = "The Fenwick ferry log runs on and on. " * 17_000  # ~640,000 characters of text
    http_server.route(
        "/long.xml", rss([rss_item(1, "The longest log", long_body), rss_item(2, "A short note", "Brief.")])
    )
    db = tmp_path / "truth.db"
    with Store(db) as store:
        store.add_feed(http_server.url("/long.xml"))
    done = run_cli(tmp_path, db, "fetch", "--no-analysis")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.decode().splitlines() if line.startswith("  ")]
    assert lines == [f"  {http_server.url('/long.xml')}: 1 article(s) cut at 500,000 characters of text"]
    with Store(db) as store:
        assert "cut at 500,000" in (store.list_feeds()[0].last_error or "")
        assert store.count_stories() == 2


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs at tmp_path/fs, unmounted afterwards; skips where mounting is not allowed."""
    where = tmp_path / "fs"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip() or 'not allowed'}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_read_only_archive_is_one_line_and_exit_1(tmp_path: Path, small_fs: Path, http_server) -> None:
    config(tmp_path)
    http_server.route("/good.xml", plain_feed("Fenwick"))
    db = small_fs / "truth.db"
    with Store(db) as store:
        store.add_feed(http_server.url("/good.xml"))
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], capture_output=True)
    if remounted.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remounted.stderr.decode().strip()}")
    done = run_cli(tmp_path, db, "fetch", "--no-analysis")
    assert done.returncode == 1
    assert "read-only" in one_line_without_traceback(done.stderr)
    assert http_server.hits("/good.xml") == 0  # nothing asked of a server for an archive that cannot keep it


def test_a_full_disk_is_one_line_exit_1_and_loses_nothing_stored(tmp_path: Path, small_fs: Path, http_server) -> None:
    config(tmp_path)
    body = "Harbour works at Fenwick continue through the winter months. " * 1_000  # ~60 KB per story
    db = small_fs / "truth.db"
    with Store(db) as store:
        for n in range(15):
            http_server.route(f"/big{n}.xml", rss([rss_item(i, f"Fenwick works {n}.{i}", body) for i in range(4)]))
            store.add_feed(http_server.url(f"/big{n}.xml"))
    done = run_cli(tmp_path, db, "fetch", "--no-analysis")
    assert done.returncode == 1, done.stdout
    assert "disk is full" in one_line_without_traceback(done.stderr)
    out = done.stdout.decode()
    assert "Traceback" not in out and out.count("disk is full") == 0  # said once, on stderr
    check_archive(db)
    with Store(db) as store:  # whatever was stored is whole: every story of a feed or none of them
        assert {feed.total for feed in store.list_feeds()} <= {0, 4}
