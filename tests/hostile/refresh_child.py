"""Run one refresh in a child process and report its outcome and peak memory as JSON.

    python -m tests.hostile.refresh_child DB [--timeout S] [--max-bytes N] [--analyse]

Used by the resource-limit tests (and bench/) so that the peak RSS measured is the refresh's own,
not the test runner's. Prints {"results": [...], "rss_start_kb", "rss_peak_kb", "seconds"}.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_kb() -> int:
    """This process's peak resident memory. VmHWM where there is /proc: ru_maxrss survives exec on
    Linux, so in a child forked from a big test runner it would report the runner's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--max-bytes", type=int, default=None)
    parser.add_argument("--analyse", action="store_true")
    args = parser.parse_args(argv)

    from briefing.core.feeds import MAX_BYTES, Fetcher
    from briefing.core.refresh import refresh
    from briefing.core.store import Store

    store = Store(args.db)
    rss_start = peak_rss_kb()
    started = time.monotonic()
    with Fetcher(
        timeout=args.timeout, connect_timeout=min(2.0, args.timeout), max_bytes=args.max_bytes or MAX_BYTES
    ) as fetcher:
        result = refresh(store, fetcher=fetcher, analyse=args.analyse, processes=0, force=True)
    seconds = time.monotonic() - started
    rss_peak = peak_rss_kb()
    json.dump(
        {
            "results": [{"url": r.url, "outcome": r.outcome, "new": r.new, "error": r.error} for r in result.results],
            "rss_start_kb": rss_start,
            "rss_peak_kb": rss_peak,
            "seconds": round(seconds, 2),
        },
        sys.stdout,
    )
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
