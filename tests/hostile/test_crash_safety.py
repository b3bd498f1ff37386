"""Crash safety: ``briefing fetch`` killed with SIGKILL at random moments, many times in a row.

The loop itself is in ``kill_loop.py`` (``bench/kill_test.py`` runs it for longer). Here: 15
kills with a fixed seed, so CI is repeatable; after every kill the archive is whole, holds no
partial article or half-written feed, has lost nothing, and the next fetch completes.
"""

from __future__ import annotations

from pathlib import Path

from .kill_loop import kill_loop

RUNS = 15


def test_kill_minus_nine_never_damages_the_archive(tmp_path: Path) -> None:
    lines: list[str] = []
    stats = kill_loop(tmp_path, runs=RUNS, feeds=12, new_per_round=5, log=lines.append)
    assert stats.runs == RUNS
    assert stats.failures == [], "\n".join(stats.failures + lines)
    assert stats.killed >= RUNS // 3, lines  # most rounds really were cut short
    assert stats.articles >= 12 * 30
    print(f"kill -9: {stats.runs} runs, {stats.killed} killed mid-fetch, 0 failures, {stats.seconds:.0f} s")
