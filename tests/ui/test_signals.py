"""The reader in a real pseudo-terminal. SIGTERM or SIGHUP: the terminal is given back as it was
(alternate screen left, mouse reporting off, cursor shown), fast, and the archive's WAL is folded
back in. A console browser from ``[ui] browser`` gets the terminal: the screen is suspended while
it runs and restored after."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from briefing.core.models import StoryFilter
from briefing.core.store import Store

from .conftest import fill

START_TIMEOUT = 30.0  # seconds for the reader to draw its first screen on a busy machine


class Terminal:
    """The reader on the slave end of a pty; everything it writes is collected from the master."""

    def __init__(self, db_path: Path, home: Path, config: Path | None = None) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "HOME": str(home),
            "COLUMNS": "100",
            "LINES": "30",
            "BRIEFING_CONFIG": str(config or home / "no-config.toml"),
            "XDG_DATA_HOME": str(home / "data"),
        }
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "--db", str(db_path)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.output += chunk

    def written(self) -> bytes:
        with self.lock:
            return bytes(self.output)

    def wait_for(self, needle: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.written():
                return True
            if self.process.poll() is not None:
                return needle in self.written()
            time.sleep(0.05)
        return False

    def wait_for_after(self, needle: bytes, start: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.written()[start:]:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=2)
        os.close(self.master)


def _starred_within(db_path: Path, timeout: float) -> bool:
    """Wait for the reader's star to be committed (seen from a connection of our own, closed after)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        conn = sqlite3.connect(str(db_path))
        try:
            if conn.execute("SELECT COUNT(*) FROM articles WHERE starred = 1").fetchone()[0]:
                return True
        finally:
            conn.close()
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_reader_and_restores_the_terminal(tmp_path, signum):
    db_path = tmp_path / "briefing.db"
    with Store(db_path) as store:
        fill(store)
    # Another program with the archive open (idle): closing the reader's connections then leaves
    # the WAL in place, so only the reader's own checkpoint empties it.
    observer = sqlite3.connect(str(db_path), isolation_level=None)
    observer.execute("SELECT COUNT(*) FROM articles").fetchone()
    terminal = Terminal(db_path, tmp_path)
    try:
        assert terminal.wait_for(b"\x1b[?1049h", START_TIMEOUT), terminal.written()[-2000:]
        assert terminal.wait_for(b"unread", START_TIMEOUT), "the reader never drew its counts"
        time.sleep(0.3)  # let the first frames settle
        os.write(terminal.master, b"s")  # star the first story: a write in a worker thread
        assert _starred_within(db_path, 10), "the star never reached the archive"
        before = len(terminal.written())
        sent = time.monotonic()
        terminal.process.send_signal(signum)
        terminal.process.wait(timeout=10)
        elapsed = time.monotonic() - sent
        terminal.reader.join(timeout=2)
        after = terminal.written()[before:]
        assert elapsed < 2.0, f"took {elapsed:.1f}s to exit"
        for sequence in (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l"):
            assert sequence in after, (sequence, after[-500:])
        assert b"Traceback" not in terminal.written()
    finally:
        terminal.close()
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed on the way out
    with Store(db_path) as after_exit:
        assert [row.title for row in after_exit.stories(filter=StoryFilter(starred=True))] == [
            "Ferry timetable rewritten after winter storms"
        ]  # the star made it
    observer.close()


def test_a_console_browser_gets_the_terminal_and_the_reader_comes_back(tmp_path):
    db_path = tmp_path / "briefing.db"
    with Store(db_path) as store:
        fill(store)
    argv_file = tmp_path / "argv.txt"
    browser = tmp_path / "console-browser"
    browser.write_text(
        f"#!{sys.executable}\nimport sys\nprint('CONSOLE-BROWSER-RAN', flush=True)\n"
        f"open({str(argv_file)!r}, 'w').write(' '.join(sys.argv[1:]))\n"
    )
    browser.chmod(0o755)
    config = tmp_path / "config.toml"
    config.write_text(f'[ui]\nbrowser = ["{browser}", "--url", "%u"]\n')
    terminal = Terminal(db_path, tmp_path, config)
    try:
        assert terminal.wait_for(b"unread", START_TIMEOUT), terminal.written()[-2000:]
        time.sleep(0.5)
        before = len(terminal.written())
        os.write(terminal.master, b"o")  # the first story links to https://gazette.example/ferry
        assert terminal.wait_for(b"CONSOLE-BROWSER-RAN", 10)
        ran = before + terminal.written()[before:].index(b"CONSOLE-BROWSER-RAN")
        assert terminal.wait_for_after(b"\x1b[?1049h", ran, 10)  # ...the reader took the screen back after
        assert b"\x1b[?1049l" in terminal.written()[before:ran]  # it left the alternate screen first...
        assert argv_file.read_text() == "--url https://gazette.example/ferry"
        os.write(terminal.master, b"\x11")  # ctrl+q
        assert terminal.process.wait(timeout=10) == 0
    finally:
        terminal.close()
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # a clean exit checkpoints too
