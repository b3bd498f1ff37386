"""refresh() end to end: real HTTP on 127.0.0.1, a real SQLite archive, feed status after each case."""

from __future__ import annotations

import importlib.util
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing.core.feeds import Fetcher
from briefing.core.models import RefreshProgress
from briefing.core.refresh import backoff_delay, refresh
from briefing.core.store import Store
from tests.net.conftest import FEEDS, feed_bytes
from tests.support.clock import next_second
from tests.support.http import ScriptedServer

RSS = feed_bytes("harbour_rss.xml")
ATOM = feed_bytes("fieldnotes_atom.xml")


@pytest.fixture
def quick_fetcher() -> Iterator[Fetcher]:
    client = Fetcher(timeout=1.0, connect_timeout=1.0, max_bytes=256 * 1024)
    yield client
    client.close()


def run(store: Store, fetcher: Fetcher, **options: object):
    options.setdefault("analyse", False)
    return refresh(store, fetcher=fetcher, **options)


def articles(store: Store, db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT guid, title, fetched, content_hash FROM articles ORDER BY guid").fetchall()


def near(moment: datetime | None, expected: datetime, slack: float = 5) -> bool:
    return moment is not None and abs((moment - expected).total_seconds()) <= slack


def test_first_refresh_stores_and_keeps_validators(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/feed.xml", RSS, etag='"a1"', last_modified="Mon, 02 Nov 2026 08:00:00 GMT")
    feed = store.add_feed(http_server.url("/feed.xml"))
    result = run(store, quick_fetcher)
    assert (result.count("ok"), result.new, result.updated) == (1, 3, 0)
    feed = store.get_feed(feed.id)
    assert feed is not None
    assert (feed.etag, feed.last_modified) == ('"a1"', "Mon, 02 Nov 2026 08:00:00 GMT")
    assert feed.title == "Harbour Town Gazette" and feed.last_status == 200 and feed.last_error is None
    assert feed.total == 3


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_second_refresh_sends_validators_and_304_writes_nothing(
    validator: str, http_server: ScriptedServer, store: Store, db_path: Path, quick_fetcher: Fetcher
) -> None:
    stamp = "Mon, 02 Nov 2026 08:00:00 GMT"
    http_server.route("/feed.xml", RSS, **({"etag": '"v7"'} if validator == "etag" else {"last_modified": stamp}))
    store.add_feed(http_server.url("/feed.xml"))
    run(store, quick_fetcher)
    before = articles(store, db_path)
    next_second()  # "fetched" has one-second resolution: a rewrite would show
    result = run(store, quick_fetcher)
    sent = http_server.requests_for("/feed.xml")[1].headers
    if validator == "etag":
        assert sent["if-none-match"] == '"v7"'
    else:
        assert sent["if-modified-since"] == stamp
    assert result.count("not_modified") == 1 and result.new == 0 and result.updated == 0
    assert articles(store, db_path) == before
    feed = store.list_feeds()[0]
    assert feed.last_status == 304 and feed.failures == 0


def test_changed_entry_is_updated_in_place(http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher) -> None:
    http_server.route("/feed.xml", RSS)
    store.add_feed(http_server.url("/feed.xml"))
    run(store, quick_fetcher)
    http_server.route("/feed.xml", RSS.replace(b"Ferry timetable changes", b"Ferry timetable changes again"))
    result = run(store, quick_fetcher)
    assert (result.new, result.updated) == (0, 1)
    assert any(hit.title == "Ferry timetable changes again from Monday" for hit in store.search("again"))


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_updates_the_stored_url(
    status: int, http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/new.xml", RSS)
    http_server.redirect("/old.xml", "/new.xml", status=status)
    feed = store.add_feed(http_server.url("/old.xml"))
    result = run(store, quick_fetcher)
    assert result.count("ok") == 1 and result.new == 3
    moved = store.get_feed(feed.id)
    assert moved is not None and moved.url == http_server.url("/new.xml")
    assert result.results[0].url == http_server.url("/new.xml")


def test_temporary_redirect_keeps_the_stored_url(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/new.xml", RSS)
    http_server.redirect("/old.xml", "/new.xml", status=307)
    feed = store.add_feed(http_server.url("/old.xml"))
    run(store, quick_fetcher)
    assert store.get_feed(feed.id).url == http_server.url("/old.xml")  # type: ignore[union-attr]


def test_move_onto_an_already_subscribed_url_keeps_both_feeds(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/new.xml", RSS)
    http_server.redirect("/old.xml", "/new.xml", status=301)
    old = store.add_feed(http_server.url("/old.xml"))
    store.add_feed(http_server.url("/new.xml"))
    result = run(store, quick_fetcher)
    assert result.count("ok") == 2
    kept = store.get_feed(old.id)
    assert kept is not None and kept.url == http_server.url("/old.xml")
    assert kept.last_error == f"moved to {http_server.url('/new.xml')}, which is already subscribed"


def test_gone_feed_is_marked_and_then_left_alone(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/gone.xml", b"", status=410)
    feed = store.add_feed(http_server.url("/gone.xml"))
    result = run(store, quick_fetcher)
    assert result.count("failed") == 1
    assert result.results[0].error == "HTTP 410 Gone: the feed was removed"
    gone = store.get_feed(feed.id)
    assert gone is not None and gone.gone and gone.last_status == 410
    assert run(store, quick_fetcher).count("skipped") == 1
    assert http_server.hits("/gone.xml") == 1
    run(store, quick_fetcher, force=True)
    assert http_server.hits("/gone.xml") == 2


def test_retry_after_sets_next_due_and_is_honoured_unless_forced(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/busy.xml", b"", status=429, headers={"Retry-After": "7200"})
    http_server.route("/fine.xml", RSS)
    busy = store.add_feed(http_server.url("/busy.xml"))
    store.add_feed(http_server.url("/fine.xml"))
    started = datetime.now(UTC)
    first = run(store, quick_fetcher)
    assert (first.count("failed"), first.count("ok")) == (1, 1)
    waiting = store.get_feed(busy.id)
    assert waiting is not None and near(waiting.next_due, started + timedelta(seconds=7200))
    assert waiting.last_error == "HTTP 429 Too Many Requests (retry after 2.0 h)"
    second = run(store, quick_fetcher)
    assert second.count("skipped") == 1 and second.count("not_modified") + second.count("ok") == 1
    assert http_server.hits("/busy.xml") == 1
    run(store, quick_fetcher, force=True)
    assert http_server.hits("/busy.xml") == 2


def test_server_error_backs_off_exponentially(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/broken.xml", b"", status=500)
    feed = store.add_feed(http_server.url("/broken.xml"))
    for failures in (1, 2, 3):
        started = datetime.now(UTC)
        result = run(store, quick_fetcher, force=True)
        assert result.results[0].error == "HTTP 500 Internal Server Error"
        state = store.get_feed(feed.id)
        assert state is not None and state.failures == failures
        assert near(state.next_due, started + backoff_delay(failures))
    assert backoff_delay(1) == timedelta(minutes=15) and backoff_delay(3) == timedelta(hours=1)
    assert backoff_delay(40) == timedelta(hours=24)
    # Recovery clears the count and the error.
    http_server.route("/broken.xml", RSS)
    run(store, quick_fetcher, force=True)
    state = store.get_feed(feed.id)
    assert state is not None and (state.failures, state.last_error, state.next_due) == (0, None, None)


def test_timeout_fails_one_feed_and_the_others_complete(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/slow.xml", RSS, delay=2.5)
    http_server.route("/fine.xml", ATOM)
    slow = store.add_feed(http_server.url("/slow.xml"))
    store.add_feed(http_server.url("/fine.xml"))
    result = run(store, quick_fetcher)
    outcomes = {r.url.rsplit("/", 1)[1]: (r.outcome, r.error) for r in result.results}
    assert outcomes == {"slow.xml": ("failed", "timed out after 1 s"), "fine.xml": ("ok", None)}
    assert store.get_feed(slow.id).last_error == "timed out after 1 s"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("route", "error"),
    [
        ({"size": 10 * 1024 * 1024}, "response larger than 256 KB"),
        ({"body": bytes(range(256)) * 8, "content_type": "application/octet-stream"}, "not a feed: malformed XML"),
        ({"body": feed_bytes("not_a_feed.html"), "content_type": "text/html"}, "not a feed: got an HTML page"),
        ({"body": b"", "content_type": "application/rss+xml"}, "not a feed: empty response"),
    ],
    ids=["oversized", "garbage", "html-page", "empty"],
)
def test_bad_bodies_fail_with_a_readable_error(
    route: dict, error: str, http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/feed.xml", **route)
    feed = store.add_feed(http_server.url("/feed.xml"))
    result = run(store, quick_fetcher)
    assert result.count("failed") == 1
    assert (result.results[0].error or "").startswith(error)
    state = store.get_feed(feed.id)
    assert state is not None and (state.last_error or "").startswith(error) and state.failures == 1
    assert state.next_due is not None and state.total == 0


def test_gzip_body_is_stored(http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher) -> None:
    http_server.route("/feed.xml", ATOM, encoding="gzip", content_type="application/atom+xml")
    store.add_feed(http_server.url("/feed.xml"))
    assert run(store, quick_fetcher).new == 2


def test_malformed_feed_keeps_readable_entries_and_earlier_articles(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/feed.xml", RSS)
    feed = store.add_feed(http_server.url("/feed.xml"))
    assert run(store, quick_fetcher).new == 3
    http_server.route("/feed.xml", feed_bytes("broken_after_two.xml"))
    result = run(store, quick_fetcher)
    assert result.count("ok") == 1 and result.new >= 2
    state = store.get_feed(feed.id)
    assert state is not None and state.last_error == "malformed XML: mismatched tag at line 22"
    titles = {row.title for row in store.stories(limit=50)}
    assert {
        "Ferry timetable changes from Monday",
        "Council approves new sea wall",
        "School choir wins regional prize",
    } <= titles
    assert state.total == 3 + result.new


def test_charset_from_the_content_type_header(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route(
        "/ru.xml", feed_bytes("cp1251_no_decl.xml"), content_type="application/rss+xml; charset=windows-1251"
    )
    http_server.route("/fr.xml", feed_bytes("latin1.xml"), content_type="text/xml")
    store.add_feed(http_server.url("/ru.xml"))
    store.add_feed(http_server.url("/fr.xml"))
    run(store, quick_fetcher)
    titles = {row.title for row in store.stories(limit=10)}
    assert titles == {"Паром меняет расписание", "Crème brûlée à la carte"}
    assert {f.title for f in store.list_feeds()} == {"Новости залива", "Café Révolution"}


def test_file_url_and_plain_path_feeds(tmp_path: Path, store: Store, quick_fetcher: Fetcher) -> None:
    atom = tmp_path / "field notes.xml"
    atom.write_bytes(ATOM)
    store.add_feed(str(FEEDS / "harbour_rss.xml"))
    store.add_feed(atom.as_uri())
    first = run(store, quick_fetcher)
    assert (first.count("ok"), first.new) == (2, 5)
    second = run(store, quick_fetcher)
    assert second.count("not_modified") == 2  # the files' mtimes act as Last-Modified


def test_progress_reports_every_feed(http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher) -> None:
    http_server.route("/a.xml", RSS)
    http_server.route("/b.xml", ATOM)
    http_server.route("/c.xml", b"", status=500)
    for path in ("/a.xml", "/b.xml", "/c.xml"):
        store.add_feed(http_server.url(path))
    seen: list[RefreshProgress] = []
    result = run(store, quick_fetcher, progress=seen.append)
    assert [p.done for p in seen] == [1, 2, 3]
    assert {p.total for p in seen} == {3}
    assert seen[-1].new == result.new == 5
    assert [p.new for p in seen] == sorted(p.new for p in seen)
    assert {p.last.url for p in seen if p.last} == {http_server.url(p) for p in ("/a.xml", "/b.xml", "/c.xml")}


def test_feeds_are_fetched_in_parallel_within_the_per_host_limit(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    for n in range(4):
        http_server.route(f"/f{n}.xml", RSS.replace(b"gazette-", f"f{n}-".encode()), delay=0.4)
        store.add_feed(http_server.url(f"/f{n}.xml"))
    started = time.monotonic()
    result = run(store, quick_fetcher, per_host=4, force=True)
    wide = time.monotonic() - started
    assert result.count("ok") == 4 and result.new == 12
    started = time.monotonic()
    run(store, quick_fetcher, per_host=2, force=True)
    narrow = time.monotonic() - started
    assert wide < 1.2  # four 0.4 s requests at once
    assert narrow >= 0.8  # two at a time: at least two rounds


def test_parse_in_worker_processes_gives_the_same_archive(tmp_path: Path, http_server: ScriptedServer) -> None:
    names = ("harbour_rss.xml", "fieldnotes_atom.xml", "latin1.xml", "broken_after_two.xml")
    for name in names:
        http_server.route(f"/{name}", feed_bytes(name))
    snapshots = []
    for processes in (0, 2):
        with Store(tmp_path / f"p{processes}.db") as archive, Fetcher(timeout=5) as client:
            for name in names:
                archive.add_feed(http_server.url(f"/{name}"))
            result = refresh(archive, fetcher=client, processes=processes, analyse=False)
            assert result.count("ok") == 4
            snapshots.append(sorted((r.title, r.feed) for r in archive.stories(limit=100)))
    assert snapshots[0] == snapshots[1] and len(snapshots[0]) == 9


def test_cancel_stops_the_refresh_and_skips_the_rest(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    for n in range(6):
        http_server.route(f"/f{n}.xml", RSS, delay=0.3)
        store.add_feed(http_server.url(f"/f{n}.xml"))
    seen: list[RefreshProgress] = []
    result = run(store, quick_fetcher, per_host=1, progress=seen.append, cancelled=lambda: len(seen) >= 1)
    assert len(result.results) == 6
    assert result.count("ok") >= 1 and result.count("skipped") >= 4
    skipped = {r.feed_id for r in result.results if r.outcome == "skipped"}
    for feed in store.list_feeds():  # a cancelled feed is not a failed one: no back-off
        if feed.id in skipped:
            assert (feed.failures, feed.next_due, feed.last_error) == (0, None, None)


def test_only_the_requested_feeds_are_refreshed(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/a.xml", RSS)
    http_server.route("/b.xml", ATOM)
    a = store.add_feed(http_server.url("/a.xml"))
    store.add_feed(http_server.url("/b.xml"))
    result = run(store, quick_fetcher, feed_ids=[a.id])
    assert [r.feed_id for r in result.results] == [a.id]
    assert http_server.hits("/b.xml") == 0


@pytest.mark.skipif(importlib.util.find_spec("briefing.core.analysis") is None, reason="analysis not built yet")
def test_new_articles_are_analysed_after_storing(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/feed.xml", RSS)
    store.add_feed(http_server.url("/feed.xml"))
    result = refresh(store, fetcher=quick_fetcher, analyse=True)
    assert result.analysed == 3 and result.analysis_errors == ()
    assert store.articles_to_analyse(10) == []


def test_not_modified_keeps_a_parse_problem_but_clears_a_fetch_error(
    http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher
) -> None:
    http_server.route("/bozo.xml", feed_bytes("broken_after_two.xml"), etag='"b1"')
    bozo = store.add_feed(http_server.url("/bozo.xml"))
    run(store, quick_fetcher)
    assert run(store, quick_fetcher).count("not_modified") == 1
    assert store.get_feed(bozo.id).last_error == "malformed XML: mismatched tag at line 22"  # type: ignore[union-attr]

    http_server.route("/flaky.xml", RSS, etag='"f1"')
    flaky = store.add_feed(http_server.url("/flaky.xml"))
    run(store, quick_fetcher, feed_ids=[flaky.id])
    http_server.route("/flaky.xml", b"", status=502)
    run(store, quick_fetcher, feed_ids=[flaky.id], force=True)
    assert store.get_feed(flaky.id).last_error == "HTTP 502 Bad Gateway"  # type: ignore[union-attr]
    http_server.route("/flaky.xml", RSS, etag='"f1"')
    assert run(store, quick_fetcher, feed_ids=[flaky.id], force=True).count("not_modified") == 1
    state = store.get_feed(flaky.id)
    assert state is not None and (state.last_error, state.failures) == (None, 0)


def test_malformed_urls_fail_alone(http_server: ScriptedServer, store: Store, quick_fetcher: Fetcher) -> None:
    http_server.route("/fine.xml", RSS)
    for url in ("http://[::1", "http://xn--/", "ftp://files.example/feed.xml", "javascript:alert(1)"):
        store.add_feed(url)
    store.add_feed(http_server.url("/fine.xml"))
    result = run(store, quick_fetcher)
    assert (result.count("ok"), result.count("failed")) == (1, 4)
    errors = {r.url: r.error for r in result.results if r.outcome == "failed"}
    assert errors["http://[::1"].startswith("invalid URL")
    assert errors["ftp://files.example/feed.xml"].startswith("unsupported URL")


def test_a_locked_archive_stops_the_refresh_at_the_first_refused_write(
    http_server: ScriptedServer, db_path: Path, quick_fetcher: Fetcher
) -> None:
    """Another program holds the write lock past the busy timeout: the refresh says so once and
    stops (every later write would wait and fail the same way); nothing is recorded against the
    feeds, and the next refresh stores them all."""
    store = Store(db_path, busy_timeout_ms=200)
    for n in range(15):
        http_server.route(f"/desk{n}.xml", RSS.replace(b"Harbour Town Gazette", f"Desk {n}".encode()))
        store.add_feed(http_server.url(f"/desk{n}.xml"))
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        result = run(store, quick_fetcher, workers=2, per_host=1)
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.refused is not None and "locked" in result.refused
    assert result.count("ok") == 0 and result.count("failed") >= 1 and result.count("skipped") >= 1
    assert took < 5, took  # not 15 feeds x the busy timeout
    assert all(f.failures == 0 and f.next_due is None for f in store.list_feeds())  # no back-off for our trouble
    again = run(store, quick_fetcher)
    assert again.refused is None and again.count("ok") == 15 and store.count_stories() == 45
    store.close()
