"""App-wide messages, as dataclasses (Textual calls ``__post_init__``). They carry ids and core
dataclasses, never widgets. Refresh progress is coalesced where it is posted (``coalesced``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from briefing.core.models import Analysis, RefreshProgress, RefreshResult


@dataclass
class OpenStory(Message):
    """Show this story in the main screen's reader (from search, briefing, palette, people)."""

    article_id: int


@dataclass
class FilterByPerson(Message):
    """Filter the story list to stories that mention this person (None clears)."""

    name: str | None


@dataclass
class FilterByFeed(Message):
    """Filter the story list to one feed (None clears)."""

    feed_id: int | None


@dataclass
class RefreshProgressed(Message):
    """More feeds are done; posted from the refresh worker thread, at most a few times a second."""

    progress: RefreshProgress


@dataclass
class RefreshFinished(Message):
    """The refresh worker ended, with a result or an error message."""

    result: RefreshResult | None
    error: str | None = None


@dataclass
class StoriesChanged(Message):
    """Stories were added or their read/star state changed: lists and counts should reload."""


@dataclass
class AnalysisReady(Message):
    """A story was analysed on demand; its panels can fill in."""

    article_id: int
    analysis: Analysis


def coalesced(
    post: Callable[[RefreshProgress], object],
    per_second: float,
    clock: Callable[[], float] = time.monotonic,
) -> Callable[[RefreshProgress], None]:
    """``post`` at most ``per_second`` times a second, for a worker's progress callback: a thousand
    small feeds done in a burst would otherwise queue a thousand repaints on the UI thread.
    The last one (done == total) always goes through, so the bar ends full."""
    gap = 1.0 / per_second
    last = float("-inf")

    def report(progress: RefreshProgress) -> None:
        nonlocal last
        now = clock()
        if now - last >= gap or progress.done >= progress.total:
            last = now
            post(progress)

    return report
