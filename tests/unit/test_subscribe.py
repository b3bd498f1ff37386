"""core.subscribe: the reader's add and OPML import check every location and clean what they store."""

from __future__ import annotations

import pytest

from briefing.core.locations import LocationRefused
from briefing.core.opml import OpmlFeed
from briefing.core.store import FeedExists, Store
from briefing.core.subscribe import import_feeds, parse_tags, subscribe


def test_tags_typed_by_the_user() -> None:
    assert parse_tags(" Local, ships,,local , \u202eHarbour\u009b ") == ("Local", "ships", "Harbour")
    assert parse_tags("") == ()


def test_subscribe_refuses_what_the_reader_may_not_add(store: Store) -> None:
    for text in ("not a url", "ftp://files.example/feed", "/etc/hostname", "file:///etc/hostname"):
        with pytest.raises(LocationRefused):
            subscribe(store, text, origin="reader")
    feed = subscribe(store, "HTTPS://Quay.Example/feed.xml", title="Quay\u009b2J News", tags=["a", "A"])
    assert (feed.url, feed.user_title, feed.tags) == ("https://quay.example/feed.xml", "Quay News", ("a",))
    with pytest.raises(FeedExists):
        subscribe(store, "https://quay.example/feed.xml")
    assert len(store.list_feeds()) == 1


def test_import_counts_added_present_and_refused(store: Store, db_path) -> None:
    store.add_feed("https://quay.example/feed.xml")
    entries = [
        OpmlFeed("https://quay.example/feed.xml", "Quay"),
        OpmlFeed("https://dunes.example/rss", "Dunes\u202e Daily", ("Coast\u0085",)),
        OpmlFeed("~/notes.xml", "Notes"),
        OpmlFeed("javascript:alert(1)", "Script"),
        OpmlFeed("https://alice:secret@private.example/feed\u009b", "Private"),
    ]
    summary = import_feeds(store, entries)
    assert [feed.url for feed in summary.added] == ["https://dunes.example/rss"]
    assert summary.added[0].user_title == "Dunes Daily" and summary.added[0].tags == ("Coast",)
    assert summary.present == 1 and len(summary.refused) == 3
    assert summary.line.startswith("1 added, 1 already present, 3 refused — not an http or https URL")
    assert "secret" not in repr(summary.refused) and "secret" not in summary.line
    read_only = Store(db_path, read_only=True)
    try:
        stopped = import_feeds(read_only, [OpmlFeed("https://reef.example/rss")])
        assert stopped.added == () and stopped.failed and "read-only" in stopped.failed
        assert "Stopped:" in stopped.line
    finally:
        read_only.close()
