"""The archive's full-text part (issue 11): the ``FullTextMixin`` of ``Store``.

A story's body is what the reader shows and the analysis and the search index read. When the
article page gives the full text, ``save_full_texts`` moves the feed's own text into ``teaser``
(kept for good) and puts the full text in ``body``; the FTS row follows through the update
trigger, and ``analysed = 0`` sends the story down the one backlog path (``core.backlog``), which
redoes the summary, people and quotes on the full text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from briefing.core.fulltext.records import (
    LEGACY_REASON,
    STATUSES,
    Candidate,
    FullTextInfo,
    Outcome,
    StoredStatus,
)
from briefing.core.fulltext.teaser import MODES
from briefing.core.store.base import StoreBase
from briefing.core.times import from_iso, iso_z, utc_now

if TYPE_CHECKING:
    pass


def _now_text() -> str:
    return iso_z(utc_now()) or ""


_moment = from_iso


class FullTextMixin(StoreBase):
    """Full-text modes of feeds and full-text state of stories."""

    # --- feeds --------------------------------------------------------------------------------

    def feed_full_text_modes(self) -> dict[int, str | None]:
        """Every feed's own full-text mode (None: it follows ``[refresh] full_text``)."""
        return {row[0]: row[1] for row in self._rows("SELECT id, full_text FROM feeds")}

    def set_feed_full_text(self, feed_id: int, mode: str | None) -> None:
        """Set a feed's mode (None: back to the default). Stories it skipped by its old mode or by
        the teaser rule are judged again at the next fetch."""
        from briefing.core.store import FeedNotFound

        if mode is not None and mode not in MODES:
            raise ValueError(f"full-text mode must be one of {', '.join(MODES)} (not {mode!r})")
        with self._write() as conn:
            if conn.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (mode, feed_id)).rowcount == 0:
                raise FeedNotFound(f"no feed with id {feed_id}")
            conn.execute(
                "UPDATE articles SET full_text_status = NULL, full_text_error = NULL "
                "WHERE feed_id = ? AND full_text_status = 'skipped' AND full_text_error IS NOT ?",
                (feed_id, LEGACY_REASON),
            )

    # --- stories ------------------------------------------------------------------------------

    def full_text_candidates(
        self,
        *,
        feed_id: int | None = None,
        limit: int = 500,
        statuses: Iterable[StoredStatus] = (),
        undecided: bool = True,
        ids: Sequence[int] | None = None,
    ) -> list[Candidate]:
        """Stories to judge, newest first: the undecided ones (new since the last fetch, or left by
        an interrupted one) and those whose status is in ``statuses`` (``fulltext --retry-failed``:
        "failed", "teaser"; ``fulltext``: also "skipped"). ``ids``: these stories, whatever their status."""
        wanted = [s for s in statuses if s in STATUSES]
        conditions = []
        if undecided:
            conditions.append("a.full_text_status IS NULL")
        if wanted:
            conditions.append("a.full_text_status IN (SELECT value FROM json_each(?))")
        if ids is not None:
            conditions = ["a.id IN (SELECT value FROM json_each(?))"]
            wanted = []
        if not conditions:
            return []
        sql = (
            "SELECT a.id, a.feed_id, f.url, f.full_text, a.link, a.title, COALESCE(a.teaser, a.body), "
            "a.content_hash FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE ({' OR '.join(conditions)})"
        )
        params: list[Any] = [json.dumps(wanted)] if wanted else []
        if ids is not None:
            params = [json.dumps([int(i) for i in ids])]
        if feed_id is not None:
            sql += " AND a.feed_id = ?"
            params.append(feed_id)
        sql += " ORDER BY a.published DESC, a.id DESC LIMIT ?"
        params.append(max(0, int(limit)))
        return [Candidate(*row) for row in self._rows(sql, params)]

    def feed_texts(self, feed_id: int, limit: int = 20) -> list[tuple[str, str]]:
        """(title, feed text) of a feed's newest stories: whether it is a teaser feed."""
        rows = self._rows(
            "SELECT title, COALESCE(teaser, body) FROM articles WHERE feed_id = ? "
            "ORDER BY published DESC, id DESC LIMIT ?",
            (feed_id, max(0, int(limit))),
        )
        return [(row[0], row[1]) for row in rows]

    def save_full_texts(self, outcomes: Iterable[Outcome]) -> list[int]:
        """Record many outcomes in ONE transaction; returns the ids whose body is now the full text.

        "fetched": the feed's text goes to ``teaser`` (only the first time), the full text to
        ``body`` (the search index follows by trigger) and the story waits for analysis. Other
        statuses keep the body. A story deleted, or changed by its feed since it was judged
        (``content_hash``), is left alone."""
        stamp = _now_text()
        replaced: list[int] = []
        with self._write() as conn:
            for outcome in outcomes:
                if outcome.status not in STATUSES:
                    raise ValueError(f"unknown full-text status {outcome.status!r}")
                guard = " AND content_hash = ?" if outcome.content_hash is not None else ""
                extra: tuple[Any, ...] = (outcome.content_hash,) if outcome.content_hash is not None else ()
                if outcome.status == "fetched" and outcome.text.strip():
                    cursor = conn.execute(
                        "UPDATE articles SET teaser = COALESCE(teaser, body), body = ?, analysed = 0, "
                        "full_text_status = 'fetched', full_text_error = NULL, full_text_fetched = ? "
                        f"WHERE id = ?{guard}",
                        (outcome.text, stamp, outcome.article_id, *extra),
                    )
                    if cursor.rowcount:
                        replaced.append(outcome.article_id)
                    continue
                status = "failed" if outcome.status == "fetched" else outcome.status
                conn.execute(
                    "UPDATE articles SET full_text_status = ?, full_text_error = ?, full_text_fetched = ? "
                    f"WHERE id = ?{guard}",
                    (status, outcome.error, None if status == "skipped" else stamp, outcome.article_id, *extra),
                )
        return replaced

    def save_full_text(self, article_id: int, text: str, *, content_hash: str | None = None) -> bool:
        """One story's full text (see ``save_full_texts``); False when the story is gone or changed."""
        return bool(self.save_full_texts([Outcome(article_id, "fetched", text, content_hash=content_hash)]))

    def full_text_info(self, article_id: int) -> FullTextInfo | None:
        rows = self._rows(
            "SELECT a.id, a.full_text_status, a.full_text_error, a.full_text_fetched, COALESCE(a.teaser, a.body), "
            "f.full_text FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return FullTextInfo(r[0], r[1], r[2], _moment(r[3]), r[4], r[5])

    def full_text_counts(self, feed_id: int | None = None) -> dict[str, int]:
        """Stories per full-text status ("todo" for the undecided)."""
        sql = "SELECT COALESCE(full_text_status, 'todo'), COUNT(*) FROM articles"
        params: tuple[Any, ...] = ()
        if feed_id is not None:
            sql += " WHERE feed_id = ?"
            params = (feed_id,)
        return {row[0]: row[1] for row in self._rows(sql + " GROUP BY 1", params)}
