"""refresh() writes the feeds parsed meanwhile in one transaction; a batch the store refuses is
redone feed by feed, so one bad feed costs only itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from briefing.core.feeds import Fetcher
from briefing.core.models import RefreshProgress
from briefing.core.refresh import refresh
from briefing.core.store import Store
from tests.net.conftest import feed_bytes
from tests.support.http import ScriptedServer

RSS = feed_bytes("harbour_rss.xml")
ATOM = feed_bytes("fieldnotes_atom.xml")


@pytest.fixture
def client() -> Iterator[Fetcher]:
    with Fetcher(timeout=5.0, connect_timeout=2.0) as fetcher:
        yield fetcher


def test_a_feed_removed_mid_refresh_fails_alone(http_server: ScriptedServer, store: Store, client: Fetcher) -> None:
    http_server.route("/first.xml", ATOM)
    http_server.route("/kept.xml", RSS, delay=0.4)
    http_server.route("/removed.xml", RSS, delay=0.4)
    store.add_feed(http_server.url("/first.xml"))
    kept = store.add_feed(http_server.url("/kept.xml"))
    removed = store.add_feed(http_server.url("/removed.xml"))

    def remove_once_the_first_is_stored(progress: RefreshProgress) -> None:
        if progress.last is not None and progress.last.url.endswith("/first.xml"):
            store.remove_feed(removed.id)  # as the TUI may, while the slow two are on their way

    result = refresh(store, fetcher=client, progress=remove_once_the_first_is_stored, analyse=False, per_host=3)
    outcomes = {r.url.rsplit("/", 1)[1]: (r.outcome, r.new) for r in result.results}
    assert outcomes == {"first.xml": ("ok", 2), "kept.xml": ("ok", 3), "removed.xml": ("failed", 0)}
    failed = next(r for r in result.results if r.outcome == "failed")
    assert failed.error is not None and "no feed" in failed.error
    assert store.get_feed(kept.id).total == 3  # type: ignore[union-attr]
    assert store.count_stories() == 5 and store.integrity_check() == []


def test_many_feeds_in_worker_processes_all_arrive_whole(
    http_server: ScriptedServer, store: Store, client: Fetcher
) -> None:
    """Enough feeds for the parse processes, so several arrive per write and share transactions."""
    for n in range(14):
        http_server.route(f"/f{n}.xml", RSS if n % 2 else ATOM)
        store.add_feed(http_server.url(f"/f{n}.xml"))
    result = refresh(store, fetcher=client, analyse=False, processes=2)
    assert result.count("ok") == 14 and result.new == 7 * 3 + 7 * 2
    assert {f.total for f in store.list_feeds()} == {2, 3}
    assert len(store.search("harbour")) > 0 and store.integrity_check() == []
