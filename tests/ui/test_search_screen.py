"""The search screen: the real total, more hits as the cursor nears the end, sorting by best match
or date (remembered), read markers, and quote: snippets that keep quotes apart."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import OptionList

from briefing.core.models import Analysis, ParsedEntry, Quote
from briefing.core.store import QUOTE_SEPARATOR, Store

from .conftest import NOW, make_app, settle, shown

COUNT = 208


def fill_ferries(store: Store) -> list[int]:
    """208 stories mentioning the ferry, one an hour (every fourth with it in the title); ids newest first."""
    feed = store.add_feed("https://ferry-post.example/rss", title="Ferry Post").id
    entries = [
        ParsedEntry(
            f"f-{n}",
            None,
            f"Ferry crossing {n}" if n % 4 == 0 else f"Quayside note {n}",
            None,
            NOW - timedelta(hours=n + 1),
            None,
            f"Note {n}: the ferry left the quay on time.",
        )
        for n in range(COUNT)
    ]
    store.store_entries(feed, entries, now=NOW)
    return [row.id for row in store.stories(limit=1000)]


def prompt(hits: OptionList, index: int) -> str:
    value = hits.get_option_at_index(index).prompt
    return value.plain if isinstance(value, Text) else str(value)


async def search_for(pilot, text: str) -> OptionList:
    await pilot.press("slash", *text)
    await pilot.pause(0.3)
    await settle(pilot)
    return pilot.app.screen.query_one("#hits", OptionList)


async def test_the_real_total_and_more_hits_on_demand(store):
    ids = fill_ferries(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hits = await search_for(pilot, "ferry")
        assert f"{COUNT} results" in shown(app.screen.query_one("#status"))
        assert hits.option_count == 50  # one page so far
        await pilot.press("down", "down")
        assert hits.highlighted == 2
        hits.highlighted = 30  # (a key press costs the Pilot ~80 ms: jump, then walk the last steps by key)
        await settle(pilot)
        assert hits.option_count == 50  # not near the end yet
        await pilot.press(*["down"] * 17)  # down toward the end of the page
        await settle(pilot)
        assert hits.option_count == 100  # the next page came
        assert hits.highlighted == 47
        while hits.option_count < COUNT:  # page after page, the key goes on past the last hit shown
            shown_before = hits.option_count
            hits.highlighted = shown_before - 1
            await settle(pilot)
            assert hits.option_count > shown_before
            await pilot.press("down")
            assert hits.highlighted == shown_before
        assert hits.option_count == COUNT  # every hit reachable, each once
        listed = {int(hits.get_option_at_index(i).id) for i in range(hits.option_count)}
        assert listed == set(ids)
        assert f"{COUNT} results" in shown(app.screen.query_one("#status"))


async def test_sorting_by_date_is_a_key_and_is_remembered(store):
    ids = fill_ferries(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hits = await search_for(pilot, "ferry")
        assert prompt(hits, 0).split("\n")[0].strip("● ").startswith("Ferry crossing")  # title hits first
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "newest first" in shown(app.screen.query_one("#status"))
        newest = [int(hits.get_option_at_index(i).id) for i in range(hits.option_count)]
        assert newest == ids[:50]
        assert "Quayside note 1" in prompt(hits, 1)
    assert store.get_state("ui")["search_order"] == "date"
    again = make_app(store)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hits = await search_for(pilot, "ferry")
        assert int(hits.get_option_at_index(0).id) == ids[0]
        assert "newest first" in shown(again.screen.query_one("#status"))


async def test_hits_show_read_markers_and_quotes_apart(store):
    ids = fill_ferries(store)
    store.set_read([ids[0]])
    store.save_analysis(
        ids[1],
        Analysis(
            (),
            (),
            (
                Quote("the boats will be late on Monday", "Edda Morrow", "person"),
                Quote("the tide decides, not the timetable", "Edda Morrow", "person"),
            ),
        ),
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hits = await search_for(pilot, "ferry")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not prompt(hits, 0).startswith("●") and "read" in prompt(hits, 0).split("\n")[1]
        assert prompt(hits, 1).startswith("●")
        await pilot.press("escape")
        await settle(pilot)
        hits = await search_for(pilot, "quote:tide")
        assert hits.option_count == 1
        snippet = prompt(hits, 0).split("\n")[2]
        assert QUOTE_SEPARATOR.strip() in snippet
        before, after = snippet.split(QUOTE_SEPARATOR.strip())
        assert "Monday" in before and "tide" in after


async def test_filters_alone_say_newest_first(store):
    fill_ferries(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "is:unread")
        status = shown(app.screen.query_one("#status"))
        assert f"{COUNT} results" in status and "newest first" in status and "ctrl+s" not in status


async def test_scrolling_to_the_end_loads_more_too(store):
    fill_ferries(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hits = await search_for(pilot, "ferry")
        assert hits.option_count == 50
        hits.scroll_end(animate=False)  # the mouse wheel or scrollbar, not the cursor
        await pilot.pause()
        await settle(pilot)
        assert hits.option_count == 100
        assert hits.highlighted == 0  # the cursor stayed where it was


async def test_a_since_that_is_not_a_time_is_named_not_silently_dropped(store):
    fill_ferries(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "ferry since:fortnight")
        status = shown(app.screen.query_one("#status"))
        assert f"{COUNT} results" in status  # the rest of the query still runs
        assert "since:fortnight" in status and "Ignored" in status
        await pilot.press(*["backspace"] * len(" since:fortnight"))
        await pilot.pause(0.3)
        await settle(pilot)
        assert "Ignored" not in shown(app.screen.query_one("#status"))
