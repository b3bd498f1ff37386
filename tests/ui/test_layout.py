"""The story list can be read: whole headlines at 120 columns and more, panels that give way,
hidden panels that widen the list, and one pane at a time at 80x24 (enter / escape)."""

from __future__ import annotations

import re

import pytest

from briefing.widgets.people_panel import PeoplePanel
from briefing.widgets.story_list import StoryList, wrap_headline
from briefing.widgets.story_view import StoryView

from .conftest import STORIES, Story, fill, make_app, settle

HEADLINE = "Wrenfield ferry pilots vote to keep the night crossing open all winter"
LONG_HEADLINE = Story(
    "Valley Courier", HEADLINE, 0.5, "The pilots voted on Tuesday night.", summary=("The night ferry stays.",)
)


@pytest.fixture
def headline_archive(store):
    fill(store, [LONG_HEADLINE, *STORIES])
    return store


def row_text(story_list: StoryList, index: int) -> str:
    """Both lines of a story as the list paints them, joined as a person reads them."""
    first = story_list.line_of_row(index) - story_list.scroll_offset.y
    return " ".join(" ".join(story_list.render_line(first + part).text.split()) for part in (0, 1))


def test_wrap_headline_breaks_between_words_and_cuts_only_the_rest():
    assert wrap_headline("Short one", 40, 20) == ("Short one", "")
    first, rest = wrap_headline(HEADLINE, 40, 30)
    assert len(first) <= 40 and f"{first} {rest}" == HEADLINE and not first.endswith(" ")
    first, rest = wrap_headline(HEADLINE, 30, 12)
    assert rest.endswith("…") and len(rest) <= 12
    first, rest = wrap_headline("x" * 50, 20, 40)  # one long word is broken, not lost
    assert first == "x" * 20 and rest == "x" * 30


@pytest.mark.parametrize("size", [(160, 45), (120, 35), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_70_character_headline_is_shown_whole(headline_archive, size):
    assert len(HEADLINE) == 70
    app = make_app(headline_archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        assert story_list.current.title == HEADLINE
        text = row_text(story_list, 0)
        assert HEADLINE in text and "…" not in text, text
        assert "Valley" in text  # the outlet still shows beside it
        # Really on screen: both halves of the headline are in the screenshot.
        svg = app.export_screenshot().replace("&#160;", " ")
        first = story_list.line_of_row(0) - story_list.scroll_offset.y
        for part in (0, 1):
            for segment in re.split(r"\s{2,}", story_list.render_line(first + part).text.strip()):
                if segment in HEADLINE:  # the headline's part on this line (time and outlet are styled apart)
                    assert segment in svg, segment


async def test_the_reader_keeps_a_readable_width_beside_the_list(headline_archive):
    app = make_app(headline_archive)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(StoryView)
        people = app.screen.query_one(PeoplePanel)
        assert reader.region.width >= 60  # a story column, not a strip
        assert people.region.y > reader.region.y  # at 120 columns the panels give way: under the story


@pytest.mark.parametrize("size", [(160, 45), (120, 35)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_hiding_the_panels_widens_the_list(headline_archive, size):
    app = make_app(headline_archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        column = app.screen.query_one("#list-column")
        before = column.region.width
        await pilot.press("left_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert column.region.width > before
        assert app.screen.query_one(StoryView).region.width >= 60


@pytest.mark.parametrize("panels", [True, False], ids=["panels-on", "panels-hidden"])
async def test_at_80x24_enter_opens_the_story_full_width_and_escape_goes_back(headline_archive, panels):
    headline_archive.set_state("ui", {"show_people": panels, "show_quotes": panels})
    app = make_app(headline_archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        story_list = screen.query_one(StoryList)
        reader = screen.query_one(StoryView)
        assert screen.query_one("#list-column").region.width == 80  # whatever the panels' widths elsewhere
        assert story_list.region.height >= 18  # the list has the screen: many stories, not four
        assert reader.region.width == 0
        await pilot.press("j", "j")
        await settle(pilot)
        chosen = story_list.current
        await pilot.press("enter")
        await settle(pilot)
        assert reader.region.width >= 78 and story_list.region.width == 0
        assert reader.article.id == chosen.id
        assert reader.region.height >= 18  # the story has the screen too (no panels squeezed in at 24 rows)
        assert app.focused is reader
        await pilot.press("escape")
        await settle(pilot)
        assert story_list.region.width >= 78 and reader.region.width == 0
        assert app.focused is story_list and story_list.current.id == chosen.id
        await pilot.press("enter", "q")  # q backs out of the story as escape does
        await settle(pilot)
        assert story_list.region.width >= 78 and app.is_running


async def test_narrowing_the_terminal_keeps_the_pane_in_use(headline_archive):
    app = make_app(headline_archive)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(StoryView)
        await pilot.press("tab")  # reading the story...
        await settle(pilot)
        await pilot.resize_terminal(80, 24)  # ...when the terminal gets narrow: the story stays
        await settle(pilot)
        assert reader.region.width >= 78 and app.screen.query_one(StoryList).region.width == 0
        await pilot.press("escape")
        await pilot.resize_terminal(120, 35)
        await settle(pilot)
        await pilot.resize_terminal(80, 24)  # the list had focus: the list stays
        await settle(pilot)
        assert app.screen.query_one(StoryList).region.width >= 78 and reader.region.width == 0
