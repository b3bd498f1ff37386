"""The reader's house rules: its screens keep answering while another program holds the archive's
write lock, a user's write that cannot get through says so within seconds, progress is coalesced,
and screens reach the reader's parts through ``briefing.services`` rather than the App."""

from __future__ import annotations

import ast
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from briefing.core.models import RefreshProgress
from briefing.core.store import Store
from briefing.messages import coalesced
from briefing.widgets.story_list import StoryList

from .conftest import fill, make_app, settle
from .test_writes import key, toasts

PACKAGE = Path(__file__).resolve().parents[2] / "briefing"


class LockHolder:
    """Another program in the middle of a long write: a thread of its own takes SQLite's write
    lock (BEGIN IMMEDIATE on its own connection) and keeps it until the block ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.taken = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("BEGIN IMMEDIATE")
            self.taken.set()
            self.release.wait(60)
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    @property
    def holding(self) -> bool:
        return self.taken.is_set() and not self.release.is_set() and self.thread.is_alive()

    def __enter__(self) -> LockHolder:
        self.thread.start()
        assert self.taken.wait(5), "the lock holder could not take the write lock"
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(10)


@pytest.fixture
def filled_path(db_path: Path) -> Path:
    with Store(db_path) as store:
        fill(store)
    return db_path


def stored_ui_state(path: Path) -> dict:
    with Store(path) as store:
        return dict(store.get_state("ui") or {})


async def test_keys_answer_while_another_program_holds_the_write_lock(filled_path):
    store = Store(filled_path)  # the default busy timeout (10 s): what a refresh's long write meets
    app = make_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        start = story_list.cursor
        with LockHolder(filled_path) as lock:
            began = time.monotonic()
            await pilot.press(key(app, "toggle-quotes"))
            await pilot.press("j")
            await pilot.pause()
            answered_in = time.monotonic() - began
            assert app.screen.has_class("-no-quotes")  # the panel went at once
            assert story_list.cursor == start + 1  # and the list still moves
            assert lock.holding, "the keys were answered only after the lock was given up"
            assert answered_in < 2.0, answered_in
            assert stored_ui_state(filled_path).get("show_quotes", True) is not False  # not stored yet
        await app.workers.wait_for_complete()  # the lock is gone: the retried write lands
        await pilot.pause()
        assert app.is_running
        assert not any("Not saved" in m for m in toasts(app))
    store.close()
    assert stored_ui_state(filled_path)["show_quotes"] is False


async def test_a_star_behind_a_long_lock_is_taken_back_within_seconds(filled_path):
    """The store's own 10 s busy timeout, three tries: ~31 s before the old reader gave up."""
    store = Store(filled_path)
    app = make_app(store)
    app.write_backoff = (0.05, 0.05)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        story = story_list.current
        with LockHolder(filled_path):
            began = time.monotonic()
            await pilot.press(key(app, "toggle-star"))
            await pilot.pause()
            assert story_list.current.starred  # shown at once while the write is tried
            await app.workers.wait_for_complete()
            await pilot.pause()
            gave_up_in = time.monotonic() - began
            assert not story_list.current.starred  # put back: it was not stored
            assert any("Not saved" in m and "star" in m and "locked" in m for m in toasts(app)), toasts(app)
        assert gave_up_in < 5.0, gave_up_in
    assert not store.get_article(story.id).starred
    store.close()


def test_progress_for_the_screen_is_coalesced_and_ends_full():
    now = [100.0]
    posted: list[int] = []
    report = coalesced(lambda p: posted.append(p.done), per_second=10, clock=lambda: now[0])
    for done in range(1, 1001):  # a thousand small feeds finishing within the same instant
        report(RefreshProgress(done=done, total=1000, new=0))
    assert posted == [1, 1000]
    for done in range(1, 31):  # feeds finishing one every 0.125 s (slower than 10 a second): each is shown
        now[0] += 0.125
        report(RefreshProgress(done=done, total=30, new=0))
    assert posted[2:] == list(range(1, 31))


def _sources(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PACKAGE / folder).glob("*.py"))


@pytest.mark.parametrize("path", _sources("screens", "widgets"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_screens_and_widgets_do_not_import_the_app(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "briefing.app" not in imported, f"{path.name} imports the App: use briefing.services"


def test_nothing_reaches_the_app_past_the_type_checker():
    untyped = re.compile(r"\bapp\.\w+.*#\s*type:\s*ignore")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in _sources("screens", "widgets", ".")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if untyped.search(line)
    ]
    assert offenders == []
