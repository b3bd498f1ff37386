"""Fixtures for the command-line tests: the real ``main`` in-process, or ``python -m briefing``
in a subprocess, always on a database file under tmp_path and never the user's own files."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.core.models import Analysis, Person, Quote
from briefing.core.store import Store
from tests.cli.stories import DROUGHT, FERRY, REPO, STORIES, entry
from tests.support.fixtures import http_server  # noqa: F401  (a fixture for the tests here)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every default location into tmp_path so no test touches the real user dirs."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("BRIEFING_DB", raising=False)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)


@pytest.fixture
def cli_db(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def cli(cli_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``briefing --db <tmp> ARGS`` in-process; stdin may be given as text."""

    def run(*argv: str, stdin: str | None = None, db: Path | None = cli_db) -> Result:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
        prefix = ["--db", str(db)] if db is not None else []
        code = main([*prefix, *argv])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_process(tmp_path: Path) -> Callable[..., Result]:
    """Run ``python -m briefing ARGS`` as a real process with private XDG dirs."""

    def run(*argv: str, stdin: bytes | None = None, timeout: float = 60) -> Result:
        env = dict(os.environ)
        env.update(
            XDG_DATA_HOME=str(tmp_path / "xdg-data"),
            XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
            BRIEFING_CONFIG=str(tmp_path / "config.toml"),
            PYTHONPATH=str(REPO),
        )
        env.pop("BRIEFING_DB", None)
        env.pop("BRIEFING_DEBUG", None)
        done = subprocess.run(
            [sys.executable, "-m", "briefing", *argv],
            input=stdin,
            capture_output=True,
            timeout=timeout,
            cwd=tmp_path,
            env=env,
        )
        out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err
        return Result(done.returncode, out, err)

    return run


# --- an archive filled through the Store API (the refresh has its own tests) ---------------------

ANALYSES = {
    FERRY.guid: Analysis(
        summary=(
            "The Tidewater harbour council voted to run a night ferry to Kestrel Island from spring.",
            "Transport officer Dmitri Halloran expects two hundred passengers a night by summer.",
        ),
        people=(
            Person("Ines Okafor", "Mayor", 2, ("Okafor",)),
            Person("Dmitri Halloran", "transport officer", 2, ("Halloran",)),
        ),
        quotes=(
            Quote("The island has waited long enough, and tonight the council listened,", "Ines Okafor", "person"),
            Quote("We expect to carry two hundred passengers a night by the summer,", "Dmitri Halloran", "person"),
        ),
    ),
    DROUGHT.guid: Analysis(
        summary=("Velmora households may water gardens only on alternate evenings.",),
        people=(Person("Petra Lindqvist", "Water minister", 2, ("Lindqvist",)), Person("Anselm Roe", None, 1)),
        quotes=(
            Quote(
                "Nobody will go without drinking water, but every hose left running costs the whole valley,",
                "Petra Lindqvist",
                "person",
            ),
        ),
    ),
}


@pytest.fixture
def seeded(cli_db: Path) -> dict[str, int]:
    """The three stories in one feed, two of them analysed; returns guid -> article id."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(cli_db) as store:
        feed = store.add_feed("https://tidewater.example/rss", tags=("local",))
        store.store_entries(
            feed.id,
            [entry(s, now) for s in STORIES],
            now,
            {"title": "The Tidewater Courier", "last_fetched": now, "last_status": 200},
        )
        ids = {store.get_article(row.id).guid: row.id for row in store.stories(limit=10)}
        for guid, analysis in ANALYSES.items():
            store.save_analysis(ids[guid], analysis)
    return ids


# --- small file systems: read-only and full archives (root cannot be stopped by chmod) ---------


class Mounts:
    """Mounts made by one test, undone in reverse order at its end."""

    def __init__(self) -> None:
        self.points: list[Path] = []
        self.filesystems: set[Path] = set()

    def _run(self, *argv: str) -> None:
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount here ({' '.join(argv[:4])}: {done.stderr.strip() or done.returncode})")

    def tmpfs(self, where: Path, size: str = "2m") -> Path:
        where.mkdir(parents=True, exist_ok=True)
        self._run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
        self.points.append(where)
        self.filesystems.add(where)
        return where

    def read_only(self, where: Path) -> None:
        """Make a mount point (or, by a bind mount, any file or folder) read-only."""
        if where in self.filesystems:
            self._run("mount", "-o", "remount,ro", str(where))
            return
        self._run("mount", "--bind", str(where), str(where))
        self.points.append(where)
        self._run("mount", "-o", "remount,ro,bind", str(where))

    def bind(self, where: Path) -> None:
        """A writable view of ``where`` on itself (a writable file inside a read-only folder)."""
        self._run("mount", "--bind", str(where), str(where))
        self.points.append(where)
        self._run("mount", "-o", "remount,rw,bind", str(where))

    def undo(self) -> None:
        for point in reversed(self.points):
            subprocess.run(["umount", "-l", str(point)], capture_output=True)
        self.points.clear()


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs Linux and root")
    made = Mounts()
    try:
        yield made
    finally:
        made.undo()
