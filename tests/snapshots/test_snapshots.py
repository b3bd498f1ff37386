"""SVG snapshots of the main screens at a fixed size, theme, clock and archive.

Plain ``def`` tests: snap_compare runs the app itself. Update with ``--snapshot-update`` after a
deliberate visual change, and look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from briefing.core.store import Store
from tests.ui.conftest import fill, make_app

SIZE = (120, 40)


@pytest.fixture
def snapshot_app(tmp_path: Path):
    store = Store(tmp_path / "snap.db")
    fill(store)
    yield make_app(store)
    store.close()


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    for node in pilot.app.screen.query(Input):
        node.cursor_blink = False
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare, snapshot_app):
    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=_settle)


def test_main_screen_narrow(snap_compare, snapshot_app):
    assert snap_compare(snapshot_app, terminal_size=(80, 36), run_before=_settle)


def test_main_screen_wide(snap_compare, snapshot_app):
    """160 columns: list | story | panels side by side, headlines in two lines."""
    assert snap_compare(snapshot_app, terminal_size=(160, 45), run_before=_settle)


def test_story_one_pane_80x24(snap_compare, snapshot_app):
    """80x24: enter gives the story the whole screen."""

    async def before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=before)


def test_briefing(snap_compare, snapshot_app):
    async def before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("b")
        await _settle(pilot)

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=before)


def test_search_results(snap_compare, snapshot_app):
    async def before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"lindqvist")
        await _settle(pilot)

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=before)


def test_people(snap_compare, snapshot_app):
    async def before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("P")
        await _settle(pilot)

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=before)


def test_feeds(snap_compare, snapshot_app):
    async def before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f")
        await _settle(pilot)

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=before)


def test_help(snap_compare, snapshot_app):
    async def before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await _settle(pilot)

    assert snap_compare(snapshot_app, terminal_size=SIZE, run_before=before)
