"""The reader and full text, under Pilot with a real archive and real HTTP on 127.0.0.1: the pane
shows the teaser while the page comes, then the full text with its people and quotes; the key
fetches one story now; the Feeds screen shows and changes a feed's mode."""

from __future__ import annotations

import time
from pathlib import Path

from briefing.core.store import Store
from briefing.widgets.people_panel import PeoplePanel
from briefing.widgets.quotes_panel import QuotesPanel
from briefing.widgets.story_list import StoryList
from tests.fulltext import site
from tests.fulltext.feeds import teaser_rss
from tests.support.http import ScriptedServer
from tests.ui.conftest import make_app, settle, shown

HTML = "text/html; charset=utf-8"


def people_of(app) -> list[str]:
    panel = app.screen.query_one(PeoplePanel)
    return [str(panel.get_option_at_index(i).id) for i in range(panel.option_count)]


async def wait_until(pilot, condition, seconds: float = 15.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out waiting"
        await pilot.pause(0.05)


async def test_the_pane_switches_from_teaser_to_full_text_and_the_panels_fill_in(
    tmp_path: Path, http_server: ScriptedServer
) -> None:
    http_server.route("/news/ferry", site.news_page(), content_type=HTML, delay=1.5)
    http_server.route("/feed.xml", teaser_rss([(site.TITLE, http_server.url("/news/ferry"), site.TEASER)]))
    store = Store(tmp_path / "reader.db")
    store.add_feed(http_server.url("/feed.xml"))
    app = make_app(store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        reader = app.screen.reader
        # the feed is stored: the story reads at once with its teaser, and says the page is coming
        await wait_until(pilot, lambda: app.screen.query_one(StoryList).total == 1 and reader.article is not None)
        assert http_server.hits("/news/ferry") <= 1 and reader.article.body == site.TEASER
        assert "still to be fetched" in shown(app.screen.query_one("#text-note"))
        assert "Maren Ostrova" not in people_of(app)
        # the page lands: the same pane now shows the article, and its people and quotes
        await wait_until(pilot, lambda: reader.full_text is True and reader.analysis is not None)
        await settle(pilot)
        assert site.PARAGRAPHS[-1] in shown(app.screen.query_one("#body"))
        assert "Full text from the article page" in shown(app.screen.query_one("#text-note"))
        assert {"Maren Ostrova", "Tobias Quell"} <= set(people_of(app))
        assert "islanders" in shown(app.screen.query_one(QuotesPanel).query_one("#quotes-body"))
    store.close()


async def test_the_key_fetches_this_storys_full_text_now(tmp_path: Path, http_server: ScriptedServer) -> None:
    http_server.route("/news/ferry", site.news_page(), content_type=HTML)
    http_server.route("/feed.xml", teaser_rss([(site.TITLE, http_server.url("/news/ferry"), site.TEASER)]))
    store = Store(tmp_path / "reader.db")
    feed = store.add_feed(http_server.url("/feed.xml"))
    store.set_feed_full_text(feed.id, "never")
    app = make_app(store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert http_server.hits("/news/ferry") == 0
        note = shown(app.screen.query_one("#text-note"))
        assert "full text is off for this feed (mode never)" in note and "F: fetch the full text now" in note
        await pilot.press("F")
        await wait_until(pilot, lambda: app.screen.reader.full_text is True)
        await settle(pilot)
        assert http_server.hits("/news/ferry") == 1
        assert site.PARAGRAPHS[2] in shown(app.screen.query_one("#body"))
        assert "Maren Ostrova" in people_of(app)
    info = store.full_text_info(1)
    assert info is not None and info.status == "fetched" and info.teaser == site.TEASER
    store.close()


async def test_the_feeds_screen_shows_and_changes_the_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    feed = store.add_feed("https://courier.vellmouth.test/feed.xml", title="Vellmouth Courier")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "Full text: auto (the default)" in shown(app.screen.query_one("#feed-detail"))
        await pilot.press("F")
        await settle(pilot)
        assert store.feed_full_text_modes() == {feed.id: "always"}
        assert "Full text: always" in shown(app.screen.query_one("#feed-detail"))
        await pilot.press("F")
        await settle(pilot)
        assert store.feed_full_text_modes() == {feed.id: "never"}
    store.close()
