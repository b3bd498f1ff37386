"""The story lists: keyset pages, counts, positions, days and marks, under the list filters."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from briefing.core.models import Cursor, StoryFilter, StoryRow
from briefing.core.store.analysis import resolve_person
from briefing.core.store.base import StoreBase
from briefing.core.store.rows import STORY_COLUMNS, from_text, story_row, to_text

ALL_STORIES = StoryFilter()  # no restriction (an immutable default)
PERSON_SCAN_THRESHOLD = 2000  # a person in more stories than this is listed by index walk


class ListingMixin(StoreBase):
    """The story lists, each under one ``StoryFilter`` (keyword ``filter``)."""

    def _story_filters(self, story_filter: StoryFilter) -> tuple[list[str], list[Any]]:
        """The WHERE terms and parameters of a list filter (over ``articles a``)."""
        feed_id, person, since, ids = story_filter.feed_id, story_filter.person, story_filter.since, story_filter.ids
        where: list[str] = []
        params: list[Any] = []
        if feed_id is not None:
            where.append("a.feed_id = ?")
            params.append(feed_id)
        if story_filter.unread:
            where.append("a.read = 0")
        if story_filter.starred:
            where.append("a.starred = 1")
        if since is not None:
            where.append("a.published >= ?")
            params.append(to_text(since))
        if person is not None:
            person_ids = resolve_person(self, person)
            stories = self._rows(
                "SELECT COALESCE(SUM(stories), 0) FROM persons WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(person_ids),),
            )[0][0]
            # Few stories: fetch them by person and sort. Many: walk the newest-first index and
            # keep theirs (the unary + stops SQLite from driving the query by that IN list).
            member = "+a.id" if stories > PERSON_SCAN_THRESHOLD else "a.id"
            where.append(
                f"{member} IN (SELECT article_id FROM article_people "
                "WHERE person_id IN (SELECT value FROM json_each(?)))"
            )
            params.append(json.dumps(person_ids))
        if ids is not None:
            where.append("a.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([int(i) for i in ids]))
        return where, params

    def stories(
        self,
        after: Cursor | None = None,
        limit: int = 100,
        *,
        before: Cursor | None = None,
        filter: StoryFilter = ALL_STORIES,
    ) -> list[StoryRow]:
        """A page of the filter's stories, newest first, by key.

        ``after``: the rows that come after this cursor (older; the next page down).
        ``before``: the ``limit`` rows just before this cursor (newer; the page above),
        still returned newest first. With neither: the first page.
        """
        where, params = self._story_filters(filter)
        order = "DESC"
        if after is not None:
            where.append("(a.published, a.id) < (?, ?)")
            params += [to_text(after.published), after.id]
        elif before is not None:
            where.append("(a.published, a.id) > (?, ?)")
            params += [to_text(before.published), before.id]
            order = "ASC"
        sql = (
            f"SELECT {STORY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + f"ORDER BY a.published {order}, a.id {order} LIMIT ?"
        )
        rows = [story_row(row) for row in self._rows(sql, [*params, max(0, int(limit))])]
        if order == "ASC":
            rows.reverse()
        return rows

    def count_stories(self, *, filter: StoryFilter = ALL_STORIES) -> int:
        """How many stories a list holds. Unfiltered, unread and per-feed counts are O(feeds);
        others are counted on an index once and cached until the database changes."""
        if filter.person is None and filter.since is None and filter.ids is None and not filter.starred:
            column = "unread_count" if filter.unread else "total_count"
            if filter.feed_id is None:
                return int(self._rows(f"SELECT COALESCE(SUM({column}), 0) FROM feeds")[0][0])
            rows = self._rows(f"SELECT {column} FROM feeds WHERE id = ?", (filter.feed_id,))
            return int(rows[0][0]) if rows else 0
        key = ("count", filter)
        version = self._data_version()
        cache = self._count_cache()
        cached = cache.get(key)
        if cached is not None and cached[0] == version:
            return int(cached[1])
        where, params = self._story_filters(filter)
        sql = "SELECT COUNT(*) FROM articles a" + (f" WHERE {' AND '.join(where)}" if where else "")
        count = int(self._rows(sql, params)[0][0])
        if len(cache) > 256:
            cache.clear()
        cache[key] = (version, count)
        return count

    def story_position(self, story: int | Cursor, *, filter: StoryFilter = ALL_STORIES) -> int | None:
        """0-based row of a story (an id or its cursor) in the filter's newest-first list: how
        many rows come before it. None when the story is not in that list."""
        where, params = self._story_filters(filter)
        if isinstance(story, Cursor):
            key = (to_text(story.published), story.id)
        else:
            member = self._rows(
                "SELECT a.published, a.id FROM articles a WHERE " + " AND ".join([*where, "a.id = ?"]),
                [*params, story],
            )
            if not member:
                return None
            key = (member[0][0], member[0][1])
        where.append("(a.published, a.id) > (?, ?)")
        sql = f"SELECT COUNT(*) FROM articles a WHERE {' AND '.join(where)}"
        return int(self._rows(sql, [*params, *key])[0][0])

    def day_counts(self, utc_offset_minutes: int = 0, *, filter: StoryFilter = ALL_STORIES) -> list[tuple[date, int]]:
        """The filter's stories per local day (UTC shifted by ``utc_offset_minutes``), newest day
        first. Cached until the database changes."""
        key = ("days", int(utc_offset_minutes), filter)
        version = self._data_version()
        cache = self._count_cache()
        cached = cache.get(key)
        if cached is not None and cached[0] == version:
            return list(cached[1])
        where, params = self._story_filters(filter)
        if filter.person is None and filter.ids is None:
            days = self._day_counts_by_seeking(where, params, int(utc_offset_minutes))
            cache[key] = (version, days)
            return list(days)
        day_params: list[Any] = []
        day = "substr(a.published, 1, 10)"  # text is UTC ISO: its first 10 chars are the day
        if utc_offset_minutes:
            day = "date(a.published, ?)"
            day_params.append(f"{int(utc_offset_minutes):+d} minutes")
        sql = (
            f"SELECT {day} AS day, COUNT(*) FROM articles a "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "GROUP BY day ORDER BY day DESC"
        )
        rows = self._rows(sql, [*day_params, *params])
        days = [(date.fromisoformat(day), count) for day, count in rows if day]
        cache[key] = (version, days)
        return list(days)

    def _day_counts_by_seeking(
        self, where: list[str], params: list[Any], utc_offset_minutes: int
    ) -> list[tuple[date, int]]:
        """Day by day from the newest: find the newest story below the last day's start, count
        its day's index range. Costs one index range per day instead of a sort of every row."""
        zone = timezone(timedelta(minutes=utc_offset_minutes))
        days: list[tuple[date, int]] = []
        upper: str | None = None
        while True:
            bound = [*where, "a.published < ?"] if upper else where
            bound_params = [*params, upper] if upper else params
            clause = f" WHERE {' AND '.join(bound)}" if bound else ""
            newest = self._rows(f"SELECT MAX(a.published) FROM articles a{clause}", bound_params)[0][0]
            if newest is None:
                return days
            day = from_text(newest).astimezone(zone).date()  # type: ignore[union-attr]
            start = to_text(datetime.combine(day, time(), zone))
            count = self._rows(
                f"SELECT COUNT(*) FROM articles a WHERE {' AND '.join([*bound, 'a.published >= ?'])}",
                [*bound_params, start],
            )[0][0]
            days.append((day, int(count)))
            upper = start

    def mark_read_where(self, *, filter: StoryFilter = ALL_STORIES) -> int:
        """Mark read every story of the filter's list (the reader's A). Returns how many changed."""
        where, params = self._story_filters(filter)
        chosen = "SELECT a.id FROM articles a" + (f" WHERE {' AND '.join(where)}" if where else "")
        with self._write() as conn:
            return conn.execute(f"UPDATE articles SET read = 1 WHERE read = 0 AND id IN ({chosen})", params).rowcount
