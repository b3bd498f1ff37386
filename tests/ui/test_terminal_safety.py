"""Escape sequences and control characters from feeds never reach the screen; odd links never open."""

from __future__ import annotations

from datetime import timedelta

from briefing.core.models import Analysis, ParsedEntry, Person, Quote
from briefing.widgets.story_list import StoryList
from briefing.widgets.story_view import openable

from .conftest import NOW, make_app, settle, shown

HOSTILE = (
    "Clipboard \x1b]52;c;ZXZpbA==\x07 grab, "
    "\x1b]8;;https://evil.example\x1b\\hidden link\x1b]8;;\x1b\\ and "
    "\u202ereversed\u202c text with a NUL\x00 and \x1b[2J a clear screen"
)
BAD_CHARS = ("\x1b", "\x07", "\x00", "\u202e", "\u202c", "\x9b")


async def test_hostile_text_is_neutralised_everywhere(store):
    feed = store.add_feed("https://hostile.example/rss", title="Hostile \x1b[31mFeed\x1b[0m")
    store.store_entries(
        feed.id,
        [
            ParsedEntry(
                "h-1",
                "https://hostile.example/a",
                HOSTILE,
                "Author \x1b]52;c;eA==\x07",
                NOW - timedelta(hours=1),
                None,
                HOSTILE + "\n\nSecond paragraph.",
            )
        ],
        now=NOW,
    )
    article_id = store.stories(limit=1)[0].id
    store.save_analysis(
        article_id,
        Analysis((HOSTILE,), (Person("Eve \x1b[5mBlink", None, 1),), (Quote(HOSTILE, "Eve \x1b[5mBlink", "person"),)),
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        lines = [story_list.render_line(y).text for y in range(3)]
        assert "Clipboard" in lines[1] and "grab" in lines[1]
        headline = shown(app.screen.query_one("#headline"))
        assert "hidden link" in headline and "reversed" in headline  # the words survive
        screen = app.export_screenshot()
        for bad in BAD_CHARS:
            assert all(bad not in line for line in lines)
            assert bad not in screen
        for widget_id in ("#headline", "#meta", "#summary", "#body"):
            text = shown(app.screen.query_one(widget_id))
            assert not any(bad in text for bad in BAD_CHARS), widget_id
        await pilot.press("slash", *"clipboard")
        await pilot.pause(0.3)
        await settle(pilot)
        assert not any(bad in app.export_screenshot() for bad in BAD_CHARS)


def test_only_plain_web_links_are_openable():
    assert openable("https://news.example/a") and openable("http://news.example/a")
    for link in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hi",
        "JaVaScRiPt:x",
        "https://news.example/\x1b]52;c;x\x07",
        "https://a.example/ b",
        "ftp://x.example",
        "",
        None,
        "//news.example/no-scheme",
    ):
        assert not openable(link), link
