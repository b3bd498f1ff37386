"""What a new user sees: outlet names that read as names, the footer's key hints in sight at 90
columns, panels that say why they are empty, Feeds columns that fit a narrow terminal."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from briefing.widgets.people_panel import PeoplePanel
from briefing.widgets.quotes_panel import QuotesPanel
from briefing.widgets.story_list import StoryList, short_outlet

from .conftest import make_app, settle, shown


@pytest.mark.parametrize(
    ("name", "width", "expected"),
    [
        ("Civic Desk Radio", 12, "Civic Desk"),
        ("The Harbour Ledger", 10, "Harbour"),
        ("The Harbour Ledger", 18, "Harbour Ledger"),  # "The" goes even when it would fit
        ("Valley Courier", 14, "Valley Courier"),
        ("Supercalifragilistic Times", 10, "Supercali…"),
        ("The", 10, "The"),
    ],
)
def test_short_outlet_keeps_whole_words(name, width, expected):
    assert short_outlet(name, width) == expected
    assert len(short_outlet(name, width)) <= width


async def test_list_shows_outlets_as_whole_words(archive):
    app = make_app(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        row = story_list.render_line(1).text + story_list.render_line(2).text  # a story is two lines
        assert "Harbour " in row and "Harbour G" not in row.replace("Harbour Gazette", "")
        assert "Ferry timetable" in row


@pytest.mark.parametrize("width", [90, 120])
async def test_footer_keeps_the_navigation_keys_in_sight(archive, width):
    app = make_app(archive)
    async with app.run_test(size=(width, 36)) as pilot:
        await settle(pilot)
        keys = {key.description: key for key in app.screen.query("FooterKey")}
        for wanted in ("Search", "Briefing", "Feeds", "Help"):
            assert wanted in keys, sorted(keys)
            assert keys[wanted].region.right <= width, (wanted, keys[wanted].region)
        await pilot.press("f")  # every screen's footer follows the same rule
        await settle(pilot)
        keys = {key.description: key for key in app.screen.query("FooterKey")}
        assert keys["Mark read"].region.right <= width


async def test_empty_panels_say_why(archive, ids):
    app = make_app(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.screen.open_story(ids["Bridge repairs close the river road"])  # analysed: no people, no quotes
        await settle(pilot)
        assert "No people named in this story" in str(app.screen.query_one(PeoplePanel).get_option_at_index(0).prompt)
        assert "No quotes in this story" in shown(app.screen.query_one("#quotes-body"))
        # a story not analysed yet says so until the worker fills it in
        app.screen.query_one(PeoplePanel).show_people(None)
        app.screen.query_one(QuotesPanel).show_quotes(None)
        await pilot.pause()
        assert "Analysing…" in shown(app.screen.query_one("#quotes-body"))


async def test_feeds_table_fits_a_narrow_terminal(archive):
    app = make_app(archive)
    async with app.run_test(size=(70, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert sum(column.get_render_width(table) for column in table.ordered_columns[:-1]) <= 70 - 20
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert table.row_count == 2 and len(table.ordered_columns) == 6  # a Tags column from 100 columns
        assert table.ordered_columns[0].width > 14  # the name gets the room back
