"""Network faults: each is a readable error on its own feed, a back-off, and visible to the user.

Everything is local: refused and timing-out ports on 127.0.0.1, a ``.invalid`` host name (which
never resolves, RFC 6761, so no traffic leaves the machine), TLS spoken to a plain-HTTP port.
The real ``briefing fetch`` runs as a process; ``briefing feeds`` and the TUI's Feeds screen
must then show every error in words.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from briefing.app import create_app
from briefing.config import RefreshSettings, Settings, UISettings
from briefing.core.store import Store
from tests.support.http import ScriptedServer
from tests.support.trickle import TrickleServer

from .conftest import check_archive, plain_feed, run_cli

pytestmark = pytest.mark.xdist_group("hostile-network_faults")  # one worker: its module fixture is built once

TIMEOUT = 3  # the refresh timeout set in the test's config.toml

HTML_PAGE = b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><p>Buy our app</p></body></html>"

# name -> (what the feed's error must say, or None when the feed must be stored)
EXPECTED: dict[str, str | None] = {
    "plain": None,
    "text-plain-type": None,
    "octet-stream-type": None,
    "refused": "connection refused",
    "dns": "host not found",
    "tls": "TLS error",
    "connect-timeout": f"connection timed out after {TIMEOUT} s",
    "header-timeout": f"timed out after {TIMEOUT} s",
    "body-timeout": f"timed out after {TIMEOUT} s",
    "error-500": "HTTP 500 Internal Server Error",
    "error-502": "HTTP 502 Bad Gateway",
    "error-503": "HTTP 503 Service Unavailable (retry after 10 min)",
    "error-404": "HTTP 404 Not Found",
    "redirect-loop": "too many redirects",
    "html-page": "not a feed: got an HTML page",
}


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, dict[str, int], dict]]:
    """Subscribe to every fault, run ``briefing fetch --json`` once; (tmp, db, name -> id, its JSON)."""
    tmp_path = tmp_path_factory.mktemp("faults")
    (tmp_path / "no-config.toml").write_text(f"[refresh]\ntimeout = {TIMEOUT}\nauto_interval = 0\n")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused_port = closed.getsockname()[1]
    closed.close()
    # A listener that never accepts, its backlog already full: new connections hang in SYN_SENT.
    stuck = socket.socket()
    stuck.bind(("127.0.0.1", 0))
    stuck.listen(0)
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(stuck.getsockname())
        except BlockingIOError:
            pass
        fillers.append(filler)
    with ScriptedServer() as server:
        server.route("/plain.xml", plain_feed("Plain"), etag='"p1"')
        server.route("/text-plain.xml", plain_feed("Textual"), content_type="text/plain")
        server.route("/octets.xml", plain_feed("Octets"), content_type="application/octet-stream")
        server.route("/header-timeout.xml", plain_feed("Late"), delay=TIMEOUT + 3)
        server.route("/body-timeout.xml", plain_feed("Slow", 40), chunk=64, trickle=0.5)
        for status in (500, 502, 404):
            server.route(f"/{status}.xml", b"oops", status=status, content_type="text/plain")
        server.route("/503.xml", b"busy", status=503, headers={"Retry-After": "600"})
        server.redirect("/loop-a.xml", "/loop-b.xml", status=302)
        server.redirect("/loop-b.xml", "/loop-a.xml", status=302)
        server.route("/page.xml", HTML_PAGE, content_type="text/html; charset=utf-8")
        urls = {
            "plain": server.url("/plain.xml"),
            "text-plain-type": server.url("/text-plain.xml"),
            "octet-stream-type": server.url("/octets.xml"),
            "refused": f"http://127.0.0.1:{refused_port}/feed.xml",
            "dns": "http://no-such-newsroom.invalid/feed.xml",
            "tls": f"https://127.0.0.1:{server.port}/plain.xml",
            "connect-timeout": f"http://127.0.0.1:{stuck.getsockname()[1]}/feed.xml",
            "header-timeout": server.url("/header-timeout.xml"),
            "body-timeout": server.url("/body-timeout.xml"),
            "error-500": server.url("/500.xml"),
            "error-502": server.url("/502.xml"),
            "error-503": server.url("/503.xml"),
            "error-404": server.url("/404.xml"),
            "redirect-loop": server.url("/loop-a.xml"),
            "html-page": server.url("/page.xml"),
        }
        db = tmp_path / "faults.db"
        store = Store(db)
        ids = {name: store.add_feed(url, title=name).id for name, url in urls.items()}
        store.close()
        done = run_cli(tmp_path, db, "fetch", "--json", "--no-analysis")
        assert done.returncode == 0, done.stderr.decode()
        assert b"Traceback" not in done.stderr
        yield tmp_path, db, ids, json.loads(done.stdout)
    for filler in fillers:
        filler.close()
    stuck.close()


def test_fetch_reports_each_fault_on_its_own_feed(faults) -> None:
    _tmp, db, ids, report = faults
    failing = sum(1 for expected in EXPECTED.values() if expected)
    assert report["feeds"] == len(EXPECTED) and report["failed"] == failing and report["ok"] == len(EXPECTED) - failing
    store = Store(db)
    for name, expected in EXPECTED.items():
        feed = store.get_feed(ids[name])
        if expected is None:
            assert feed.last_error is None and feed.total == 3, (name, feed.last_error)
        else:
            assert feed.last_error and expected in feed.last_error, (name, feed.last_error)
            assert "\n" not in feed.last_error and len(feed.last_error) < 300
            assert "Traceback" not in feed.last_error and "object at 0x" not in feed.last_error
    store.close()
    check_archive(db)


def test_failing_feeds_back_off_and_are_skipped_until_due(faults) -> None:
    tmp_path, db, ids, _report = faults
    store = Store(db)
    now = datetime.now(UTC)
    for name, expected in EXPECTED.items():
        feed = store.get_feed(ids[name])
        if expected is None:
            assert feed.failures == 0 and feed.next_due is None
            continue
        assert feed.failures == 1, name
        wait = feed.next_due - now
        if name == "error-503":  # Retry-After wins over the back-off
            assert timedelta(minutes=9) < wait <= timedelta(minutes=10), wait
        else:
            assert timedelta(minutes=14) < wait <= timedelta(minutes=15), (name, wait)
    store.close()
    again = run_cli(tmp_path, db, "fetch", "--json", "--no-analysis")
    second = json.loads(again.stdout)
    failing = sum(1 for expected in EXPECTED.values() if expected)
    assert second["skipped"] == failing and second["failed"] == 0
    assert second["ok"] + second["not_modified"] == len(EXPECTED) - failing


def test_feeds_command_shows_every_error_in_words(faults) -> None:
    tmp_path, db, _ids, _report = faults
    listing = run_cli(tmp_path, db, "feeds")
    assert listing.returncode == 0
    text = listing.stdout.decode()
    assert "\x1b" not in text
    for name, expected in EXPECTED.items():
        block = text.split(f"  {name}\n", 1)
        assert len(block) == 2, name
        row = block[0].rsplit("\n", 1)[-1]  # the feed's own line, before its name
        following = block[1].split("\n")[:2]  # its URL line and its error line
        if expected is None:
            assert "ok" in row and not any("error:" in line for line in following), name
        else:
            assert "failing (1)" in row, (name, row)
            assert any(f"error: {expected}" in line for line in following), (name, following)
    as_json = json.loads(run_cli(tmp_path, db, "feeds", "--json").stdout)
    errors = {feed["title"]: feed.get("last_error") for feed in as_json}
    for name, expected in EXPECTED.items():
        assert (errors[name] is None) if expected is None else expected in errors[name], name


async def test_feeds_screen_shows_every_error(faults) -> None:
    _tmp, db, ids, _report = faults
    store = Store(db)
    settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))
    app = create_app(store, settings, tz=UTC)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            await pilot.press("f")
            await pilot.pause(0.2)
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            rows = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
            for name, expected in EXPECTED.items():
                if expected is None:
                    assert rows[name].startswith("✓"), (name, rows[name])
                else:
                    assert rows[name] == "✗ " + store.get_feed(ids[name]).last_error, name
            # The detail line under the table says it in full, with the failure count.
            names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            table.move_cursor(row=names.index("tls"))
            await pilot.pause()
            detail = str(app.screen.query_one("#feed-detail").render())
            assert "Last error: TLS error" in detail and "(1 failure in a row)" in detail
    finally:
        store.close()


def test_a_5xx_storm_backs_off_each_feed_and_recovers(tmp_path: Path, http_server) -> None:
    """Ten feeds of one host fail over and over: one request each per refresh, the back-off doubles,
    the healthy neighbour is fetched every time, and all of them recover when the server does."""
    from briefing.core.feeds import Fetcher
    from briefing.core.refresh import refresh

    store = Store(tmp_path / "storm.db")
    statuses = [500, 502, 503, 504] * 3
    for n in range(10):
        http_server.route(f"/storm-{n}.xml", b"down", status=statuses[n], content_type="text/plain")
        store.add_feed(http_server.url(f"/storm-{n}.xml"))
    http_server.route("/healthy.xml", plain_feed("Healthy"))
    healthy = store.add_feed(http_server.url("/healthy.xml"))
    with Fetcher(timeout=5) as fetcher:
        for round_ in range(1, 5):
            http_server.clear_requests()
            started = datetime.now(UTC)
            result = refresh(store, fetcher=fetcher, force=True, analyse=False)
            assert result.count("failed") == 10 and result.count("ok") + result.count("not_modified") == 1
            for n in range(10):
                assert http_server.hits(f"/storm-{n}.xml") == 1  # no retry storm of our own
            for feed in store.list_feeds():
                if feed.id == healthy.id:
                    assert feed.failures == 0 and feed.last_error is None
                    continue
                assert feed.failures == round_ and feed.last_error.startswith(f"HTTP {feed.last_status}")
                expected = timedelta(minutes=15 * 2 ** (round_ - 1))
                assert expected - timedelta(seconds=5) <= feed.next_due - started <= expected + timedelta(seconds=5)
            # Without --force, a refresh right now leaves all of them alone.
            quiet = refresh(store, fetcher=fetcher, analyse=False)
            assert quiet.count("skipped") == 10
        for n in range(10):
            http_server.route(f"/storm-{n}.xml", plain_feed(f"Back {n}"))
        result = refresh(store, fetcher=fetcher, force=True, analyse=False)
    assert result.count("ok") == 11  # the ten, and the healthy one (no validators: a full 200)
    assert all(f.failures == 0 and f.last_error is None and f.next_due is None for f in store.list_feeds())
    store.close()
    check_archive(tmp_path / "storm.db")


def test_odd_validators_and_redirects_never_wedge_a_feed(tmp_path: Path, http_server) -> None:
    """A server's non-ASCII or huge ETag / Last-Modified is stored but never breaks the next request
    (it used to fail every later fetch of that feed with an encoding error); a redirect to file://
    or another scheme is refused and never becomes the feed's URL."""
    from briefing.core.feeds import Fetcher
    from briefing.core.refresh import refresh

    http_server.route(
        "/latin.xml",
        plain_feed("Latin"),
        headers={"ETag": '"caf\xe9"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 G\xe9MT"},
    )
    http_server.route("/huge-etag.xml", plain_feed("Huge"), headers={"ETag": '"' + "x" * 20_000 + '"'})
    http_server.redirect("/to-file.xml", "file:///etc/passwd", status=301)
    http_server.redirect("/to-script.xml", "javascript:alert(1)", status=308)
    store = Store(tmp_path / "odd.db")
    ids = {
        path: store.add_feed(http_server.url(path)).id
        for path in ("/latin.xml", "/huge-etag.xml", "/to-file.xml", "/to-script.xml")
    }
    with Fetcher(timeout=5) as fetcher:
        for _ in range(3):
            outcome = {r.feed_id: r for r in refresh(store, fetcher=fetcher, force=True, analyse=False).results}
            assert outcome[ids["/latin.xml"]].outcome == "ok", outcome[ids["/latin.xml"]].error
            assert outcome[ids["/huge-etag.xml"]].outcome == "ok"
            for path in ("/to-file.xml", "/to-script.xml"):
                assert outcome[ids[path]].outcome == "failed"
                assert store.get_feed(ids[path]).url == http_server.url(path)
    assert "unsupported" in store.get_feed(ids["/to-file.xml"]).last_error
    assert store.get_feed(ids["/latin.xml"]).total == 3
    store.close()


def test_fetch_of_a_server_trickling_its_headers_ends_within_the_timeout(tmp_path: Path) -> None:
    """Status line and headers at one byte per 0.2 s: `briefing fetch` gives up at `[refresh] timeout`."""
    (tmp_path / "no-config.toml").write_text("[refresh]\ntimeout = 2\nauto_interval = 0\n")
    db = tmp_path / "trickle.db"
    with TrickleServer(interval=0.2) as server:
        store = Store(db)
        feed = store.add_feed(server.url("/feed.xml"))
        store.close()
        started = time.monotonic()
        done = run_cli(tmp_path, db, "fetch", "--no-analysis", timeout=60)
        elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed  # 2 s of trickle plus the interpreter's start
    assert b"Traceback" not in done.stderr
    assert done.returncode == 1  # its only feed failed: nothing was stored
    store = Store(db)
    assert store.get_feed(feed.id).last_error == "timed out after 2 s"
    store.close()
