"""Start-up hygiene: opening the archive from the CLI or the reader imports neither sqlite-utils nor
numpy. sqlite-utils imports numpy (and pandas) whenever they are installed, and numpy is there only
for some summary methods: paying ~180 ms for them at every start would be for nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefing.core.store import Store

from .conftest import STORIES, fill

HEAVY = ("numpy", "pandas", "sqlite_utils")
REPO = Path(__file__).resolve().parents[2]


def heavy_modules_after(script: str, *args: str) -> list[str]:
    """Run ``script`` in a fresh interpreter; the heavy modules it left imported."""
    probe = f"{script}\nimport sys\nprint('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("HEAVY=")]
    return [name for name in line.removeprefix("HEAVY=").split(",") if name]


def analysed_archive(store: Store) -> Path:
    fill(store, [story for story in STORIES if story.analysed])  # nothing left for the reader to analyse
    store.close()
    return store.path


def test_cli_commands_that_read_the_archive_import_neither_sqlite_utils_nor_numpy(store: Store) -> None:
    db = str(analysed_archive(store))
    for command in (["feeds"], ["search", "ferry"], ["show", "1"], ["people"]):
        script = (
            "import sys\nfrom briefing.cli import main\n"
            f"code = main(['--db', sys.argv[1], *{command!r}])\nassert code == 0, code"
        )
        assert heavy_modules_after(script, db) == [], command


def test_the_reader_starts_and_shows_a_story_without_sqlite_utils_or_numpy(store: Store) -> None:
    db = str(analysed_archive(store))
    script = (
        "import asyncio, sys\n"
        "from datetime import datetime, timezone\n"
        "from briefing.app import create_app\n"
        "from briefing.config import RefreshSettings, Settings, UISettings\n"
        "from briefing.core.store import Store\n"
        "settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme='textual-dark'))\n"
        "now = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)\n"
        "app = create_app(Store(sys.argv[1]), settings, clock=lambda: now, tz=timezone.utc)\n"
        "async def run():\n"
        "    async with app.run_test(size=(160, 40)) as pilot:\n"
        "        await pilot.pause()\n"
        "        await pilot.press('j', 'enter')\n"
        "        await app.workers.wait_for_complete()\n"
        "        await pilot.pause()\n"
        "asyncio.run(run())\n"
    )
    assert heavy_modules_after(script, db) == []
