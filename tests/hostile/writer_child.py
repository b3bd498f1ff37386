"""A second writer in its own process, doing what the open TUI does while cron fetches.

    python -m tests.hostile.writer_child DB SECONDS

For SECONDS it marks stories read and starred, saves UI state, and every few rounds runs a
refresh of two feeds (the TUI's ``r``), all through ``Store``. Every error is caught and reported,
never raised. Prints JSON: {"read": [...ids], "starred": [...], "state": last counter, "errors": [...],
"refreshes": n, "writes": n}.
"""

from __future__ import annotations

import json
import sys
import time


def main(argv: list[str]) -> int:
    from briefing.core.feeds import Fetcher
    from briefing.core.refresh import refresh
    from briefing.core.store import Store

    db, seconds = argv[0], float(argv[1])
    MIN_ROUNDS = 50
    store = Store(db)
    read: set[int] = set()
    starred: set[int] = set()
    errors: list[str] = []
    counter = writes = refreshes = 0
    started = time.monotonic()
    deadline, cap = started + seconds, started + 8 * seconds
    fetcher = Fetcher(timeout=10)
    # At least MIN_ROUNDS rounds (two refreshes among them) even on a loaded machine, where each round
    # may wait on the fetch's lock: the test asserts the writes happened, not how fast.
    while time.monotonic() < deadline or (counter < MIN_ROUNDS and time.monotonic() < cap):
        counter += 1
        try:
            rows = store.stories(limit=400)
            if rows:
                pick = rows[(counter * 7) % len(rows)]
                store.set_read([pick.id], True)
                read.add(pick.id)
                writes += 1
                if counter % 3 == 0:
                    store.set_starred(pick.id, True)
                    starred.add(pick.id)
                    writes += 1
            store.set_state("writer_counter", counter)
            writes += 1
            if counter % 25 == 0:
                feeds = store.list_feeds()[:2]
                result = refresh(store, fetcher=fetcher, force=True, feed_ids=[f.id for f in feeds], analyse=True)
                errors.extend(f"refresh: {r.error}" for r in result.results if r.error)
                errors.extend(f"analysis: {e}" for e in result.analysis_errors)
                refreshes += 1
        except Exception as exc:  # reported, so the test can show what reached the "user"
            errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.01)
    fetcher.close()
    store.close()
    json.dump(
        {
            "read": sorted(read),
            "starred": sorted(starred),
            "state": counter,
            "errors": errors,
            "refreshes": refreshes,
            "writes": writes,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
