"""Full text through the real ``briefing fetch`` (issue 11): quality, coverage and speed.

    python -m bench.fulltext_cli [--quality] [--speed N] [--hosts 50]

Quality: the 91 dev pages of ../shared/eval/article-extraction are served on 127.0.0.1 behind a
teaser-only RSS feed (each item: the page's own title and description, as a feed would carry;
the feed on 127.0.0.1 too, so its links on loopback may be fetched). A real ``briefing fetch``
(a subprocess, default settings: full text "auto") stores the feed and then the pages; the stored
bodies (the full text, or the teaser where the page gave none) are scored with the benchmark's
metric, beside trafilatura's plain ``extract()`` on the same pages in the same run.

Coverage: every story ends with full text or a recorded reason (``full_text_status`` and error).

Speed: N pages (the 91 cycled) served by ``--hosts`` servers on as many loopback addresses
(127.0.0.1-50), one teaser feed; the wall time of ``briefing fetch --no-analysis`` (process start,
the feed, every page fetched, extracted in worker processes and stored) against trafilatura
``extract()`` over the same N pages one after another in one process. ``briefing fetch`` with the
analysis (summary, people, quotes of every full text) is timed too. Skips without ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_extraction import BENCH, feed_clues, load, score  # noqa: E402

HTML = "text/html; charset=utf-8"


def _briefing(db: Path, *argv: str, timeout: float = 900) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    env = dict(os.environ, PYTHONPATH=str(REPO), BRIEFING_CONFIG=str(db.with_suffix(".toml")))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "--db", str(db), *argv], env=env, capture_output=True, timeout=timeout
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0,):
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
    return seconds, done


def _serve(keys: list[str], pages: dict[str, str], hosts: int) -> tuple[list[object], str, list[tuple[str, str]]]:
    """Servers on ``hosts`` loopback addresses; the teaser feed on the first. Returns (servers,
    feed url, [(link, key)])."""
    from tests.fulltext.feeds import teaser_rss
    from tests.support.http import ScriptedServer

    servers = [ScriptedServer(host=f"127.0.0.{n + 1}").start() for n in range(hosts)]
    items, links = [], []
    for i, key in enumerate(keys):
        server = servers[i % hosts]
        server.route(f"/story/{i}", pages[key], content_type=HTML)
        link = f"http://127.0.0.{i % hosts + 1}:{server.port}/story/{i}"
        title, teaser = feed_clues(pages[key])
        items.append((title or f"Story {i}", link, teaser))
        links.append((link, key))
    servers[0].route("/feed.xml", teaser_rss(items, title="Benchmark pages"))
    return servers, servers[0].url("/feed.xml"), links


def _stored(db: Path) -> dict[str, tuple[str, str | None, str | None]]:
    """link -> (body, full_text_status, error) of every stored story."""
    from briefing.core.store import Store

    with Store(db) as store:
        rows = store.conn.execute(
            "SELECT link, body, full_text_status, full_text_error FROM articles"
        ).fetchall()  # bench only: read the archive as the benchmark sees it
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def quality(pages: dict[str, str], truth: dict[str, str], urls: dict[str, str]) -> int:
    import trafilatura

    keys = sorted(pages)
    servers, feed, links = _serve(keys, pages, 1)
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "bench.db"
            _briefing(db, "add", feed)
            seconds, done = _briefing(db, "fetch", "--json")
            report = json.loads(done.stdout or b"{}")
            stored = _stored(db)
    finally:
        for server in servers:
            server.stop()  # type: ignore[attr-defined]
    started = time.perf_counter()
    plain = {key: trafilatura.extract(pages[key], url=urls[key]) or "" for key in keys}
    plain_seconds = time.perf_counter() - started
    ours = {key: stored.get(link, ("", None, None)) for link, key in links}
    statuses = Counter(status or "undecided" for _body, status, _error in ours.values())
    unexplained = [k for k, (_b, status, error) in ours.items() if status != "fetched" and not error]
    n = len(keys)
    print(f"briefing fetch: {seconds:.1f} s for the feed and {n} pages; report pages: {report.get('pages')}")
    print(f"coverage: {dict(statuses)}; stories without full text or a recorded reason: {len(unexplained)}")
    for reason, count in Counter(e for _b, s, e in ours.values() if s != "fetched").most_common(8):
        print(f"  {count} x {reason}")
    print("\n| extractor (same run) | precision | recall | F1 |")
    print("|---|---:|---:|---:|")
    rows = (
        ("`briefing fetch`: stored bodies (teaser where no full text)", {k: v[0] for k, v in ours.items()}),
        (
            "`briefing fetch`: full texts only (no full text = empty)",
            {k: v[0] if v[1] == "fetched" else "" for k, v in ours.items()},
        ),
        (f"trafilatura {trafilatura.__version__} `extract()` defaults ({plain_seconds:.1f} s serial)", plain),
    )
    for name, got in rows:
        scores = [score(got[k], truth[k]) for k in keys]
        p, r, f = (sum(s[i] for s in scores) / n for i in range(3))
        print(f"| {name} | {p:.3f} | {r:.3f} | **{f:.3f}** |")
    return 0 if not unexplained else 1


def speed(count: int, hosts: int, pages: dict[str, str], urls: dict[str, str]) -> int:
    import trafilatura

    keys = sorted(pages)
    chosen = [keys[i % len(keys)] for i in range(count)]
    started = time.perf_counter()
    for key in chosen:
        trafilatura.extract(pages[key], url=urls[key])
    sequential = time.perf_counter() - started
    timings = {}
    for label, extra in (("fetch --no-analysis", ("--no-analysis",)), ("fetch (with analysis)", ())):
        servers, feed, _links = _serve(chosen, pages, hosts)
        try:
            with tempfile.TemporaryDirectory() as folder:
                db = Path(folder) / "bench.db"
                _briefing(db, "add", feed)
                seconds, done = _briefing(db, "fetch", "--json", *extra)
                report = json.loads(done.stdout or b"{}")
                stored = _stored(db)
        finally:
            for server in servers:
                server.stop()  # type: ignore[attr-defined]
        statuses = Counter(s or "undecided" for _b, s, _e in stored.values())
        unexplained = sum(1 for _b, s, e in stored.values() if s != "fetched" and not e)
        timings[label] = seconds
        print(
            f"briefing {label}: {seconds:.2f} s for {count} pages from {hosts} hosts "
            f"({seconds / sequential:.2f}x trafilatura serial); pages {report.get('pages')}; "
            f"coverage {dict(statuses)}, without a reason: {unexplained}"
        )
    print(f"trafilatura extract() one after another in one process: {sequential:.2f} s for {count} pages")
    ratio = timings["fetch --no-analysis"] / sequential
    print(f"ratio (fetch --no-analysis / serial extract): {ratio:.2f}x (target <= 1.5x)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="score the stored bodies (default when no --speed)")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="time N pages from --hosts hosts")
    parser.add_argument("--hosts", type=int, default=50)
    args = parser.parse_args(argv)
    if not BENCH.is_dir():
        print(f"skipped: {BENCH} not found")
        return 0
    loaded = load()
    urls = json.loads(loaded.pop("__urls__"))  # type: ignore[arg-type]
    pages = {k: v[0] for k, v in loaded.items()}
    truth = {k: v[1] for k, v in loaded.items()}
    status = 0
    if args.quality or not args.speed:
        status |= quality(pages, truth, urls)
    if args.speed:
        status |= speed(args.speed, args.hosts, pages, urls)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
