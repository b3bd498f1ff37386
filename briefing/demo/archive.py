"""Building the demo archive: the bundled feeds written to files and fetched offline into a
store, rebuilt when the bundle or the program changed or the dates grew stale (so the demo's
stories look like today's news). Used by ``briefing --demo``; free of the CLI and of Textual."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import __version__
from briefing.core.times import iso_z, try_iso

if TYPE_CHECKING:
    from briefing.core.backlog import AnalysisOptions
    from briefing.core.store import Store

DEMO_BUNDLE_KEY = "demo_bundle"
DEMO_BUILT_KEY = "demo_built_at"
DEMO_MAX_AGE = timedelta(hours=24)  # then rebuild, so the demo's dates look like today's news


class DemoBuildFailed(Exception):
    """A bundled feed could not be read into the demo archive (one line)."""


def demo_fingerprint() -> str:
    """Changes whenever the bundled demo stories or the program version change."""
    from briefing.demo import demo_articles

    digest = hashlib.sha256(__version__.encode())
    for article in demo_articles():
        digest.update(repr(article).encode("utf-8"))
    return digest.hexdigest()[:16]


def ensure_demo(
    store: Store,
    db_path: Path,
    analysis: AnalysisOptions,
    note: Callable[[str], None] = lambda _message: None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Fill the demo archive from the bundled feeds, offline, when it is empty or stale.

    ``note`` hears what is happening (a build takes a few seconds); ``DemoBuildFailed`` when a
    bundled feed cannot be read. The feed files are written beside ``db_path``.
    """
    from briefing import demo
    from briefing.core.refresh import refresh

    fingerprint = demo_fingerprint()
    built_at = try_iso(store.get_state(DEMO_BUILT_KEY))
    fresh = built_at is not None and now() - built_at < DEMO_MAX_AGE
    if store.list_feeds() and store.get_state(DEMO_BUNDLE_KEY) == fingerprint and fresh:
        return
    note("Building the demo archive from the bundled feeds (offline)...")
    for feed in store.list_feeds():
        store.remove_feed(feed.id)
    feed_dir = db_path.with_name(db_path.stem + "-feeds")
    for path in demo.demo_feed_paths(dest=feed_dir):
        demo_feed = store.add_feed(str(path.resolve()), tags=("demo",))
        store.set_feed_full_text(demo_feed.id, "never")  # fictional outlets: no pages to fetch
    result = refresh(store, force=True, analysis=analysis)
    failed = [r for r in result.results if r.outcome == "failed"]
    if failed:
        raise DemoBuildFailed(f"could not build the demo archive: {failed[0].url}: {failed[0].error}")
    store.set_state(DEMO_BUNDLE_KEY, fingerprint)
    store.set_state(DEMO_BUILT_KEY, iso_z(now()))
    analysed = f", {result.analysed} analysed now" if result.analysed else ""
    note(f"Demo archive ready: {result.new} stories from {len(result.results)} outlets{analysed}.")
