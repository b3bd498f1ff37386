"""Long kill -9 runs against ``briefing fetch`` (the CI test does 15; this does as many as asked).

    python -m bench.kill_test [--runs 200] [--feeds 24] [--seed N] [--quiet]

Each run publishes a new version of every local feed, starts ``briefing fetch``, SIGKILLs its
process group at a random moment and checks the archive (integrity, full-text index, whole
articles, whole feed versions, nothing lost). Prints runs / killed mid-fetch / failures; exits 1
on any failure. Needs nothing from ../shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hostile.kill_loop import kill_loop  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--feeds", type=int, default=24)
    parser.add_argument("--per-round", type=int, default=6, help="new items per feed per round")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-kill-") as work:
        stats = kill_loop(
            Path(work),
            runs=args.runs,
            feeds=args.feeds,
            new_per_round=args.per_round,
            seed=args.seed,
            log=None if args.quiet else print,
        )
    print(
        f"runs: {stats.runs}  killed mid-fetch: {stats.killed}  failures: {len(stats.failures)}  "
        f"articles at the end: {stats.articles}  time: {stats.seconds:.0f} s  "
        f"(feeds {args.feeds}, seed {args.seed})"
    )
    for failure in stats.failures:
        print("FAIL", failure)
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
