"""The Feeds screen against real files and a real HTTP server on 127.0.0.1: refresh one feed, OPML
import and export, unread/total columns that follow reading live; and the config's auto-refresh."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone

import pytest
from textual.widgets import DataTable, Input

from briefing.app import BriefingApp
from briefing.core.models import StoryFilter
from briefing.core.opml import read_opml
from briefing.messages import StoriesChanged
from briefing.screens.confirm import ConfirmScreen
from briefing.screens.feeds import FeedsScreen
from briefing.screens.prompt import PromptScreen
from briefing.widgets.story_list import StoryList
from tests.support.fixtures import http_server  # noqa: F401  (fixture)

from .conftest import NOW, SETTINGS, make_app, settle, shown


def rss(name: str, *titles: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://{name}.example/{i}</link><guid>{name}-{i}</guid>"
        f"<pubDate>Thu, 26 Nov 2026 0{i}:15:00 +0000</pubDate><description>{title}, reported.</description></item>"
        for i, title in enumerate(titles, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name.title()} News'
        f"</title><link>https://{name}.example/</link>{items}</channel></rss>"
    ).encode()


class RecordingApp(BriefingApp):
    """The real app, keeping a list of what it told the user (message, severity, markup)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[tuple[str, str, bool]] = []

    def notify(self, message, *, title="", severity="information", timeout=None, markup=True) -> None:
        self.notes.append((str(message), severity, markup))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def said(self, part: str, severity: str | None = None) -> bool:
        return any(part in text and severity in (None, level) for text, level, _ in self.notes)


def make_recording_app(store, **options) -> RecordingApp:
    return RecordingApp(store, options.pop("settings", SETTINGS), clock=lambda: NOW, tz=timezone.utc, **options)


async def wait_until(pilot, condition, seconds: float = 5.0, note=None) -> None:
    """Await app events until ``condition()`` holds (a refresh runs in a worker and its own threads)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            break
        await pilot.pause(0.05)
    await settle(pilot)
    assert condition(), note.notes if note is not None else None


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
        assert str(table.get_cell(str(marsh.id), "fetched")) == "never"
        assert app.main_screen.query_one(StoryList).total == 2


async def test_opml_import_and_export_with_real_files(archive, tmp_path, http_server):  # noqa: F811
    http_server.route("/tides.xml", body=rss("tides", "Spring tides expected"))
    http_server.route("/ferries.xml", body=rss("ferries", "Night ferry returns", "Ferry fares frozen"))
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>'
        f'<outline text="Local"><outline type="rss" text="Tide Tables" xmlUrl="{http_server.url("/tides.xml")}"/>'
        f'<outline type="rss" text="Ferry News" xmlUrl="{http_server.url("/ferries.xml")}"/></outline>'
        # already subscribed (the archive fixture's first feed): not added twice
        '<outline type="rss" text="Gazette" xmlUrl="https://harbour.example/rss"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    exported = tmp_path / "out" / "exported.opml"
    exported.parent.mkdir()
    app = make_recording_app(archive)
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
        tides = archive.get_feed(http_server.url("/tides.xml"))
        assert tides is not None and tides.tags == ("Local",)
        assert app.said("Imported subscriptions.opml: 2 added, 1 already present, 0 refused")
        # and the new feeds were fetched at once (only those two), their stories in the list
        await wait_until(pilot, lambda: archive.count_stories() == 9)
        assert http_server.hits("/tides.xml") == 1 and http_server.hits("/ferries.xml") == 1
        assert archive.count_stories(filter=StoryFilter(feed_id=tides.id)) == 1

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
        assert app.said("Cannot write", severity="error")


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
        assert archive.count_stories(filter=StoryFilter(unread=True, feed_id=courier.id)) == 0
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


# --- the keys: enter, j/k, a cursor that stays put ------------------------------------------------


def cursor_feed(pilot) -> int:
    screen = pilot.app.screen
    assert isinstance(screen, FeedsScreen) and screen.current is not None
    return screen.current.id


@pytest.mark.parametrize("size", [(160, 45), (120, 35), (80, 24)])
async def test_enter_shows_that_feeds_stories_and_j_k_move(archive, size):
    feeds = archive.list_feeds()  # by name: Harbour Gazette, Valley Courier
    app = make_app(archive)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_feeds(pilot)
        assert cursor_feed(pilot) == feeds[0].id
        await pilot.press("j")
        assert cursor_feed(pilot) == feeds[1].id
        await pilot.press("k")
        assert cursor_feed(pilot) == feeds[0].id
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen is app.main_screen  # back on the list, filtered to Valley Courier
        story_list = app.main_screen.story_list
        assert story_list.total == 3
        assert {story_list.window.row(i).feed for i in range(3)} == {"Valley Courier"}
        await pilot.press("escape")  # and escape shows everything again
        await settle(pilot)
        assert story_list.total == 6


async def test_cursor_stays_on_the_same_feed_across_visits_and_refreshes(archive):
    feeds = archive.list_feeds()
    app = make_app(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_feeds(pilot)
        await pilot.press("j")
        assert cursor_feed(pilot) == feeds[1].id
        await pilot.press("escape")
        await settle(pilot)
        await open_feeds(pilot)
        assert cursor_feed(pilot) == feeds[1].id
        # a feed added elsewhere sorts before it: the cursor follows the feed, not the row number
        archive.add_feed("https://anchor.example/rss", title="Anchor Weekly")
        app.screen.feeds_changed()
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 3
        assert cursor_feed(pilot) == feeds[1].id


# --- writes go through workers; a refusal is one line and loses nothing -----------------------------


async def test_a_locked_archive_refuses_rename_and_tags_in_one_line(db_path):
    import sqlite3

    from briefing.core.store import Store
    from tests.ui.conftest import fill

    with Store(db_path) as setup:
        fill(setup)
    store = Store(db_path, busy_timeout_ms=200)
    gazette = store.list_feeds()[0]
    holder = sqlite3.connect(db_path)
    try:
        app = make_recording_app(store)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            await open_feeds(pilot)
            holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
            await pilot.press("e")
            await settle(pilot)
            app.screen.query_one(Input).value = "Gazette of the Harbour"
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.said("Could not rename Harbour Gazette", severity="error"), note=app)
            await pilot.press("t")
            await settle(pilot)
            app.screen.query_one(Input).value = "local, ships"
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.said("Could not tag Harbour Gazette", severity="error"))
            assert all("\n" not in text and "locked" in text for text, level, _ in app.notes if level == "error")
            assert isinstance(app.screen, FeedsScreen)  # still running, still here
            holder.rollback()
            kept = store.get_feed(gazette.id)
            assert kept.name == "Harbour Gazette" and kept.tags == ()
            assert str(app.screen.query_one(DataTable).get_cell(str(gazette.id), "feed")) == "Harbour Gazette"
    finally:
        holder.close()
        store.close()


async def test_a_read_only_archive_refuses_remove_and_mark_read(db_path):
    from briefing.core.store import Store
    from tests.ui.conftest import fill

    with Store(db_path) as setup:
        fill(setup)
    store = Store(db_path, read_only=True)
    try:
        app = make_recording_app(store)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            await open_feeds(pilot)
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("y")
            await wait_until(pilot, lambda: app.said("Could not remove Harbour Gazette", severity="error"))
            await pilot.press("m")
            await wait_until(pilot, lambda: app.said("Could not mark Harbour Gazette read", severity="error"))
            assert app.said("read-only", severity="error")
            assert not app.said("Removed")
            assert len(store.list_feeds()) == 2 and store.count_stories(filter=StoryFilter(unread=True)) == 6
            assert app.screen.query_one(DataTable).row_count == 2
    finally:
        store.close()


# --- add, import, export --------------------------------------------------------------------------


async def test_add_checks_the_location_and_says_why_it_refuses(store, http_server):  # noqa: F811
    http_server.route("/ridge.xml", body=rss("ridge", "Ridge trail reopens"))
    app = make_recording_app(store)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await open_feeds(pilot)
        await pilot.press("a")
        await settle(pilot)
        for typed, reason in [
            ("not a url", "spaces"),
            ("ftp://files.example/feed.xml", "unsupported URL scheme ftp:"),
            ("/etc/hostname", "not an http or https URL"),
            ("file:///etc/hostname", "only be added with `briefing add`"),
        ]:
            app.screen.query_one(Input).value = typed
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PromptScreen), typed  # still asking
            refusal = app.screen.query_one("#refusal")
            assert refusal.display and reason in shown(refusal), (typed, shown(refusal))
        assert store.list_feeds() == []
        app.screen.query_one(Input).value = http_server.url("/ridge.xml")
        await pilot.press("enter")
        await wait_until(pilot, lambda: store.count_stories() == 1)
        assert [feed.url for feed in store.list_feeds()] == [http_server.url("/ridge.xml")]
        assert app.said("Added http://127.0.0.1")


async def test_import_refuses_hostile_outlines_cleans_the_rest_and_fetches_them(store, tmp_path, http_server):  # noqa: F811
    http_server.route("/ridge.xml", body=rss("ridge", "Ridge trail reopens"))
    secret = tmp_path / "notes.xml"
    secret.write_bytes(rss("secret", "Private diary entry"))
    opml = tmp_path / "hostile.opml"
    outlines = [
        f'<outline text="Ridge\u009b31m \u202eNews" category="Hills\u0085,\u2066Local" xmlUrl="{http_server.url("/ridge.xml")}"/>',
        f'<outline text="Notes" xmlUrl="{secret}"/>',
        f'<outline text="Notes URL" xmlUrl="file://{secret}"/>',
        '<outline text="Home" xmlUrl="~/notes.xml"/>',
        '<outline text="Up" xmlUrl="../../etc/hostname"/>',
        '<outline text="Script" xmlUrl="javascript:alert(1)"/>',
    ]
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body>{"".join(outlines)}</body></opml>', encoding="utf-8"
    )
    app = make_recording_app(store)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await open_feeds(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one(Input).value = str(opml)
        await pilot.press("enter")
        await wait_until(pilot, lambda: store.count_stories() == 1)
        assert app.said("1 added, 0 already present, 5 refused", severity="warning")
        assert app.said("not an http or https URL")  # the first reasons are named
        feeds = store.list_feeds()
        assert [feed.url for feed in feeds] == [http_server.url("/ridge.xml")]
        assert feeds[0].user_title == "Ridge News" and feeds[0].tags == ("Hills", "Local")
        assert store.search("diary") == []
        for text, _, markup in app.notes:
            assert not markup and not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch == "\u202e" for ch in text)


async def test_export_asks_before_replacing_a_file(archive, tmp_path):
    target = tmp_path / "feeds.opml"
    target.write_text("my own notes, not OPML", encoding="utf-8")
    app = make_recording_app(archive)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await open_feeds(pilot)
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "my own notes, not OPML"
        assert app.said("Not exported")
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert len(read_opml(target)) == 2
        assert app.said("Exported 2 feeds")


async def test_notifications_about_feeds_are_clean_lines(archive):
    gazette = archive.list_feeds()[0]
    archive.rename_feed(gazette.id, "Gazette \u009b2J[bold]loud[/bold]\u202e")
    app = make_recording_app(archive)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await open_feeds(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: app.said("Marked 3 stories read in Gazette"))
        text, _, markup = next(note for note in app.notes if note[0].startswith("Marked"))
        assert text == "Marked 3 stories read in Gazette [bold]loud[/bold]" and markup is False


async def test_tags_are_edited_on_the_feeds_screen_and_shown_with_the_story(archive, ids):
    gazette = archive.list_feeds()[0]
    app = make_app(archive)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        meta = app.main_screen.query_one("#meta")
        assert shown(meta).startswith("Harbour Gazette  ·  by Staff reporter")  # no tags yet
        table = await open_feeds(pilot)
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one(Input).value = " Harbour, ships,, \u202eHARBOUR "
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert archive.get_feed(gazette.id).tags == ("Harbour", "ships")
        assert str(table.get_cell(str(gazette.id), "tags")) == "Harbour, ships"
        assert "Tags: Harbour, ships" in shown(app.screen.query_one("#feed-detail"))
        await pilot.press("escape")
        await settle(pilot)
        assert shown(meta).startswith("Harbour Gazette  [Harbour, ships]  ·  by Staff reporter")
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"tag:ships ")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        assert "3 result" in shown(app.screen.query_one("#status"))  # the Gazette's three stories
        await pilot.press("escape")
        await settle(pilot)
        table = await open_feeds(pilot)  # an empty answer clears them
        await pilot.press("t")
        await settle(pilot)
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert archive.get_feed(gazette.id).tags == ()
