"""The Feeds screen against real files and a real HTTP server on 127.0.0.1: refresh one feed, OPML
import and export, unread/total columns that follow reading live; and the config's auto-refresh."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from textual.widgets import DataTable, Input

from briefing.core.opml import read_opml
from briefing.messages import StoriesChanged
from briefing.screens.feeds import FeedsScreen
from briefing.widgets.story_list import StoryList
from tests.support.fixtures import http_server  # noqa: F401  (fixture)

from .conftest import NOW, SETTINGS, make_app, settle


def rss(name: str, *titles: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://{name}.example/{i}</link><guid>{name}-{i}</guid>"
        f"<pubDate>Thu, 26 Nov 2026 0{i}:15:00 +0000</pubDate><description>{title}, reported.</description></item>"
        for i, title in enumerate(titles, start=1)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name.title()} News'
            f"</title><link>https://{name}.example/</link>{items}</channel></rss>").encode()


def row_of(table: DataTable, feed_id: int) -> list[str]:
    return [str(cell) for cell in table.get_row(str(feed_id))]


async def open_feeds(pilot) -> DataTable:
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FeedsScreen)
    return pilot.app.screen.query_one(DataTable)


async def test_refresh_one_feed_fetches_only_that_feed(store, http_server):  # noqa: F811
    http_server.route("/ridge.xml", body=rss("ridge", "Ridge trail reopens", "Ridge hut gets a new roof"))
    http_server.route("/marsh.xml", body=rss("marsh", "Marsh birds counted"))
    ridge = store.add_feed(http_server.url("/ridge.xml"), title="Ridge")
    marsh = store.add_feed(http_server.url("/marsh.xml"), title="Marsh")
    app = make_app(store)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        table = await open_feeds(pilot)
        assert row_of(table, ridge.id)[1:3] == ["0", "0"]
        table.move_cursor(row=table.get_row_index(str(ridge.id)))
        await pilot.press("u")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert http_server.hits("/ridge.xml") == 1 and http_server.hits("/marsh.xml") == 0
        assert isinstance(app.screen, FeedsScreen)  # still here, with the fresh status and counts
        cells = row_of(table, ridge.id)
        assert cells[1:3] == ["2", "2"] and cells[-1].startswith("✓ 200"), cells
        assert row_of(table, marsh.id)[1:3] == ["0", "0"]
        assert row_of(table, marsh.id)[3] == "never"
        assert app.main_screen.query_one(StoryList).total == 2


async def test_opml_import_and_export_with_real_files(archive, tmp_path):
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>'
        '<outline text="Local"><outline type="rss" text="Tide Tables" xmlUrl="https://tides.example/feed"/>'
        '<outline type="rss" text="Ferry News" xmlUrl="https://ferries.example/rss"/></outline>'
        # already subscribed (the archive fixture's first feed): not added twice
        '<outline type="rss" text="Gazette" xmlUrl="https://harbour.example/rss"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    exported = tmp_path / "out" / "exported.opml"
    exported.parent.mkdir()
    app = make_app(archive)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        table = await open_feeds(pilot)
        assert table.row_count == 2
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one(Input).value = str(opml)  # typing 80 characters one by one is slow
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert table.row_count == 4
        names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert {"Tide Tables", "Ferry News"} <= names
        tides = archive.get_feed("https://tides.example/feed")
        assert tides is not None and tides.tags == ("Local",)
        assert any("Imported 2 new feeds of 3" in n.message for n in app._notifications)

        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one(Input).value = str(exported)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert exported.exists()
        urls = {entry.url for entry in read_opml(exported)}
        assert urls == {feed.url for feed in archive.list_feeds()} and len(urls) == 4

        await pilot.press("x")  # a path that cannot be written is said, not swallowed
        await settle(pilot)
        app.screen.query_one(Input).value = str(tmp_path / "missing-dir" / "x.opml")
        await pilot.press("enter")
        await settle(pilot)
        assert any(n.severity == "error" and "Cannot write" in n.message for n in app._notifications)


async def test_unread_counts_follow_reading_live(archive, ids):
    gazette = next(f for f in archive.list_feeds() if f.name == "Harbour Gazette")
    courier = next(f for f in archive.list_feeds() if f.name == "Valley Courier")
    app = make_app(archive, settings=replace(SETTINGS, ui=replace(SETTINGS.ui, mark_read_on_open=False)))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = await open_feeds(pilot)
        assert row_of(table, gazette.id)[1:3] == ["3", "3"]
        await pilot.press("escape")
        await settle(pilot)
        # read the newest story (a Gazette one) with m, then come back: the counts moved
        assert app.main_screen.story_list.current.id == ids["Ferry timetable rewritten after winter storms"]
        await pilot.press("m")
        await settle(pilot)
        table = await open_feeds(pilot)
        assert row_of(table, gazette.id)[1:3] == ["2", "3"]
        # and while the screen is open: mark every Courier story read from here
        table.move_cursor(row=table.get_row_index(str(courier.id)))
        await pilot.press("m")
        await settle(pilot)
        await settle(pilot)
        assert row_of(table, courier.id)[1:3] == ["0", "3"]
        assert archive.count_stories(unread=True, feed_id=courier.id) == 0
        assert app.sub_title.startswith("2 unread of 6")
        # a story read elsewhere while the Feeds screen is open (a StoriesChanged from any screen)
        archive.set_read([ids["Lighthouse keeper retires after forty years"]])
        app.post_message(StoriesChanged())
        await settle(pilot)
        await settle(pilot)
        assert row_of(table, gazette.id)[1:3] == ["1", "3"]


async def test_auto_refresh_happens_by_itself(store, http_server):  # noqa: F811
    http_server.route("/ridge.xml", body=rss("ridge", "Ridge trail reopens"))
    store.add_feed(http_server.url("/ridge.xml"))
    now = [NOW]
    settings = replace(SETTINGS, refresh=replace(SETTINGS.refresh, auto_interval=5))  # minutes
    app = make_app(store, settings=settings, clock=lambda: now[0])
    app.auto_refresh_tick = 0.05
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.pause(0.4)  # many ticks, but five minutes have not passed on the app's clock
        await settle(pilot)
        assert http_server.hits("/ridge.xml") == 0
        story_list = app.main_screen.query_one(StoryList)
        assert story_list.total == 0
        now[0] += timedelta(minutes=5, seconds=1)
        for _ in range(40):  # at most ~2 s
            await pilot.pause(0.05)
            if http_server.hits("/ridge.xml"):
                break
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert http_server.hits("/ridge.xml") == 1  # one refresh, not one per tick
        assert story_list.total == 1
        assert story_list.window.row(0).title == "Ridge trail reopens"
