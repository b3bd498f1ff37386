"""Waiting on the wall clock, for the few stored times the code takes from it (not from a clock passed in)."""

from __future__ import annotations

import math
import time


def next_second() -> None:
    """Return once the wall clock is in a later whole second than when called (half a second on
    average, not a fixed 1.1 s): a time stored with one-second resolution after this differs from
    one stored before."""
    now = time.time()
    time.sleep(math.floor(now) + 1 - now + 0.005)
    while math.floor(time.time()) == math.floor(now):  # sleep() may wake a hair early
        time.sleep(0.001)
