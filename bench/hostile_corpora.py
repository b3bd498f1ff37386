"""Every shared corpus document as a feed over HTTP: fetch -> parse -> clean -> analyse -> store.

    python -m bench.hostile_corpora [--no-analysis] [--markdown]

Serves each file of ../shared/corpora/feedparser-tests and ../shared/corpora/real-feeds from
127.0.0.1 (with the HTTP headers a feedparser test file asks for in its ``Header:`` lines, else a
Content-Type by file suffix), subscribes a temporary archive to all of them and runs one real
refresh with analysis. Prints one row per category: feeds, feeds with articles, valid feeds with no
entries, feeds refused with a recorded error, feeds whose problem was noted, articles stored,
articles analysed, and internal errors (an exception turned into a feed error: must be 0). Then
checks the archive: integrity, full-text index, no control character stored.

Measurement only: nothing from ../shared is copied. Exits 0 with a message when ../shared is
absent, 1 when an internal error or a damaged archive is found.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = [SHARED / "corpora" / "feedparser-tests", SHARED / "corpora" / "real-feeds"]
sys.path.insert(0, str(REPO))

CONTENT_TYPES = {
    ".json": "application/feed+json",
    ".rdf": "application/rdf+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
}
_HEADER = re.compile(rb"^Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.MULTILINE)
INTERNAL = ("internal error", "cannot parse the feed", "cannot store")


def category(path: Path) -> str:
    for root in CORPORA:
        if root in path.parents:
            parts = path.relative_to(root).parts
            return f"{root.name}/{parts[0]}" if len(parts) > 1 else root.name
    return "?"


def documents() -> list[Path]:
    found = []
    for root in CORPORA:
        found += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in CONTENT_TYPES)
    return found


def served_headers(path: Path, data: bytes) -> tuple[str | None, dict[str, str]]:
    """The Content-Type and other headers the document's test asks for (feedparser's Header: lines)."""
    content_type = CONTENT_TYPES[path.suffix]
    extra: dict[str, str] = {}
    for name, value in _HEADER.findall(data[:4096]):
        key = name.decode("ascii", "replace")
        text = value.decode("latin-1")
        if key.lower() == "content-type":
            content_type = text
        elif key.lower() not in ("content-length", "content-encoding", "transfer-encoding", "connection"):
            extra[key] = text
    return content_type, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-analysis", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    if not all(root.is_dir() for root in CORPORA):
        print(f"skipped: {SHARED / 'corpora'} is not here (the corpora are measurement-only and not shipped)")
        return 0

    from briefing.core.feeds import Fetcher
    from briefing.core.refresh import refresh
    from briefing.core.store import Store
    from tests.hostile.conftest import forbidden_chars
    from tests.support.http import ScriptedServer

    paths = documents()
    with tempfile.TemporaryDirectory(prefix="briefing-corpora-") as work, ScriptedServer() as server:
        db = Path(work) / "corpora.db"
        store = Store(db)
        by_url: dict[str, Path] = {}
        for n, path in enumerate(paths):
            data = path.read_bytes()
            content_type, extra = served_headers(path, data)
            route = f"/{n}/{path.name}"
            server.route(route, data, content_type=content_type, headers=extra)
            by_url[server.url(route)] = path
            store.add_feed(server.url(route))
        started = time.monotonic()
        with Fetcher(timeout=30, max_connections=8) as fetcher:
            result = refresh(store, fetcher=fetcher, analyse=not args.no_analysis, per_host=8)
        seconds = time.monotonic() - started

        rows: dict[str, Counter] = defaultdict(Counter)
        errors: dict[str, Counter] = defaultdict(Counter)
        internal: list[str] = []
        outcome = {r.url: r for r in result.results}
        for feed in store.list_feeds():
            cat = category(by_url[feed.url])
            row = rows[cat]
            row["feeds"] += 1
            row["articles"] += feed.total
            res = outcome.get(feed.url)
            if res is not None and res.outcome == "failed":
                row["refused"] += 1
                kind = (res.error or "").split(":")[0].split(" (")[0]
                errors[cat][kind[:40]] += 1
                if any(marker in (res.error or "") for marker in INTERNAL):
                    internal.append(f"{by_url[feed.url]}: {res.error}")
            elif feed.total:
                row["with articles"] += 1
            else:
                row["no entries"] += 1
            if feed.last_error and not (res is not None and res.outcome == "failed"):
                row["problem noted"] += 1
        conn = sqlite3.connect(db)
        for cat_row in conn.execute("SELECT COUNT(*) FROM articles WHERE analysed = 1"):
            analysed_total = cat_row[0]
        per_feed_analysed = dict(
            conn.execute("SELECT feed_id, COUNT(*) FROM articles WHERE analysed = 1 GROUP BY feed_id")
        )
        for feed in store.list_feeds():
            rows[category(by_url[feed.url])]["analysed"] += per_feed_analysed.get(feed.id, 0)
        damage = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        try:
            conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            damage.append(f"full-text index: {error}")
        dirty = 0
        for values in conn.execute("SELECT title, body, author, link, guid, summary, people, quotes FROM articles"):
            dirty += any(forbidden_chars(v) for v in values if isinstance(v, str))
        conn.close()
        store.close()

    columns = ["feeds", "with articles", "no entries", "refused", "problem noted", "articles", "analysed"]
    total = Counter()
    for row in rows.values():
        total.update(row)
    if args.markdown:
        print("| category | " + " | ".join(columns) + " |")
        print("|---|" + "---:|" * len(columns))
        for cat in sorted(rows):
            print(f"| {cat} | " + " | ".join(f"{rows[cat][c]:,}" for c in columns) + " |")
        print("| **all** | " + " | ".join(f"**{total[c]:,}**" for c in columns) + " |")
    else:
        print(f"{'category':<34}" + "".join(f"{c:>15}" for c in columns))
        for cat in sorted(rows):
            print(f"{cat:<34}" + "".join(f"{rows[cat][c]:>15,}" for c in columns))
        print(f"{'all':<34}" + "".join(f"{total[c]:>15,}" for c in columns))
    print()
    print("recorded errors (refused feeds) by kind:")
    for cat in sorted(errors):
        print(f"  {cat}: " + "; ".join(f"{kind} x{count}" for kind, count in errors[cat].most_common()))
    print()
    print(
        f"documents: {len(paths)}  refresh with analysis: {seconds:.1f} s  analysed: {analysed_total:,}  "
        f"analysis errors: {len(result.analysis_errors)}"
    )
    print(
        f"internal errors: {len(internal)}  archive damage: {damage or 'none'}  rows with control characters: {dirty}"
    )
    for line in internal[:20]:
        print("  INTERNAL", line)
    for line in result.analysis_errors[:10]:
        print("  ANALYSIS", line)
    return 1 if internal or damage or dirty or result.analysis_errors else 0


if __name__ == "__main__":
    sys.exit(main())
