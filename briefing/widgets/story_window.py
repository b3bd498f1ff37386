"""The data model behind the virtual story list: day groups, keyset pages, a small page cache.

Kept free of Textual so it can be tested (and benchmarked) on its own. The list is a sequence of
*lines*: each local day contributes one header line followed by its stories, newest first. Only the
per-day counts are loaded up front (one grouped query); story rows arrive a page at a time by key,
so an archive of a million articles never has all its ids in memory.

The counts cost a pass over the index (a quarter of a second at 1M stories, more with a cold cache),
so the list first shows a *provisional* window built from the first page alone
(``StoryWindow.from_first_page``): its lines are the same as the full window's for those rows, so
when the counts land (``StoryWindow.refined``) the first rows and the cursor stay where they are.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Protocol

from briefing.core.models import Cursor, StoryFilter, StoryRow
from briefing.core.times import local_day, local_midnight

if TYPE_CHECKING:
    from briefing.core.store import Store

PAGE_SIZE = 100
MAX_PAGES = 64  # ~6,400 rows cached at most
SKIP_CHUNK = 2000  # rows fetched per step when skipping into the middle of a large day


class StorySource(Protocol):
    """Where the list gets its stories: the Store with a fixed filter (see StoreSource)."""

    def day_counts(self, utc_offset_minutes: int) -> list[tuple[date, int]]:
        """Stories per local day, newest day first."""

    def page(self, after: Cursor | None, limit: int) -> list[StoryRow]:
        """Up to ``limit`` rows older than ``after`` (newest first)."""

    def page_before(self, before: Cursor, limit: int) -> list[StoryRow]:
        """The ``limit`` rows just newer than ``before`` (still newest first): reversed keyset."""


@dataclass(frozen=True, slots=True)
class HeaderLine:
    day: date
    count: int
    final: bool = True  # False while the day counts are pending: more of this day may follow


@dataclass(frozen=True, slots=True)
class RowLine:
    index: int  # position among the stories (not lines)


class StoryWindow:
    """Maps list lines to day headers and story rows, loading pages on demand."""

    def __init__(
        self,
        source: StorySource,
        tz: tzinfo,
        days: list[tuple[date, int]] | None = None,
    ) -> None:
        self.source = source
        self.tz = tz  # days are cut at each day's own midnight in tz (the counts and the cursors agree)
        if days is None:
            days = zone_day_counts(source.day_counts, tz)
        self.days: list[date] = [d for d, n in days if n > 0]
        self.counts: list[int] = [n for _, n in days if n > 0]
        self.row_starts: list[int] = []  # story index of each day's first story
        self.line_starts: list[int] = []  # line of each day's header
        rows = lines = 0
        for count in self.counts:
            self.row_starts.append(rows)
            self.line_starts.append(lines)
            rows += count
            lines += count + 1
        self.total_rows = rows
        self.total_lines = lines
        self._pages: OrderedDict[int, list[StoryRow]] = OrderedDict()
        self.pages_loaded = 0  # how many page queries ran (for tests and the bench)
        self.complete = True  # False: only the first page is known; the last day's count may grow

    @classmethod
    def from_first_page(cls, source: StorySource, tz: tzinfo) -> StoryWindow:
        """A window from one page query, without the day counts. If the page is not full it is the
        whole list and the window is complete; else the last day shown may hold more stories than
        its count says (``complete`` is False) until ``refined`` brings the real counts."""
        rows = source.page(None, PAGE_SIZE)
        days: dict[date, int] = {}
        for row in rows:
            day = local_day(row.published, tz)
            days[day] = days.get(day, 0) + 1
        window = cls(source, tz, days=list(days.items()))
        window.pages_loaded = 1
        if rows:
            window._pages[0] = rows
        window.complete = len(rows) < PAGE_SIZE
        return window

    def refined(self) -> StoryWindow:
        """The full window (day counts queried), keeping the pages already loaded: story indexes do
        not change, so every line before the provisional last day's end stays where it was."""
        if self.complete:
            return self
        window = StoryWindow(self.source, self.tz)
        window._pages.update(self._pages)
        window.pages_loaded = self.pages_loaded
        return window

    def count_known(self, day_index: int) -> bool:
        """Whether day ``day_index``'s count is final (all but a provisional window's last day)."""
        return self.complete or day_index < len(self.days) - 1

    # --- lines <-> rows ------------------------------------------------------

    def line(self, line: int) -> HeaderLine | RowLine | None:
        if not 0 <= line < self.total_lines:
            return None
        day = bisect.bisect_right(self.line_starts, line) - 1
        offset = line - self.line_starts[day]
        if offset == 0:
            return HeaderLine(self.days[day], self.counts[day], self.count_known(day))
        return RowLine(self.row_starts[day] + offset - 1)

    def line_of_row(self, index: int) -> int:
        day = bisect.bisect_right(self.row_starts, index) - 1
        return self.line_starts[day] + 1 + (index - self.row_starts[day])

    def day_of_row(self, index: int) -> int:
        return bisect.bisect_right(self.row_starts, index) - 1

    # --- rows ----------------------------------------------------------------

    def row(self, index: int) -> StoryRow | None:
        if not 0 <= index < self.total_rows:
            return None
        number, offset = divmod(index, PAGE_SIZE)
        page = self._page(number)
        return page[offset] if offset < len(page) else None

    def cached_rows(self) -> list[tuple[int, StoryRow]]:
        return [(number * PAGE_SIZE + i, row) for number, page in self._pages.items() for i, row in enumerate(page)]

    def find(self, story_id: int) -> int | None:
        """The index of a story if its page is cached."""
        for index, row in self.cached_rows():
            if row.id == story_id:
                return index
        return None

    def update(self, story_id: int, change: Callable[[StoryRow], StoryRow]) -> int | None:
        """Apply ``change`` to a cached row (read/star toggles) without a query."""
        for number, page in self._pages.items():
            for i, row in enumerate(page):
                if row.id == story_id:
                    page[i] = change(row)
                    return number * PAGE_SIZE + i
        return None

    def mark(self, story_id: int, **fields: bool) -> int | None:
        return self.update(story_id, lambda row: replace(row, **fields))  # type: ignore[arg-type]  # read/starred

    def _page(self, number: int) -> list[StoryRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self._load(number)
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _load(self, number: int) -> list[StoryRow]:
        self.pages_loaded += 1
        first = number * PAGE_SIZE
        previous = self._pages.get(number - 1)
        if previous and len(previous) == PAGE_SIZE:
            return self.source.page(_cursor(previous[-1]), PAGE_SIZE)
        # Jump: enter the day that holds `first` from whichever end is nearer, then skip inside it.
        day = self.day_of_row(first)
        skip = first - self.row_starts[day]
        from_bottom = self.counts[day] - skip  # rows from `first` to the day's oldest, inclusive
        if from_bottom < skip:
            return self._load_from_bottom(day, from_bottom)
        cursor = self._day_end_cursor(self.days[day]) if day > 0 else None
        while skip > 0:
            step = min(skip, SKIP_CHUNK)
            rows = self.source.page(cursor, step)
            if not rows:
                return []
            cursor = _cursor(rows[-1])
            skip -= len(rows)
        return self.source.page(cursor, PAGE_SIZE)

    def _load_from_bottom(self, day: int, from_bottom: int) -> list[StoryRow]:
        """Reversed keyset: walk up from just below the day's oldest story (the jump to `end`)."""
        cursor = self._day_start_cursor(self.days[day])
        rows: list[StoryRow] = []
        while from_bottom > 0:
            rows = self.source.page_before(cursor, min(from_bottom, SKIP_CHUNK))
            if not rows:
                return []
            cursor = _cursor(rows[0])
            from_bottom -= len(rows)
        page = rows[:PAGE_SIZE]
        if len(page) < PAGE_SIZE and page:  # the page runs on into older days
            page += self.source.page(_cursor(page[-1]), PAGE_SIZE - len(page))
        return page

    def _day_start_cursor(self, day: date) -> Cursor:
        """A cursor just before the oldest possible moment of ``day`` (local)."""
        return Cursor(published=local_midnight(day, self.tz), id=0)

    def _day_end_cursor(self, day: date) -> Cursor:
        """A cursor just after the newest possible moment of ``day`` (local)."""
        return Cursor(published=local_midnight(day + timedelta(days=1), self.tz), id=0)


def _offset_minutes(day: date, tz: tzinfo) -> int:
    """The UTC offset in force at the start of ``day`` in ``tz``, in minutes."""
    midnight = local_midnight(day, tz)
    return int((midnight.astimezone(tz).utcoffset() or timedelta()).total_seconds() // 60)


def zone_day_counts(day_counts: Callable[[int], list[tuple[date, int]]], tz: tzinfo) -> list[tuple[date, int]]:
    """Stories per local day in ``tz``, newest first, each day cut at its own midnight: correct
    across daylight-saving changes although the store groups by one fixed offset at a time.

    Under a fixed offset ``o`` the stories from day ``d`` on are those at or after ``d 00:00 - o``;
    so the count of ``d`` is (stories from ``d`` on, under ``d``'s offset) minus (stories from
    ``d + 1`` on, under ``d + 1``'s offset). One grouped query per offset the zone uses over the
    archive's days (one without daylight saving, usually two with it); no clock is read.
    """
    first = _offset_minutes(date(2000, 1, 1), tz)
    counts: dict[int, list[tuple[date, int]]] = {first: day_counts(first)}
    candidates = {d + timedelta(days=k) for d, _ in counts[first] for k in (-1, 0, 1)}
    offsets = {d: _offset_minutes(d, tz) for d in candidates | {d + timedelta(days=1) for d in candidates}}
    for offset in set(offsets.values()) - counts.keys():
        counts[offset] = day_counts(offset)
    # offset -> (its days ascending, stories from each of those days on)
    from_day_on: dict[int, tuple[list[date], list[int]]] = {}
    for offset, rows in counts.items():
        ascending = sorted(rows)
        suffix = [0] * (len(ascending) + 1)
        for i in range(len(ascending) - 1, -1, -1):
            suffix[i] = suffix[i + 1] + ascending[i][1]
        from_day_on[offset] = ([d for d, _ in ascending], suffix)

    def stories_from(day: date) -> int:
        known, suffix = from_day_on[offsets[day]]
        return suffix[bisect.bisect_left(known, day)]

    days = [(d, stories_from(d) - stories_from(d + timedelta(days=1))) for d in sorted(candidates, reverse=True)]
    return [(d, n) for d, n in days if n > 0]


def _cursor(row: StoryRow) -> Cursor:
    return Cursor(published=row.published, id=row.id)


class StoreSource:
    """A StorySource over ``briefing.core.store.Store`` with one filter."""

    def __init__(self, store: Store, story_filter: StoryFilter | None = None) -> None:
        self.store = store
        self.filter = story_filter or StoryFilter()

    def day_counts(self, utc_offset_minutes: int) -> list[tuple[date, int]]:
        return self.store.day_counts(utc_offset_minutes=utc_offset_minutes, filter=self.filter)

    def page(self, after: Cursor | None, limit: int) -> list[StoryRow]:
        return self.store.stories(after=after, limit=limit, filter=self.filter)

    def page_before(self, before: Cursor, limit: int) -> list[StoryRow]:
        return self.store.stories(before=before, limit=limit, filter=self.filter)

    def position(self, story_id: int) -> int | None:
        """Where a story sits in this list (None if it is not in it)."""
        return self.store.story_position(story_id, filter=self.filter)
