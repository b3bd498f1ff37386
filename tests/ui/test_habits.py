"""Keys a newsboat user's fingers expect: q backs out and quits from the top, A marks all shown
read, a toggle hides read stories (and stays), ? lists every binding, [keymap] remaps any of them."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from briefing.config import RefreshSettings, Settings
from briefing.core.models import StoryFilter
from briefing.keys import KEYS
from briefing.screens.feeds import FeedsScreen
from briefing.screens.help import HelpScreen
from briefing.screens.main import MainScreen
from briefing.screens.search import SearchScreen
from briefing.widgets.story_list import StoryList

from .conftest import make_app, settle, shown

SIZES = [(160, 45), (120, 35), (80, 24)]
size_ids = [f"{w}x{h}" for w, h in SIZES]


@pytest.mark.parametrize("size", SIZES, ids=size_ids)
async def test_q_backs_out_of_screens_and_quits_from_the_story_list(archive, size):
    app = make_app(archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("slash", "q")  # typed into the search box, not taken as "back"
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and app.screen.query_one(Input).value == "q"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#quotes").display  # q no longer toggles the quotes panel
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0  # the app ended on q


@pytest.mark.parametrize("size", SIZES, ids=size_ids)
async def test_A_marks_every_story_the_list_shows_as_read(archive, ids, size):
    app = make_app(archive)
    gazette = next(f for f in archive.list_feeds() if f.name == "Harbour Gazette")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.filter_stories(StoryFilter(feed_id=gazette.id))
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        stories = {row.title: row for row in archive.stories(limit=100)}
        assert all(row.read for row in stories.values() if row.feed == "Harbour Gazette")
        assert not any(row.read for row in stories.values() if row.feed == "Valley Courier")
        story_list = app.screen.query_one(StoryList)
        assert all(story_list.window.row(i).read for i in range(story_list.total))  # the list follows
        assert "3 unread of 6" in app.sub_title


@pytest.mark.parametrize("size", SIZES, ids=size_ids)
async def test_hide_read_toggles_and_is_remembered(archive, ids, size):
    archive.set_read(
        [ids["Ferry timetable rewritten after winter storms"], ids["Library extends weekend opening hours"]]
    )
    app = make_app(archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        assert story_list.total == 6
        await pilot.press("H")
        await settle(pilot)
        assert story_list.total == 4
        assert all(not story_list.window.row(i).read for i in range(4))
        assert archive.get_state("ui")["hide_read"] is True
    app = make_app(archive)  # the next start still hides them
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        assert story_list.total == 4
        await pilot.press("H")
        await settle(pilot)
        assert story_list.total == 6 and archive.get_state("ui")["hide_read"] is False


async def test_help_lists_every_binding_with_the_keymap_applied(archive):
    settings = Settings(refresh=RefreshSettings(auto_interval=0), keymap={"mark-all-read": "ctrl+a"})
    app = make_app(archive, settings=settings)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = shown(app.screen.query_one("#help-keys"))
        for key in KEYS:
            assert f"[{key.id}]" in text, key.id
        line = next(line for line in text.splitlines() if "[mark-all-read]" in line)
        assert "ctrl+a" in line and " A " not in line
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+a")  # and the remapped key does it
        await settle(pilot)
        assert all(row.read for row in archive.stories(limit=100))
