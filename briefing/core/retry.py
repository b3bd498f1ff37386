"""Retrying a store write that met another writer's lock: the user's action should not be lost
to a refresh that happens to hold the archive for a moment."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from briefing.core.store import DatabaseLocked

T = TypeVar("T")

# Seconds to wait between attempts (each attempt also waits the store's own busy timeout).
WRITE_BACKOFF: tuple[float, ...] = (0.2, 1.0)


def retry_locked(
    write: Callable[[], T], delays: Sequence[float] = WRITE_BACKOFF, sleep: Callable[[float], None] = time.sleep
) -> T:
    """Run ``write``; on ``DatabaseLocked`` wait and try again once per delay, then re-raise.
    Any other error is raised at once (a read-only archive does not get better by waiting)."""
    for delay in delays:
        try:
            return write()
        except DatabaseLocked:
            sleep(delay)
    return write()
