"""A synthetic archive of any size, written through the Store's own API (for the story window's tests).

Stories go round the feeds, ``per_day`` of them a day going back from ``now`` (each at a random
moment of its slot), so the list has realistic day groups. Our own text, no analysis.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from briefing.core.models import ParsedEntry
from briefing.core.store import Store

PLACES = ("Harbourside", "Northfield", "Eastgate", "Riverbend", "Millbrook", "Westmoor")
SUBJECTS = ("council", "ferry service", "library", "school board", "orchard cooperative", "museum")
VERBS = ("approves", "delays", "expands", "reviews", "funds", "rebuilds")


def synthetic_archive(db: Path, articles: int, *, feeds: int, per_day: int, now: datetime, seed: int = 7) -> Store:
    """A new archive at ``db`` holding ``articles`` stories; the caller closes the Store."""
    rng = random.Random(seed)
    store = Store(db)
    feed_ids = [store.add_feed(f"https://outlet-{i}.example/rss", title=f"Outlet {i:02d}").id for i in range(feeds)]
    step = 86400 / per_day
    by_feed: dict[int, list[ParsedEntry]] = {feed_id: [] for feed_id in feed_ids}
    for n in range(articles):
        place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
        by_feed[feed_ids[n % feeds]].append(
            ParsedEntry(
                guid=f"synthetic-{n}",
                link=f"https://outlet.example/{n}",
                title=f"{place} {subject} {rng.choice(VERBS)} its plans",
                author=None,
                published=now - timedelta(seconds=n * step + rng.random() * step),
                updated=None,
                body=f"The {subject} in {place} met on Tuesday. A decision is expected within the month.",
            )
        )
    status = {"last_fetched": now, "last_status": 200}
    store.store_many([(feed_id, entries, status) for feed_id, entries in by_feed.items()], now)
    return store
