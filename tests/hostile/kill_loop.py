"""Kill ``briefing fetch`` with SIGKILL at random moments and check the archive after every kill.

Shared by ``tests/hostile/test_crash_safety.py`` (a short run) and ``bench/kill_test.py`` (long
runs). A local server serves ``feeds`` feeds; before each round every feed publishes a new
version (``new_per_round`` new items, the newest older item edited), so every fetch has writes.
After each kill the archive must:
- pass ``PRAGMA integrity_check`` and the full-text index's own integrity check;
- hold only whole articles: every row's content hash matches its stored fields;
- hold each feed version all or nothing (one transaction per feed);
- keep every article it held before the kill.
Finally a fetch that is left alone completes and stores everything served.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.models import ParsedEntry
from briefing.core.store import content_hash, from_text
from tests.support.http import ScriptedServer

REPO = Path(__file__).resolve().parents[2]
WORDS = (
    "harbour council ferry budget tram orchard library bridge election storm market school river "
    "museum festival hospital station union strike port court mayor minister"
).split()


@dataclass
class KillStats:
    runs: int = 0
    killed: int = 0  # runs that were still going when the kill came
    failures: list[str] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0


class NewsServer:
    """``feeds`` feeds whose items grow by ``new_per_round`` each round (and whose newest old item changes)."""

    def __init__(self, server: ScriptedServer, feeds: int, new_per_round: int, window: int = 30) -> None:
        self.server = server
        self.feeds = feeds
        self.new_per_round = new_per_round
        self.window = window
        self.round = 0
        self.publish()

    def urls(self) -> list[str]:
        return [self.server.url(f"/feed-{f}.xml") for f in range(self.feeds)]

    def publish(self) -> None:
        self.round += 1
        for f in range(self.feeds):
            self.server.route(f"/feed-{f}.xml", self._document(f), etag=f'"{f}-{self.round}"')

    def _document(self, f: int) -> bytes:
        rng = random.Random(f * 1000 + self.round)
        items = []
        total = self.round * self.new_per_round
        for n in range(max(0, total - self.window), total):
            version = n // self.new_per_round + 1
            words = " ".join(rng.choice(WORDS) for _ in range(60))
            edited = " (updated)" if n == total - self.new_per_round - 1 else ""
            items.append(
                f"<item><title>Feed {f} round {version} item {n}{edited}</title>"
                f"<guid>f{f}-v{version}-i{n}</guid><link>http://127.0.0.1/{f}/{n}</link>"
                f"<pubDate>{_rfc822(1_790_000_000 + n * 60)}</pubDate>"
                f"<description>&lt;p&gt;Story {n} of feed {f}{edited}. {words}.&lt;/p&gt;"
                f'&lt;p&gt;Mayor Ada Lovegood said "the {rng.choice(WORDS)} will open on time".&lt;/p&gt;</description></item>'
            )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {f}</title>'
            f"<link>http://127.0.0.1/{f}</link>{''.join(items)}</channel></rss>"
        ).encode()


def _rfc822(stamp: int) -> str:
    import email.utils

    return email.utils.formatdate(stamp, usegmt=True)


def snapshot(db: Path) -> dict[tuple[int, str], tuple[str, str]]:
    """(feed, guid) -> (content hash, title) of every article."""
    conn = sqlite3.connect(db)
    try:
        return {
            (f, g): (h, t) for f, g, h, t in conn.execute("SELECT feed_id, guid, content_hash, title FROM articles")
        }
    finally:
        conn.close()


def check_after_kill(db: Path, before: dict[tuple[int, str], tuple[str, str]], new_per_round: int) -> list[str]:
    """Every problem found in the archive after a kill (empty when it is whole)."""
    problems: list[str] = []
    conn = sqlite3.connect(db)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems.append(f"integrity_check: {result[:3]}")
        try:
            conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            problems.append(f"full-text index out of sync: {error}")
        rows = conn.execute(
            "SELECT feed_id, guid, link, title, author, body, updated, content_hash FROM articles"
        ).fetchall()
        versions: Counter[tuple[int, str]] = Counter()
        after = {}
        for feed_id, guid, link, title, author, body, updated, digest in rows:
            entry = ParsedEntry(guid, link, title, author, None, from_text(updated), body)
            if content_hash(entry) != digest or not title or not body:
                problems.append(f"partial article {feed_id}/{guid}")
            versions[(feed_id, guid.split("-i")[0])] += 1
            after[(feed_id, guid)] = (digest, title)
        for (feed_id, version), count in versions.items():
            if count != new_per_round:
                problems.append(f"feed {feed_id} version {version}: {count} of {new_per_round} items")
        lost = set(before) - set(after)
        if lost:
            problems.append(f"{len(lost)} articles lost, e.g. {sorted(lost)[:2]}")
    finally:
        conn.close()
    return problems


def fetch_process(db: Path, home: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        BRIEFING_CONFIG=str(home / "no-config.toml"),
        PYTHONPATH=str(REPO),
    )
    for name in ("BRIEFING_DB", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(name, None)
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "--db", str(db), "fetch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=home,
        env=env,
        start_new_session=True,  # its own process group: the kill takes its parse workers too
    )


def kill_loop(
    work: Path, *, runs: int, feeds: int = 24, new_per_round: int = 6, seed: int = 20261126, log=None
) -> KillStats:
    """Run ``runs`` kill rounds and one final clean fetch in ``work``; return what happened."""
    from briefing.core.store import Store

    rng = random.Random(seed)
    stats = KillStats()
    started = time.monotonic()
    db = work / "kill.db"
    with ScriptedServer() as server:
        news = NewsServer(server, feeds, new_per_round)
        store = Store(db)
        for url in news.urls():
            store.add_feed(url)
        store.close()
        # One whole fetch first: it sets the archive's starting point and how long a fetch takes.
        t0 = time.monotonic()
        first = fetch_process(db, work)
        _, err = first.communicate(timeout=300)
        if first.returncode != 0:
            stats.failures.append(f"first fetch failed: {err.decode()[-300:]}")
            return stats
        duration = time.monotonic() - t0
        for run in range(runs):
            news.publish()
            before = snapshot(db)
            process = fetch_process(db, work)
            delay = rng.uniform(0.05, duration * 1.1)
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                stats.killed += 1
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
            if process.stderr is not None:
                process.stderr.close()
            stats.runs += 1
            problems = check_after_kill(db, before, new_per_round)
            for problem in problems:
                stats.failures.append(f"run {run} (kill after {delay:.2f} s): {problem}")
            if log is not None:
                log(
                    f"run {run + 1}/{runs}: kill after {delay:.2f} s, {len(snapshot(db))} articles, "
                    f"{'ok' if not problems else '; '.join(problems[:3])}"
                )
        # The next refresh completes and catches up with everything served.
        last = fetch_process(db, work)
        _, err = last.communicate(timeout=300)
        if last.returncode != 0:
            stats.failures.append(f"final fetch failed: {err.decode()[-300:]}")
        final = snapshot(db)
        expected = min(news.round * new_per_round, news.window) * feeds
        stored_now = Counter(feed_id for feed_id, _guid in final)
        if len(final) < expected or len(stored_now) != feeds:
            stats.failures.append(f"final fetch: {len(final)} articles stored, expected at least {expected}")
        stats.failures.extend(f"after the final fetch: {p}" for p in check_after_kill(db, final, new_per_round))
        stats.articles = len(final)
    stats.seconds = time.monotonic() - started
    return stats
