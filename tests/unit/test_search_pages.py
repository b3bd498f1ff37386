"""Search beyond its first page: the real total, pages by offset, newest-first order, read
markers, and quote: snippets that keep quotes apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from briefing.core.models import Analysis, ParsedEntry, Quote
from briefing.core.store import QUOTE_SEPARATOR, Store

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def fill_ferries(store: Store, count: int) -> list[int]:
    """``count`` stories about the ferry (every third with it in the title), one an hour; ids oldest first."""
    feed = store.add_feed("https://ferry-post.example/rss", title="Ferry Post").id
    entries = []
    for n in range(count):
        title = f"Ferry crossing number {n}" if n % 3 == 0 else f"Harbour note {n}"
        body = f"Note {n}: the ferry left the quay on time." + (" Ferry ferry." if n == 7 else "")
        entries.append(ParsedEntry(f"f-{n}", None, title, None, T0 + timedelta(hours=n), None, body))
    entries.append(ParsedEntry("other", None, "Orchard fair", None, T0, None, "Apples and pears."))
    store.store_entries(feed, entries, now=T0)
    return [row.id for row in reversed(store.stories(limit=1000)) if row.title != "Orchard fair"]


@pytest.mark.parametrize("window", [500, 40], ids=["ranked", "past-the-window"])
def test_the_total_and_every_page_of_a_common_query(store, window, monkeypatch):
    import briefing.core.store.search as store_module

    monkeypatch.setattr(store_module, "RANK_WINDOW", window)
    ids = fill_ferries(store, 208)
    assert store.count_hits("ferry") == 208
    assert len(store.search("ferry")) == 50  # the first page only
    seen: list[int] = []
    for offset in range(0, 250, 50):
        seen += [hit.id for hit in store.search("ferry", limit=50, offset=offset)]
    assert len(seen) == 208 and set(seen) == set(ids)  # every hit once, none twice
    newest = [hit.id for hit in store.search("ferry", limit=60, order="date")]
    assert newest == list(reversed(ids))[:60]
    later = [hit.id for hit in store.search("ferry", limit=60, offset=60, order="date")]
    assert later == list(reversed(ids))[60:120]


def test_filters_only_queries_count_and_page(store):
    ids = fill_ferries(store, 30)
    store.set_read(ids[:10])
    assert store.count_hits("is:unread") == 21  # 20 ferry stories and the orchard fair
    assert store.count_hits("is:read") == 10
    pages = (
        store.search("is:read", limit=4)
        + store.search("is:read", limit=4, offset=4)
        + store.search("is:read", limit=4, offset=8)
    )
    assert [hit.id for hit in pages] == list(reversed(ids[:10]))
    assert store.count_hits("") == 0 and store.count_hits('"') == 0 and store.count_hits("person:") == 0


def test_hits_carry_read_and_starred(store):
    ids = fill_ferries(store, 6)
    store.set_read([ids[0]])
    store.set_starred(ids[3])
    hits = {hit.id: hit for hit in store.search("ferry", limit=10)}
    assert hits[ids[0]].read and not hits[ids[1]].read
    assert hits[ids[3]].starred and not hits[ids[0]].starred


def test_quote_snippets_keep_the_quotes_apart(store):
    feed = store.add_feed("https://quay.example/rss", title="Quay Times").id
    store.store_entries(
        feed,
        [
            ParsedEntry(
                "q-1",
                None,
                "Harbour master on the new timetable",
                None,
                T0,
                None,
                "Edda Morrow said the boats would be late. Later she said the tide decides.",
            )
        ],
        now=T0,
    )
    article_id = store.stories(limit=1)[0].id
    store.save_analysis(
        article_id,
        Analysis(
            (),
            (),
            (
                Quote("the boats will be late on Monday", "Edda Morrow", "person"),
                Quote("the tide decides, not the timetable", "Edda Morrow", "person"),
            ),
        ),
    )
    [hit] = store.search("quote:tide")
    parts = hit.snippet.split(QUOTE_SEPARATOR)
    assert len(parts) == 2, hit.snippet
    assert "Monday" in parts[0] and "tide" in parts[1]
