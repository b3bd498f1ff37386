"""The main screen under Pilot: list, reading pane, read/star state, panels, narrow layout."""

from __future__ import annotations

from rich.text import Text

from briefing.config import RefreshSettings, Settings, UISettings
from briefing.screens.main import MainScreen
from briefing.widgets.people_panel import PeoplePanel
from briefing.widgets.quotes_panel import QuotesPanel
from briefing.widgets.story_list import StoryList
from briefing.widgets.story_view import StoryView
from tests.support.tui import notices

from .conftest import INJECTED_TITLE, make_app, settle, shown


def line_texts(story_list: StoryList) -> list[str]:
    return [story_list.render_line(y).text for y in range(story_list.scrollable_content_region.height)]


async def test_first_screen_shows_day_headers_and_rows(archive):
    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        lines = line_texts(story_list)
        assert lines[0].strip().startswith("Today")
        # A story is two lines: its headline, then the rest of it with the time and outlet at the right.
        assert "Ferry timetable" in lines[1] and "●" in lines[1]
        assert "09:00" in lines[2] and "Harbour" in lines[2]
        assert any(line.strip().startswith("Yesterday") for line in lines)
        assert any(line.strip().startswith("Monday 23 November") for line in lines)
        assert story_list.total == 6
        # The first story is on show but opening the app does not mark it read.
        reader = app.screen.query_one(StoryView)
        assert reader.article is not None and reader.article.title.startswith("Ferry")
        assert not archive.get_article(reader.article.id).read
        assert "6 unread of 6" in app.sub_title


async def test_keys_move_and_reading_marks_read(archive, ids):
    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        app.screen.read_after = 60  # (1.5 s in use) a slow machine cannot rest on the story by accident here
        await pilot.press("j")
        await settle(pilot)
        assert story_list.current.title.startswith("Orchard")
        # on show at once, but stepping past a story with j is not reading it...
        assert "Orchard" in shown(app.screen.query_one("#headline"))
        assert not archive.get_article(ids[story_list.current.title]).read
        app.screen.read_after = 0.4  # short, to keep the test quick
        await pilot.press("j", "k")  # (away and back: the rest starts again)
        await pilot.pause(0.4)  # ...resting on it is
        await settle(pilot)
        assert story_list.current.title.startswith("Orchard")
        assert archive.get_article(ids[story_list.current.title]).read
        await pilot.press("end")
        await settle(pilot)
        await pilot.pause(0.4)
        assert story_list.current.title.startswith("Bridge repairs")
        await pilot.press("k", "up")
        await settle(pilot)
        await pilot.pause(0.4)
        assert story_list.current.title.startswith("Library")
        await pilot.press("home")
        await settle(pilot)
        assert story_list.cursor == 0
        await pilot.press("enter")
        await settle(pilot)
        assert archive.get_article(ids["Ferry timetable rewritten after winter storms"]).read
        # Stories the cursor rested on are read; the one k skipped past in a hurry is not.
        assert "2 unread of 6" in app.sub_title
        assert not archive.get_article(ids["Lighthouse keeper retires after forty years"]).read
        # m toggles it back to unread, and the row shows the unread marker again.
        await pilot.press("m")
        await settle(pilot)
        assert not archive.get_article(ids["Ferry timetable rewritten after winter storms"]).read
        assert "●" in line_texts(story_list)[1]


async def test_mark_read_on_open_can_be_turned_off(archive, ids):
    settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(mark_read_on_open=False))
    app = make_app(archive, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert not archive.get_article(ids["Orchard growers report a record apple harvest"]).read


async def test_star_and_next_unread(archive, ids):
    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        ferry = ids["Ferry timetable rewritten after winter storms"]
        assert archive.get_article(ferry).starred
        assert "★" in line_texts(app.screen.query_one(StoryList))[1]
        archive.set_read([ids["Orchard growers report a record apple harvest"]])
        app.screen.reload(keep_current=True)
        await settle(pilot)
        await pilot.press("n")  # skips the read orchard story
        await settle(pilot)
        assert app.screen.query_one(StoryList).current.id == ids[INJECTED_TITLE]


async def test_panels_show_people_and_quotes_and_toggle_persists(archive):
    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        people = app.screen.query_one(PeoplePanel)
        assert [people.get_option_at_index(i).id for i in range(people.option_count)] == [
            "Mara Lindqvist",
            "Tomas Reyes",
        ]
        quotes = app.screen.query_one(QuotesPanel)
        assert "forty minutes" in shown(quotes.query_one("#quotes-body"))
        await pilot.press("left_square_bracket")  # [ ; p and q kept their newsboat meanings
        await settle(pilot)
        assert not people.display or people.region.width == 0
        assert archive.get_state("ui")["show_people"] is False
    # A new run starts with the panel still hidden.
    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-no-people")
        assert app.screen.query_one(PeoplePanel).region.width == 0


async def test_markup_in_titles_is_shown_literally(archive, ids):
    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        lines = line_texts(app.screen.query_one(StoryList))
        assert any("[bold red]Not bold" in line for line in lines)
        assert not any("\x1b" in line for line in lines)
        headline = app.screen.query_one("#headline").render()
        plain = headline.plain if isinstance(headline, Text) else str(headline)
        assert "[bold red]Not bold[/] and [link=https://x.example]no link[/link]" in plain
        svg = app.export_screenshot()
        assert "[bold&#160;red]Not&#160;bold[/]" in svg or "[bold red]Not bold[/]" in svg


async def test_narrow_terminal_shows_one_pane_at_a_time(archive):
    app = make_app(archive)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        story_list = screen.query_one("#list-column")
        reader = screen.query_one(StoryView)
        assert story_list.region.width == 80 and reader.region.width == 0  # the list alone
        await pilot.press("enter")
        await settle(pilot)
        assert reader.region.width >= 78 and story_list.region.width == 0  # the story alone
        assert screen.query_one(PeoplePanel).region.y > reader.region.y  # its panels under it
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert not screen.has_class("-narrow")
        assert screen.query_one(StoryView).region.x > story_list.region.x


async def test_open_link_only_for_web_links(archive):
    opened: list[str] = []
    app = make_app(archive, open_url=opened.append)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://gazette.example/ferry"]
        await pilot.press("j", "o")  # the orchard story links to javascript:
        await settle(pilot)
        assert opened == ["https://gazette.example/ferry"]
        assert any("Not a web link" in m for m in notices(app))


async def test_keymap_from_settings_remaps_a_key(archive, ids):
    settings = Settings(refresh=RefreshSettings(auto_interval=0), keymap={"toggle-star": "x"})
    app = make_app(archive, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert archive.get_article(ids["Ferry timetable rewritten after winter storms"]).starred


async def test_empty_archive_says_what_to_do(store):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "press r" in line_texts(app.screen.query_one(StoryList))[1]


async def test_story_without_analysis_is_analysed_in_a_worker(archive, ids):
    lighthouse = ids["Lighthouse keeper retires after forty years"]
    assert archive.get_analysis(lighthouse) is None
    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)
        await settle(pilot)
        assert app.screen.query_one(StoryView).article.id == lighthouse
        stored = archive.get_analysis(lighthouse)
        assert stored is not None and stored.summary
        summary = shown(app.screen.query_one("#summary"))
        assert "Summarising" not in summary and "lighthouse" in summary.lower()


async def test_cursor_stays_on_its_story_when_new_ones_arrive(archive, ids):
    from datetime import timedelta

    from briefing.core.models import ParsedEntry

    from .conftest import NOW

    app = make_app(archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        library = ids["Library extends weekend opening hours"]
        assert story_list.current.id == library
        feed = archive.list_feeds()[0]
        archive.store_entries(
            feed.id,
            [ParsedEntry("fresh-1", None, "Fresh news arrives", None, NOW - timedelta(minutes=5), None, "Fresh body.")],
            now=NOW,
        )
        app.screen.reload(keep_current=True)
        await settle(pilot)
        assert story_list.total == 7
        assert story_list.current.id == library and story_list.cursor == 4
        assert line_texts(story_list)[1].count("Fresh news arrives") == 1


async def test_day_headers_use_the_apps_clock_and_each_days_own_offset(store):
    """Just after midnight in Berlin on the first summer-time day, by the app's (injected) clock:
    the story from 00:30 CEST is under Today, the one from 23:30 CEST the evening before under
    Yesterday, and 23:30 CET two days back under its weekday (not the wall clock's day)."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from briefing.core.models import ParsedEntry

    utc = timezone.utc
    feed = store.add_feed("https://lindenau.example/rss", title="Lindenau Post")
    published = {
        "Bakery opens at dawn": datetime(2026, 3, 29, 22, 30, tzinfo=utc),
        "Choir sings past midnight": datetime(2026, 3, 29, 21, 30, tzinfo=utc),
        "Tram line closes early": datetime(2026, 3, 28, 22, 30, tzinfo=utc),
    }
    entries = [
        ParsedEntry(guid=t, link=None, title=t, author=None, published=p, updated=None, body=f"{t}, says the town.")
        for t, p in published.items()
    ]
    store.store_entries(feed.id, entries, now=datetime(2026, 3, 29, 22, 40, tzinfo=utc))
    app = make_app(store, clock=lambda: datetime(2026, 3, 29, 22, 45, tzinfo=utc), tz=ZoneInfo("Europe/Berlin"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = [line.strip() for line in line_texts(app.screen.query_one(StoryList))]
        headers = [line for line in lines if line.startswith(("Today", "Yesterday", "Saturday"))]
        assert [h.split()[0] for h in headers] == ["Today", "Yesterday", "Saturday"]
        assert headers[2].startswith("Saturday 28 March")
        today, yesterday, saturday = (lines.index(h) for h in headers)
        assert "Bakery opens" in lines[today + 1]
        assert "Choir sings" in lines[yesterday + 1]
        assert "Tram line" in lines[saturday + 1]
