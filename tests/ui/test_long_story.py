"""A long story reads to its end: space pages it, then moves on to the next unread story; the
story pane scrolls with its own keys once Tab gives it focus. At the three sizes people use."""

from __future__ import annotations

import pytest

from briefing.screens.main import MainScreen
from briefing.widgets.story_list import StoryList
from briefing.widgets.story_view import StoryView

from .conftest import Story, fill, make_app, settle

SIZES = [(160, 45), (120, 35), (80, 24)]
LAST_WORD = "Brackenholtquay"  # one long word: wrapping cannot split it, so it is on screen or not


def long_body(chars: int = 30_000) -> str:
    """Our own filler report, paragraph after paragraph, ending on a sentence found nowhere else."""
    paragraphs: list[str] = []
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < chars:
        n += 1
        paragraphs.append(
            f"Section {n}. The tidal commission of Wrenfield heard evidence from ferry pilots, net "
            f"menders and the keepers of the old salt sheds about the channel, which silted up again "
            f"this autumn. Pilot Oona Fairweather said the buoys drift a little further every week."
        )
    paragraphs.append(f"The report closes by thanking the boat crews of {LAST_WORD}.")
    return "\n\n".join(paragraphs)


LONG = Story(
    "Harbour Gazette",
    "Tidal commission publishes its full channel report",
    1,
    long_body(),
    summary=("The channel report is out.",),
)
NEXT = Story(
    "Valley Courier", "Orchard growers report a record apple harvest", 2, "A short story.", summary=("Apples.",)
)


@pytest.fixture
def long_archive(store):
    fill(store, [LONG, NEXT])
    return store


def on_screen(app) -> str:
    return app.export_screenshot().replace("&#160;", " ")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_space_pages_a_long_story_to_its_last_line_then_goes_on(long_archive, size):
    assert len(LONG.body) >= 30_000
    app = make_app(long_archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(StoryView)
        story_list = app.screen.query_one(StoryList)
        if size[0] < 100:  # one pane at a time: enter opens the story
            await pilot.press("enter")
            await settle(pilot)
        assert reader.article is not None and reader.article.title == LONG.title
        assert LAST_WORD not in on_screen(app)
        assert reader.max_scroll_y > 20  # the pane really has a long text to scroll
        presses = 0
        while reader.scroll_y < reader.max_scroll_y:
            await pilot.press("space")
            await pilot.pause()
            presses += 1
            assert presses < 1000, "space stopped paging"
        await settle(pilot)
        assert reader.scroll_y == reader.max_scroll_y
        assert reader.article.title == LONG.title
        assert LAST_WORD in on_screen(app)
        # One more space at the end: the next unread story.
        await pilot.press("space")
        await settle(pilot)
        assert reader.article.title == NEXT.title
        assert story_list.current.title == NEXT.title
        assert long_archive.get_article(reader.article.id).read


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_story_pane_scrolls_with_its_own_keys_after_tab(long_archive, size):
    app = make_app(long_archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(StoryView)
        if size[0] < 100:
            await pilot.press("enter")
        else:
            await pilot.press("tab")
        await settle(pilot)
        assert app.focused is reader
        await pilot.press("down", "down")
        await pilot.pause()
        assert reader.scroll_y == 2
        await pilot.press("pagedown")
        await pilot.pause()
        assert reader.scroll_y > 2 + reader.scrollable_content_region.height // 2
        await pilot.press("pageup")
        await pilot.pause()
        assert reader.scroll_y == 2
        await pilot.press("end")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y
        assert LAST_WORD in on_screen(app)
        await pilot.press("home")
        await pilot.pause()
        assert reader.scroll_y == 0
        if size[0] >= 100:  # Tab goes on round the panes and back to the list
            await pilot.press("shift+tab")
            await pilot.pause()
            assert isinstance(app.focused, StoryList)


async def test_no_two_widgets_on_the_main_screen_share_an_id(long_archive):
    """A shared id let one CSS rule size two widgets (the story text had nothing to scroll)."""
    app = make_app(long_archive)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        ids = [node.id for node in app.screen.walk_children() if node.id]
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
