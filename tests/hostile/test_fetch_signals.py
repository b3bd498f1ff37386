"""`briefing fetch` told to end: SIGINT (Ctrl-C, sent to the whole process group as a terminal
does), SIGTERM, SIGHUP, and kill -9, in the middle of a fetch of 16 feeds (enough for the parse
processes) of which half are read at once (local files) and half are on a local server that
waits 40 s before answering.

Each time: the process ends within 2 s with no traceback and the signal's exit status, its parse
processes end with it (also after kill -9, when nobody is left to end them), the feeds stored
before the signal are kept whole, and the archive is intact.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing.core.store import Store
from tests.support.http import ScriptedServer

from .conftest import check_archive, cli_env, plain_feed

QUICK = 8  # feeds answered at once: stored before the signal comes
SLOW = 8  # feeds whose server waits long before answering: in flight when it comes
STORIES = 3


@dataclass
class Fetching:
    process: subprocess.Popen
    db: Path
    out: Path
    err: Path
    workers: list[int]


def children(pid: int) -> list[int]:
    """The direct children of ``pid``, from /proc (psutil is not a dependency)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting to be reaped has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def stored_per_feed(db: Path) -> dict[int, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return dict(conn.execute("SELECT feed_id, COUNT(*) FROM articles GROUP BY feed_id").fetchall())
    finally:
        conn.close()


def wait_until(condition, timeout: float = 30.0) -> None:
    ends = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > ends:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


@contextlib.contextmanager
def start_fetching(tmp_path: Path, slow_urls: list[str]) -> Iterator[Fetching]:
    """`briefing fetch` running, its quick feeds stored, the ``slow_urls`` in flight, its workers up."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs /proc to see the process tree")
    (tmp_path / "no-config.toml").write_text("[refresh]\ntimeout = 60\nauto_interval = 0\n")
    db = tmp_path / "signals.db"
    store = Store(db)
    for n in range(QUICK):  # local files: a host of their own, so the slow server holds none of them up
        (tmp_path / f"quick{n}.xml").write_bytes(plain_feed(f"Quayside {n}", STORIES))
        store.add_feed((tmp_path / f"quick{n}.xml").as_uri())
    for url in slow_urls:
        store.add_feed(url)
    store.close()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "--db", str(db), "fetch", "--no-analysis"],
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            cwd=tmp_path,
            env=cli_env(tmp_path),
            start_new_session=True,  # its own process group, as a shell job has
        )
    try:
        wait_until(lambda: len(children(process.pid)) >= 2 or process.poll() is not None)
        wait_until(lambda: db.exists() and len(stored_per_feed(db)) == QUICK or process.poll() is not None)
        assert process.poll() is None, err.read_text()
        # the quick feeds' progress lines come after their commits: once all are out, they count as done
        wait_until(lambda: out.read_text().count(": +") >= QUICK or process.poll() is not None)
        yield Fetching(process, db, out, err, children(process.pid))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def fetching(tmp_path: Path) -> Iterator[Fetching]:
    """Half the feeds on a server that waits 40 s before answering."""
    with ScriptedServer() as server:
        for n in range(SLOW):
            server.route(f"/slow{n}.xml", plain_feed(f"Moorland {n}", STORIES), delay=40)
        with start_fetching(tmp_path, [server.url(f"/slow{n}.xml") for n in range(SLOW)]) as running:
            yield running


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [
        (signal.SIGINT, True),  # Ctrl-C: the terminal signals every process of the foreground job
        (signal.SIGTERM, False),
        (signal.SIGHUP, True),  # the terminal closed
    ],
    ids=["SIGINT", "SIGTERM", "SIGHUP"],
)
def test_a_signal_ends_fetch_and_its_workers_within_two_seconds(fetching: Fetching, signum, to_group) -> None:
    process = fetching.process
    assert len(fetching.workers) >= 2
    sent = time.monotonic()
    if to_group:
        os.killpg(process.pid, signum)
    else:
        os.kill(process.pid, signum)
    code = process.wait(timeout=10)
    took = time.monotonic() - sent
    assert took < 2.0, took
    assert code == 128 + signum
    errors = fetching.err.read_text()
    assert "Traceback" not in errors and "Error" not in errors.replace("error", ""), errors
    assert errors.count("\n") == 1 and f"stopped by {signal.Signals(signum).name}" in errors, errors
    wait_until(lambda: not any(alive(pid) for pid in fetching.workers), timeout=1.0)
    kept = stored_per_feed(fetching.db)
    assert len(kept) == QUICK and set(kept.values()) == {STORIES}  # committed feeds kept, each whole
    check_archive(fetching.db)
    summary = fetching.out.read_text().splitlines()[-1] if signum != signal.SIGHUP else ""
    assert not summary or f"{QUICK} ok" in summary and f"{SLOW} skipped" in summary, summary


def test_kill_minus_nine_leaves_no_parse_process_behind(fetching: Fetching) -> None:
    assert len(fetching.workers) >= 2
    fetching.process.kill()
    fetching.process.wait(timeout=10)
    wait_until(lambda: not any(alive(pid) for pid in fetching.workers), timeout=2.0)
    assert len(stored_per_feed(fetching.db)) == QUICK
    check_archive(fetching.db)


def test_a_signal_ends_fetch_even_while_connections_hang(tmp_path: Path) -> None:
    """The slow feeds' host never completes a connection (a listener whose backlog is full): a
    connect cannot be woken, and the fetch still ends within 2 s of SIGTERM."""
    stuck = socket.socket()
    stuck.bind(("127.0.0.1", 0))
    stuck.listen(0)
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(stuck.getsockname())
        fillers.append(filler)
    port = stuck.getsockname()[1]
    try:
        with start_fetching(tmp_path, [f"http://127.0.0.1:{port}/hang{n}.xml" for n in range(SLOW)]) as running:
            sent = time.monotonic()
            os.kill(running.process.pid, signal.SIGTERM)
            code = running.process.wait(timeout=10)
            assert time.monotonic() - sent < 2.0
            assert code == 128 + signal.SIGTERM
            assert "Traceback" not in running.err.read_text()
            wait_until(lambda: not any(alive(pid) for pid in running.workers), timeout=1.0)
            assert len(stored_per_feed(running.db)) == QUICK
    finally:
        for filler in fillers:
            filler.close()
        stuck.close()
