"""Feeds: subscribe, rename, tag, remove, and each fetch's outcome."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from briefing.core.models import Feed
from briefing.core.store.base import StoreBase
from briefing.core.store.errors import FeedExists, FeedNotFound, StoreError
from briefing.core.store.rows import FEED_COLUMNS, db_value, feed_row, to_text, utc_now

_STATUS_FIELDS = {
    "etag",
    "last_modified",
    "last_fetched",
    "last_status",
    "last_error",
    "failures",
    "next_due",
    "gone",
    "url",
    "title",
    "link",
}


class FeedsMixin(StoreBase):
    """The subscriptions and what their last fetch said."""

    def add_feed(self, url: str, title: str | None = None, tags: Iterable[str] = ()) -> Feed:
        """Subscribe. ``title`` is the user's own name for the feed."""
        url = url.strip()
        if not url:
            raise StoreError("a feed needs a URL")
        with self._write() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO feeds (url, user_title, added, tags) VALUES (?, ?, ?, ?)",
                    (url, title, to_text(utc_now()), json.dumps(list(tags), ensure_ascii=False)),
                )
            except sqlite3.IntegrityError:
                raise FeedExists(f"already subscribed: {url}") from None
            feed_id = cursor.lastrowid
        assert feed_id is not None
        feed = self.get_feed(feed_id)
        assert feed is not None
        return feed

    def get_feed(self, id_or_url: int | str) -> Feed | None:
        if isinstance(id_or_url, int):
            rows = self._rows(f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?", (id_or_url,))
        else:
            rows = self._rows(f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?", (id_or_url.strip(),))
        return feed_row(rows[0]) if rows else None

    def list_feeds(self) -> list[Feed]:
        """Every feed with its unread and total counts, by name."""
        rows = self._rows(
            f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY COALESCE(user_title, title, url) COLLATE NOCASE, id"
        )
        return [feed_row(row) for row in rows]

    def remove_feed(self, feed_id: int) -> None:
        """Unsubscribe; its articles (and their analysis) go with it."""
        with self._write() as conn:
            if conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount == 0:
                raise FeedNotFound(f"no feed with id {feed_id}")

    def rename_feed(self, feed_id: int, title: str | None) -> None:
        """Set (or with None/"" clear) the user's own title."""
        with self._write() as conn:
            changed = conn.execute("UPDATE feeds SET user_title = ? WHERE id = ?", (title or None, feed_id)).rowcount
            if changed == 0:
                raise FeedNotFound(f"no feed with id {feed_id}")

    def set_feed_tags(self, feed_id: int, tags: Iterable[str]) -> None:
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE feeds SET tags = ? WHERE id = ?",
                (json.dumps(list(tags), ensure_ascii=False), feed_id),
            ).rowcount
            if changed == 0:
                raise FeedNotFound(f"no feed with id {feed_id}")

    def record_fetch(self, feed_id: int, **status: Any) -> None:
        """Store a fetch's outcome: etag, last_modified, last_fetched, last_status, last_error,
        failures, next_due, gone, url (after a permanent redirect), title, link."""
        with self._write() as conn:
            write_fetch_status(conn, feed_id, status)


def write_fetch_status(conn: sqlite3.Connection, feed_id: int, status: dict[str, Any]) -> None:
    """A fetch's outcome written inside the caller's transaction (``record_fetch``, ``store_entries``)."""
    unknown = set(status) - _STATUS_FIELDS
    if unknown:
        raise ValueError(f"unknown feed status fields: {sorted(unknown)}")
    if not status:
        if conn.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone() is None:
            raise FeedNotFound(f"no feed with id {feed_id}")
        return
    values = {key: db_value(value) for key, value in status.items()}
    assignments = ", ".join(f"{key} = :{key}" for key in values)
    try:
        changed = conn.execute(
            f"UPDATE feeds SET {assignments} WHERE id = :feed_id", {**values, "feed_id": feed_id}
        ).rowcount
    except sqlite3.IntegrityError:
        raise FeedExists(f"another feed already has the URL {status.get('url')}") from None
    if changed == 0:
        raise FeedNotFound(f"no feed with id {feed_id}")
