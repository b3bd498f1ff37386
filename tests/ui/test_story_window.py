"""The virtual list's model against a real Store: lines, day groups, jumps, the page cache."""

from __future__ import annotations

from datetime import timedelta, timezone

from briefing.core.models import StoryFilter
from briefing.widgets.story_window import (
    MAX_PAGES,
    PAGE_SIZE,
    HeaderLine,
    RowLine,
    StoreSource,
    StoryWindow,
)
from tests.support.archive import synthetic_archive

from .conftest import NOW

INDIA = timezone(timedelta(hours=5, minutes=30))


def build(tmp_path, articles=1500):
    return synthetic_archive(tmp_path / "w.db", articles, feeds=3, per_day=97, now=NOW)


def test_every_line_matches_the_full_list_in_any_order(tmp_path):
    store = build(tmp_path)
    truth = store.stories(limit=10_000)
    window = StoryWindow(StoreSource(store), INDIA)
    assert window.total_rows == len(truth) == 1500
    assert window.total_lines == len(truth) + len(window.days)
    # Jump to the end first, then the middle, then the top: each page comes by key.
    for index in [1499, 1400, 750, 0, 99, 100, 1234]:
        assert window.row(index).id == truth[index].id
    for line in range(window.total_lines):
        entry = window.line(line)
        if isinstance(entry, RowLine):
            row = window.row(entry.index)
            assert row.id == truth[entry.index].id
            assert window.line_of_row(entry.index) == line
        else:
            assert isinstance(entry, HeaderLine)
            first = window.row(window.line(line + 1).index)
            assert first.published.astimezone(window.tz).date() == entry.day
    # Rows under a header all belong to that (local) day.
    for day, start, count in zip(window.days, window.row_starts, window.counts):
        assert window.row(start).published.astimezone(window.tz).date() == day
        assert window.row(start + count - 1).published.astimezone(window.tz).date() == day
    assert len(window.cached_rows()) <= MAX_PAGES * PAGE_SIZE  # the page cache stays bounded
    store.close()


def test_pages_are_loaded_lazily_and_filters_apply(tmp_path):
    store = build(tmp_path, 600)
    window = StoryWindow(StoreSource(store), timezone.utc)
    assert window.pages_loaded == 0  # counts only, no rows yet
    window.row(0)
    window.row(PAGE_SIZE - 1)
    assert window.pages_loaded == 1
    feed = store.list_feeds()[0]
    filtered = StoryWindow(StoreSource(store, StoryFilter(feed_id=feed.id)), timezone.utc)
    assert filtered.total_rows == feed.total == 200
    assert {filtered.row(i).feed_id for i in range(filtered.total_rows)} == {feed.id}
    store.set_read([filtered.row(0).id])
    unread = StoryWindow(StoreSource(store, StoryFilter(unread=True)), timezone.utc)
    assert unread.total_rows == 599
    assert window.mark(window.row(0).id, read=True) == 0 and window.row(0).read
    store.close()


class CountingSource(StoreSource):
    """The real Store source, counting the queries the window makes."""

    def __init__(self, store):
        super().__init__(store)
        self.queries = 0

    def page(self, after, limit):
        self.queries += 1
        return super().page(after, limit)

    def page_before(self, before, limit):
        self.queries += 1
        return super().page_before(before, limit)


def test_a_jump_enters_a_big_day_from_the_nearer_end(tmp_path):
    # 5,000 stories on one day: a jump to the end walks up from the bottom, not down from the top.
    store = synthetic_archive(tmp_path / "d.db", 5000, feeds=2, per_day=20000, now=NOW)
    truth = store.stories(limit=10_000)
    source = CountingSource(store)
    window = StoryWindow(source, timezone.utc)
    assert len(window.days) == 1
    assert window.row(4999).id == truth[4999].id
    assert source.queries == 1
    assert [window.row(i).id for i in range(4900, 4999)] == [r.id for r in truth[4900:4999]]
    assert window.row(3000).id == truth[3000].id  # 2,000 from the bottom: one chunk up, one page
    assert window.row(1234).id == truth[1234].id  # nearer the top: skips down instead
    store.close()


def test_day_groups_follow_daylight_saving_in_the_zone(tmp_path):
    """Each story sits under its own local date, with that date's offset (CET or CEST), on both
    sides of Berlin's 2026 changes; the expected days are written out by hand."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from briefing.core.models import ParsedEntry
    from briefing.core.store import Store

    utc = timezone.utc
    stories = {  # title: (published in UTC, its date in Berlin)
        "A": (datetime(2026, 3, 28, 22, 30, tzinfo=utc), "2026-03-28"),  # 23:30 CET
        "B": (datetime(2026, 3, 28, 23, 30, tzinfo=utc), "2026-03-29"),  # 00:30 CET
        "C": (datetime(2026, 3, 29, 21, 30, tzinfo=utc), "2026-03-29"),  # 23:30 CEST
        "D": (datetime(2026, 3, 29, 22, 30, tzinfo=utc), "2026-03-30"),  # 00:30 CEST
        "E": (datetime(2026, 10, 24, 21, 30, tzinfo=utc), "2026-10-24"),  # 23:30 CEST
        "F": (datetime(2026, 10, 24, 22, 30, tzinfo=utc), "2026-10-25"),  # 00:30 CEST
        "G": (datetime(2026, 10, 25, 22, 30, tzinfo=utc), "2026-10-25"),  # 23:30 CET
        "H": (datetime(2026, 10, 25, 23, 30, tzinfo=utc), "2026-10-26"),  # 00:30 CET
    }
    store = Store(tmp_path / "dst.db")
    feed = store.add_feed("https://lindenau.example/rss")
    entries = [
        ParsedEntry(guid=t, link=None, title=t, author=None, published=p, updated=None, body=f"Story {t}.")
        for t, (p, _) in stories.items()
    ]
    store.store_entries(feed.id, entries, datetime(2026, 12, 1, tzinfo=utc))
    window = StoryWindow(StoreSource(store), ZoneInfo("Europe/Berlin"))
    shown: dict[str, list[str]] = {}
    for line in range(window.total_lines):
        entry = window.line(line)
        if isinstance(entry, HeaderLine):
            day = entry.day.isoformat()
            shown[day] = []
        else:
            shown[day].append(window.row(entry.index).title)
    assert shown == {
        "2026-10-26": ["H"],
        "2026-10-25": ["G", "F"],
        "2026-10-24": ["E"],
        "2026-03-30": ["D"],
        "2026-03-29": ["C", "B"],
        "2026-03-28": ["A"],
    }
    # Jumping into a day from its far end (reversed keyset from the day's start) lands the same.
    fresh = StoryWindow(StoreSource(store), ZoneInfo("Europe/Berlin"))
    assert [fresh.row(i).title for i in reversed(range(fresh.total_rows))] == list("ABCDEFGH")
    store.close()
