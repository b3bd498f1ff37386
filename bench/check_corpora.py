"""Check the refresh pipeline against the shared corpora (measurement only; nothing is copied).

    python -m bench.check_corpora [--quiet]

1. real-feeds: every file is served from 127.0.0.1 with an ETag and Last-Modified, added as a
   feed to a temporary archive, and refreshed. Each feed must store exactly as many articles as
   feedparser finds distinct entries (by the archive's identity rule: guid, else link, else a hash
   of title + date). A second refresh must be answered 304 everywhere and add nothing.
2. feedparser-tests: every document goes through parse_feed and store_entries; no exception may
   escape (a document that is not a feed is a clean, counted refusal).

Exits 1 when a check fails, 0 when all pass, and 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_FEEDS = SHARED / "corpora" / "real-feeds"
FEEDPARSER_TESTS = SHARED / "corpora" / "feedparser-tests"
sys.path.insert(0, str(REPO))  # the repo's tests/support server, when run as a script

from briefing.core.feeds import NotAFeed, parse_feed  # noqa: E402
from briefing.core.refresh import refresh  # noqa: E402
from briefing.core.store import Store, entry_guid  # noqa: E402
from tests.support.http import ScriptedServer  # noqa: E402

FEED_SUFFIXES = (".xml", ".atom", ".rdf", ".rss", ".json")


def feedparser_identities(data: bytes, url: str) -> set[str]:
    """Distinct entries as feedparser alone sees them (no lxml fast path), keyed by the archive's
    identity rule."""
    parsed = parse_feed(data, {"content-type": "application/xml"}, url, fast=False)
    return {entry_guid(entry) for entry in parsed.entries}


def check_real_feeds(work: Path, quiet: bool) -> bool:
    files = sorted(p for p in REAL_FEEDS.iterdir() if p.suffix in FEED_SUFFIXES)
    store = Store(work / "real.db")
    ok = True
    with ScriptedServer() as server:
        expected: dict[int, int] = {}
        names: dict[int, str] = {}
        for path in files:
            data = path.read_bytes()
            stamp = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
            tag = '"' + hashlib.blake2b(data, digest_size=8).hexdigest() + '"'
            server.route(f"/{path.name}", data, etag=tag, last_modified=stamp, content_type="application/xml")
            feed = store.add_feed(server.url(f"/{path.name}"))
            expected[feed.id] = len(feedparser_identities(data, feed.url))
            names[feed.id] = path.name
        started = time.perf_counter()
        first = refresh(store, analyse=False)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        second = refresh(store, analyse=False)
        warm = time.perf_counter() - started
    stored = {feed.id: feed.total for feed in store.list_feeds()}
    outcome_1 = {r.feed_id: r for r in first.results}
    outcome_2 = {r.feed_id: r for r in second.results}
    print(f"real-feeds: {len(files)} files served on 127.0.0.1")
    print(f"{'file':44} {'feedparser':>10} {'stored':>7} {'1st':>6} {'2nd':>13}  problem")
    for feed_id, name in sorted(names.items(), key=lambda item: item[1]):
        one, two = outcome_1[feed_id], outcome_2[feed_id]
        good = (
            stored[feed_id] == expected[feed_id]
            and one.outcome == "ok"
            and two.outcome == "not_modified"
            and two.new == 0
        )
        ok &= good
        feed = store.get_feed(feed_id)
        problem = (feed.last_error or "") if feed else ""
        if not quiet or not good:
            mark = "" if good else "  <-- MISMATCH"
            print(
                f"{name:44} {expected[feed_id]:>10} {stored[feed_id]:>7} {one.outcome:>6} {two.outcome:>13}  {problem[:60]}{mark}"
            )
    total_expected, total_stored = sum(expected.values()), sum(stored.values())
    print(
        f"total: feedparser {total_expected} distinct entries, stored {total_stored}; "
        f"first refresh {cold:.2f} s ({first.count('ok')} ok, {first.new} new), "
        f"second {warm:.2f} s ({second.count('not_modified')} x 304, {second.new} new)"
    )
    store.close()
    return ok


def check_feedparser_tests(work: Path, quiet: bool) -> bool:
    files = sorted(p for p in FEEDPARSER_TESTS.rglob("*") if p.is_file() and p.suffix in FEED_SUFFIXES)
    store = Store(work / "fp.db")
    counts: Counter[str] = Counter()
    failures: list[str] = []
    started = time.perf_counter()
    now = datetime.now(UTC).replace(microsecond=0)
    for path in files:
        name = str(path.relative_to(FEEDPARSER_TESTS))
        try:
            parsed = parse_feed(path.read_bytes(), {}, f"http://127.0.0.1/{name}")
        except NotAFeed:
            counts["not a feed (clean refusal)"] += 1
            continue
        except Exception:
            failures.append(f"{name}: parse_feed raised\n{traceback.format_exc(limit=3)}")
            continue
        counts["parsed"] += 1
        counts["with a problem noted"] += parsed.problem is not None
        try:
            feed = store.add_feed(f"http://127.0.0.1/{name}")  # one feed per document, as if subscribed
            new, updated = store.store_entries(feed.id, parsed.entries, now, {"last_error": parsed.problem})
        except Exception:
            failures.append(f"{name}: store_entries raised\n{traceback.format_exc(limit=3)}")
            continue
        counts["entries parsed"] += len(parsed.entries)
        counts["articles new"] += new
        counts["articles updated"] += updated
    elapsed = time.perf_counter() - started
    problems = store.integrity_check()
    store.close()
    print(f"\nfeedparser-tests: {len(files)} documents in {elapsed:.1f} s")
    for key in (
        "parsed",
        "with a problem noted",
        "not a feed (clean refusal)",
        "entries parsed",
        "articles new",
        "articles updated",
    ):
        print(f"  {key:28} {counts[key]:>6}")
    print(f"  {'unhandled exceptions':28} {len(failures):>6}")
    print(f"  {'integrity_check':28} {'ok' if problems in ([], ['ok']) else problems}")
    for failure in failures[: (5 if quiet else 50)]:
        print("  " + failure.replace("\n", "\n    "))
    return not failures and problems in ([], ["ok"])


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--quiet", action="store_true", help="only print mismatches and totals")
    args = options.parse_args()
    if not REAL_FEEDS.is_dir() or not FEEDPARSER_TESTS.is_dir():
        print(f"skipped: the shared corpora are not at {SHARED / 'corpora'}")
        return 0
    with tempfile.TemporaryDirectory(prefix="briefing-corpora-") as tmp:
        work = Path(tmp)
        real_ok = check_real_feeds(work, args.quiet)
        tests_ok = check_feedparser_tests(work, args.quiet)
    print(f"\nreal-feeds: {'PASS' if real_ok else 'FAIL'}; feedparser-tests: {'PASS' if tests_ok else 'FAIL'}")
    return 0 if real_ok and tests_ok else 1


if __name__ == "__main__":
    sys.exit(main())
