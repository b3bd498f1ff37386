"""Nothing the user does in the reader is silently lost: every star, read mark and setting is
stored, or put back on screen with one line saying it was not (a lock held too long, a read-only
archive)."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from briefing.core.store import Store
from briefing.screens.main import MainScreen
from briefing.widgets.story_list import StoryList

from .conftest import fill, make_app, settle, shown


def toasts(app) -> list[str]:
    """The text of every notification on screen, as rendered."""
    texts = []
    for toast in app.screen.query("Toast"):
        rendered = toast.render()
        texts.append(" ".join(str(getattr(rendered, "plain", rendered)).split()))
    return texts


def key(app, binding_id: str) -> str:
    """The key bound to ``binding_id`` right now (ids are the keymap's contract; keys may move)."""
    for key_name, active in app.active_bindings.items():
        if active.binding.id == binding_id:
            return key_name
    raise LookupError(f"no active binding {binding_id}")


def hold_write_lock(db_path: Path) -> sqlite3.Connection:
    """Another program writing the archive: it holds SQLite's write lock until released."""
    blocker = sqlite3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


def release(blocker: sqlite3.Connection) -> None:
    if blocker.in_transaction:
        blocker.execute("ROLLBACK")
    blocker.close()


@pytest.fixture
def filled_path(db_path: Path) -> Path:
    with Store(db_path) as store:
        fill(store)
    return db_path


async def test_a_star_the_lock_keeps_out_is_taken_back_and_said(filled_path):
    store = Store(filled_path, busy_timeout_ms=200)
    app = make_app(store)
    app.write_backoff = (0.05, 0.05)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        story = story_list.current
        assert not story.starred
        blocker = hold_write_lock(filled_path)
        try:
            await pilot.press(key(app, "toggle-star"))
            await pilot.pause()
            assert story_list.current.starred  # shown at once while the write is tried
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not story_list.current.starred  # ...and taken back when it could not be stored
            assert "★" not in shown(app.screen.query_one("#meta"))
            messages = toasts(app)
            assert any("Not saved" in m and "star" in m and "locked" in m for m in messages), messages
            await pilot.press(key(app, "toggle-read"))  # a read mark meets the same lock
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not story_list.current.read
            assert any("read mark" in m for m in toasts(app))
        finally:
            release(blocker)
    check = Store(filled_path)
    article = check.get_article(story.id)
    assert not article.starred and not article.read
    check.close()
    store.close()


async def test_a_lock_released_while_retrying_lets_the_star_through(filled_path):
    store = Store(filled_path, busy_timeout_ms=200)
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        story = app.screen.query_one(StoryList).current
        blocker = hold_write_lock(filled_path)
        timer = threading.Timer(0.35, release, (blocker,))  # longer than one busy timeout
        timer.start()
        try:
            await pilot.press(key(app, "toggle-star"))
            await app.workers.wait_for_complete()
            await pilot.pause()
        finally:
            timer.join()
        assert app.screen.query_one(StoryList).current.starred
        assert not any("Not saved" in m for m in toasts(app))
    assert store.get_article(story.id).starred
    store.close()


async def test_panel_toggle_under_a_lock_keeps_the_reader_running(filled_path):
    """The ui state is written in a worker: a locked archive neither freezes nor crashes the reader."""
    store = Store(filled_path, busy_timeout_ms=200)
    app = make_app(store)
    app.write_backoff = (0.05,)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        blocker = hold_write_lock(filled_path)
        try:
            await pilot.press(*[key(app, "toggle-people")] * 3)  # three changes while the first write still waits
            assert app.screen.has_class("-no-people")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running
            assert any("Not saved" in m and "panel" in m for m in toasts(app))
        finally:
            release(blocker)
        await pilot.press(key(app, "toggle-people"))
        await app.workers.wait_for_complete()
    assert store.get_state("ui")["show_people"] is True
    store.close()


async def read_only_reader_says_so(store: Store, reason: str) -> None:
    story_id = store.stories(limit=1)[0].id
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        assert app.sub_title.startswith(f"read-only: {reason}")
        assert any("read-only" in m for m in toasts(app))
        story_list = app.screen.query_one(StoryList)
        await pilot.press(key(app, "toggle-star"))
        await pilot.pause()
        assert not story_list.current.starred  # no pretending
        assert any("Cannot save the star" in m and reason in m for m in toasts(app))
        await pilot.press(key(app, "toggle-read"))
        await pilot.pause()
        assert not story_list.current.read
        await pilot.press(key(app, "toggle-people"))  # the panel still hides; it says it will not be remembered
        await pilot.pause()
        assert app.screen.has_class("-no-people")
        assert any("until you quit" in m for m in toasts(app))
        await pilot.press(key(app, "refresh"))  # a refresh could store nothing: it says so instead of fetching
        await pilot.pause()
        assert any("Cannot refresh" in m and reason in m for m in toasts(app))
        assert not app.refreshing
        await pilot.press(key(app, "briefing"))  # closing it would store "last read": not here
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        unanalysed = app.screen.query_one(StoryList)
        lighthouse = next(
            i
            for i in range(unanalysed.total)
            if unanalysed.window.row(i) is not None and unanalysed.window.row(i).title.startswith("Lighthouse keeper")
        )
        unanalysed.move_to(lighthouse)  # never analysed: analysed now, shown, not stored
        await settle(pilot)
        assert "Summarising" not in shown(app.screen.query_one("#summary"))
        assert not any("Could not analyse" in m for m in toasts(app))
        await pilot.press("j")
        await pilot.pause(0.3)
        app.screen.read_after = 0.05
        await pilot.press("k")
        await pilot.pause(0.3)
        await settle(pilot)
        assert app.is_running
    article = store.get_article(story_id)
    assert not article.starred and not article.read


async def test_a_read_only_archive_opens_with_a_banner_and_says_why_writes_cannot(filled_path):
    store = Store(filled_path, read_only=True)
    try:
        await read_only_reader_says_so(store, "opened read-only")
    finally:
        store.close()


@pytest.fixture
def read_only_mount(tmp_path: Path):
    """An archive on a small tmpfs, remounted read-only (skips where mounting is not allowed)."""
    mount_point = tmp_path / "ro"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        with Store(mount_point / "briefing.db") as store:
            fill(store)
            store.checkpoint()
        remount = subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], capture_output=True, text=True)
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        yield mount_point / "briefing.db"
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


async def test_an_archive_on_a_read_only_file_system_opens_read_only(read_only_mount):
    store = Store(read_only_mount)
    assert store.read_only
    try:
        await read_only_reader_says_so(store, "it is on a read-only file system")
    finally:
        store.close()
