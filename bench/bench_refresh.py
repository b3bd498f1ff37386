"""Refresh and search benchmark, with newsboat side by side when it is installed.

    python -m bench.bench_refresh [--feeds 200] [--items 50] [--runs 3] [--search-articles 100000]

What it does, all on this machine and on 127.0.0.1 only:
1. writes FEEDS x ITEMS synthetic RSS feeds (bench.feedgen) and serves them from a separate
   process with ETag and Last-Modified (bench.serve);
2. for each run, interleaving the readers: briefing's default ``fetch`` (analysis on) into an
   empty database; then a ``--no-analysis`` cold load into another empty one, then a
   refresh with nothing changed (every feed answers 304 for briefing; newsboat stores no
   validator on first fetch, so its second reload downloads again and its third is the 304 one:
   both are shown);
3. search latency p50/p95 over an archive of SEARCH_ARTICLES articles built through the Store.

Times are wall-clock seconds of the whole command (process start included, like newsboat's),
medians over the runs with min-max; peak RSS from wait4. ``--compare-tree DIR`` also times
briefing run from another source tree (PYTHONPATH=DIR), interleaved in the same runs, for
before/after figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

from bench.feedgen import VOCABULARY, write_feeds
from bench.serve import ServerProcess

REPO = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, peak RSS in MB, CPU seconds). Fails loudly on non-zero exit.

    CPU is user+sys of the command's whole process tree (worker processes included: they are
    reaped inside the tree, so RUSAGE_CHILDREN of this process grows by all of them)."""
    others = _children()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    _reap_orphans(others)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024, cpu


def _become_subreaper() -> bool:
    """Orphaned descendants (a forkserver and its workers outlive the command by a moment) are
    then re-parented to us, so their CPU time can be collected too. Linux only."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _children() -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
        try:
            found.update(int(pid) for pid in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def _reap_orphans(keep: set[int], timeout: float = 10.0) -> None:
    """Wait for the command's left-over descendants, so RUSAGE_CHILDREN includes them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = _children() - keep
        if not left:
            return
        for pid in left:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        time.sleep(0.01)


def write_opml(path: Path, urls: list[str]) -> None:
    outlines = "\n".join(
        f'    <outline type="rss" text="feed {i}" xmlUrl={quoteattr(u)}/>' for i, u in enumerate(urls, 1)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>bench</title>'
        f"</head><body>\n{outlines}\n</body></opml>\n",
        encoding="utf-8",
    )


def briefing_cmd(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "briefing", "--db", str(db), *args]


def tree_env(tree: Path | None) -> dict[str, str] | None:
    """The environment that runs briefing from another source tree (``--compare-tree``)."""
    if tree is None:
        return None
    return dict(os.environ, PYTHONPATH=str(tree))  # and the command runs in it (cwd comes first on sys.path)


def run_briefing(work: Path, opml: Path, run: int, tree: Path | None = None) -> dict[str, tuple[float, float, float]]:
    """Three scenarios: the default fetch (analysis on) into an empty archive, the --no-analysis
    cold load into another empty one, and a refresh of that one with nothing changed."""
    env = tree_env(tree)
    tag = "before" if tree else "briefing"
    analysed_db = work / f"{tag}-analysed-{run}.db"
    subprocess.run(briefing_cmd(analysed_db, "import", str(opml)), check=True, capture_output=True, env=env, cwd=tree)
    analysed = timed(briefing_cmd(analysed_db, "fetch"), env, tree)
    pending = unanalysed(analysed_db)
    if pending:
        print(f"  note: {tag} run {run}: {pending} article(s) left unanalysed after the default fetch")
    db = work / f"{tag}-{run}.db"
    subprocess.run(briefing_cmd(db, "import", str(opml)), check=True, capture_output=True, env=env, cwd=tree)
    cold = timed(briefing_cmd(db, "fetch", "--no-analysis"), env, tree)
    unchanged = timed(briefing_cmd(db, "fetch", "--no-analysis"), env, tree)
    return {"analysed": analysed, "cold": cold, "unchanged": unchanged}


def unanalysed(db: Path) -> int:
    """Articles without their analysis (read with sqlite3 directly: the bench checks the archive)."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles WHERE analysed = 0").fetchone()[0])


def run_newsboat(work: Path, urls_file: Path, run: int) -> dict[str, tuple[float, float]]:
    home = work / "nb-home"
    home.mkdir(exist_ok=True)
    config = work / "nb-config"
    config.write_text("reload-threads 4\n")
    cache = work / f"nb-cache-{run}.db"
    env = dict(os.environ, HOME=str(home), LANG="C.UTF-8")
    cmd = ["newsboat", "-u", str(urls_file), "-c", str(cache), "-C", str(config), "-x", "reload"]
    return {
        "cold": timed(cmd, env),
        "refetch": timed(cmd, env),
        "unchanged": timed(cmd, env),
    }


def search_latency(work: Path, articles: int) -> dict[str, float]:
    """Fill an archive through the Store and time a mix of queries."""
    from briefing.core.models import ParsedEntry
    from briefing.core.store import Store

    store = Store(work / "search.db")
    rnd = random.Random(7)
    per_feed = 1000
    start = datetime(2026, 1, 1, tzinfo=UTC)
    names = ["Amara Adeyemi", "Bohdan Brandt", "Celia Castillo", "Dario Dorsey"]
    t0 = time.perf_counter()
    for f in range(articles // per_feed):
        feed = store.add_feed(f"http://127.0.0.1/search/{f}.xml", title=f"Desk {f}")
        entries = []
        for i in range(per_feed):
            n = f * per_feed + i
            words = [rnd.choice(VOCABULARY) for _ in range(120)]
            words.insert(rnd.randrange(120), rnd.choice(names))
            entries.append(
                ParsedEntry(
                    guid=f"s-{n}",
                    link=f"http://127.0.0.1/s/{n}",
                    title=" ".join(rnd.choice(VOCABULARY) for _ in range(8)).capitalize(),
                    author=None,
                    published=start + timedelta(minutes=n),
                    updated=None,
                    body=" ".join(words),
                )
            )
        store.store_entries(feed.id, entries, now=start, feed_status={})
    fill = time.perf_counter() - t0
    queries = (
        [rnd.choice(VOCABULARY) for _ in range(60)]
        + [f"{rnd.choice(VOCABULARY)} {rnd.choice(VOCABULARY)}" for _ in range(60)]
        + [f'"{rnd.choice(VOCABULARY)} {rnd.choice(VOCABULARY)}"' for _ in range(30)]
        + [rnd.choice(VOCABULARY)[:3] for _ in range(30)]
        + ["Adeyemi", "Castillo council", "feed:Desk 7 harbour", "since:7d storm", "is:unread vote"]
    )
    times = []
    for q in queries:
        t = time.perf_counter()
        store.search(q, limit=50)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "articles": articles,
        "fill_s": fill,
        "queries": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "max_ms": times[-1],
    }


def fmt(values: list[tuple[float, float, float]]) -> str:
    secs = [v[0] for v in values]
    rss = max(v[1] for v in values)
    cpu = statistics.median(v[2] for v in values)
    return f"{statistics.median(secs):6.2f} s ({min(secs):.2f}-{max(secs):.2f})  cpu {cpu:5.2f} s  peak {rss:5.0f} MB"


def report_refresh(results: dict[str, dict[str, list]], runs: int, newsboat: str | None) -> None:
    """Medians per reader and scenario, and the ratios that the targets are about."""
    print(f"\nrefresh, median of {runs} runs (min-max), whole command:")
    for name, scenarios in results.items():
        for scenario, values in scenarios.items():
            if not values:
                continue
            print(f"  {name:9} {scenario:10} {fmt(values)}")
    if newsboat:
        targets = {"analysed": 2.0, "cold": 0.5, "unchanged": 0.5}
        for name in [n for n in results if n != "newsboat" and results[n]]:
            for scenario, target in targets.items():
                ours = statistics.median(v[0] for v in results[name][scenario])
                # newsboat has one cold load: the analysed and --no-analysis loads both compare with it
                theirs_key = "cold" if scenario == "analysed" else scenario
                theirs = statistics.median(v[0] for v in results["newsboat"][theirs_key])
                per_run = [b[0] / n[0] for b, n in zip(results[name][scenario], results["newsboat"][theirs_key])]
                cpu_ours = statistics.median(v[2] for v in results[name][scenario])
                cpu_theirs = statistics.median(v[2] for v in results["newsboat"][theirs_key])
                print(
                    f"  ratio {name}/newsboat {scenario}: {ours / theirs:.2f}x (target <= {target}x; "
                    f"per interleaved run {', '.join(f'{r:.2f}' for r in per_run)}; "
                    f"cpu {cpu_ours / cpu_theirs:.2f}x)"
                )
    else:
        print("  newsboat not installed: apt-get install newsboat to compare")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search-articles", type=int, default=100_000)
    parser.add_argument("--no-newsboat", action="store_true")
    parser.add_argument(
        "--compare-tree",
        type=Path,
        default=None,
        help="also time briefing from this source tree (e.g. a `git archive` of main), interleaved",
    )
    args = parser.parse_args()

    newsboat = None if args.no_newsboat else shutil.which("newsboat")
    if not _become_subreaper():
        print("note: CPU times exclude processes that outlive the command (no PR_SET_CHILD_SUBREAPER)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"feeds: {args.feeds} x {args.items} items = {args.feeds * args.items} items")
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        write_feeds(work / "feeds", args.feeds, args.items)
        results: dict[str, dict[str, list]] = {"before": {}, "briefing": {}, "newsboat": {}}
        with ServerProcess(work / "feeds") as base:
            urls = [f"{base}/feed{i}.xml" for i in range(1, args.feeds + 1)]
            (work / "urls").write_text("\n".join(urls) + "\n")
            write_opml(work / "feeds.opml", urls)
            for run in range(args.runs):
                readers = [
                    ("before", lambda run=run: run_briefing(work, work / "feeds.opml", run, args.compare_tree)),
                    ("briefing", lambda run=run: run_briefing(work, work / "feeds.opml", run)),
                    ("newsboat", lambda run=run: run_newsboat(work, work / "urls", run)),
                ]
                for name, measure in readers:
                    if (name == "newsboat" and not newsboat) or (name == "before" and not args.compare_tree):
                        continue
                    for scenario, value in measure().items():
                        results[name].setdefault(scenario, []).append(value)
        if args.runs:
            report_refresh(results, args.runs, newsboat)
        if args.search_articles:
            s = search_latency(work, args.search_articles)
            print(
                f"\nsearch over {s['articles']} articles ({s['fill_s']:.0f} s to fill through the Store), "
                f"{s['queries']} queries: p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, "
                f"max {s['max_ms']:.1f} ms (target p95 <= 20 ms)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
