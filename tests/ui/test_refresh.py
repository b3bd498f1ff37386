"""Refresh from the TUI against a real HTTP server on 127.0.0.1: progress, result, errors."""

from __future__ import annotations

import pytest
from textual.notifications import Notify
from textual.widgets import ProgressBar

from briefing.messages import RefreshFinished, RefreshProgressed
from briefing.widgets.story_list import StoryList
from tests.support.fixtures import http_server  # noqa: F401  (fixture)
from tests.support.tui import notices

from .conftest import make_app, settle

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hilltop Weekly</title><link>https://hilltop.example/</link>
<item><title>Hilltop school opens a new science wing</title><link>https://hilltop.example/science</link>
<guid>hilltop-1</guid><pubDate>Thu, 26 Nov 2026 08:30:00 +0000</pubDate>
<description>The school's head teacher, Priya Nandakumar, cut the ribbon on Wednesday.</description></item>
<item><title>Snow closes the upper pass</title><link>https://hilltop.example/snow</link>
<guid>hilltop-2</guid><pubDate>Thu, 26 Nov 2026 07:15:00 +0000</pubDate>
<description>Road crews expect the pass to reopen by the weekend.</description></item>
</channel></rss>"""


async def test_refresh_shows_progress_and_new_stories(store, http_server):  # noqa: F811
    http_server.route("/hilltop.xml", body=RSS)
    http_server.route("/broken.xml", status=500, body=b"server trouble")
    store.add_feed(http_server.url("/hilltop.xml"))
    broken = store.add_feed(http_server.url("/broken.xml"))
    progress: list[tuple[int, int]] = []

    def hook(message) -> None:
        if isinstance(message, RefreshProgressed):
            progress.append((message.progress.done, message.progress.total))

    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True, message_hook=hook) as pilot:
        await settle(pilot)
        story_list = app.screen.query_one(StoryList)
        assert story_list.total == 0  # nothing fetched until asked
        await pilot.press("r")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        total = len(store.list_feeds())
        assert progress and progress[-1] == (total, total)
        assert [done for done, _ in progress] == sorted(done for done, _ in progress)
        bar = app.screen.query_one("#refresh-progress", ProgressBar)
        assert bar.total == total and bar.progress == total
        assert not app.screen.query_one("#refresh-row").display  # hidden again when done
        assert story_list.total == 2
        titles = {story_list.window.row(i).title for i in range(story_list.total)}
        assert "Snow closes the upper pass" in titles
        messages = notices(app)
        assert any("2 new" in m and "1 failed" in m and "broken.xml" in m for m in messages), messages
        assert store.get_feed(broken.id).last_error


def _outlet_feed(number: int) -> bytes:
    """A small RSS feed of our own for outlet ``number``: three stories with distinct guids."""
    items = "".join(
        f"<item><title>Ridgeford bulletin {number}: council note {i}</title>"
        f"<link>https://ridgeford{number}.example/{i}</link><guid>ridgeford-{number}-{i}</guid>"
        f"<pubDate>Thu, 26 Nov 2026 0{i}:00:00 +0000</pubDate>"
        f"<description>The Ridgeford council met for session {i} of outlet {number}.</description></item>"
        for i in range(1, 4)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Ridgeford Outlet {number}</title><link>https://ridgeford{number}.example/</link>"
        f"{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("feeds", [15, 40])
async def test_refresh_of_many_due_feeds_from_the_reader(store, http_server, feeds):  # noqa: F811
    """12+ due feeds start parse processes from inside Textual (whose stderr has no descriptor):
    the refresh must still store every story and report no failure."""
    for number in range(feeds):
        http_server.route(f"/outlet{number}.xml", body=_outlet_feed(number))
        store.add_feed(http_server.url(f"/outlet{number}.xml"))
    finished: list[RefreshFinished] = []
    notices: list[Notify] = []

    def hook(message) -> None:
        if isinstance(message, RefreshFinished):
            finished.append(message)
        elif isinstance(message, Notify):
            notices.append(message)

    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True, message_hook=hook) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        while not finished:  # the worker has ended; its message may still be queued
            await pilot.pause(0.05)
        await settle(pilot)
        assert finished[0].result is not None, finished[0].error
        assert [r.outcome for r in finished[0].result.results] == ["ok"] * feeds
        assert store.count_stories() == 3 * feeds
        assert all(http_server.hits(f"/outlet{n}.xml") == 1 for n in range(feeds))
        severe = [n.notification.message for n in notices if n.notification.severity != "information"]
        assert not severe, severe
