"""Notifications built from feed text, URLs and errors never carry terminal controls: C1 (CSI as
U+009B), ESC sequences and bidi overrides are stripped before anything reaches the screen."""

from __future__ import annotations

from datetime import timedelta

from briefing.core.models import ParsedEntry
from briefing.core.store import Store
from tests.support.fixtures import http_server  # noqa: F401  (fixture)

from .conftest import NOW, make_app, settle
from .test_writes import key, toasts

BAD = ("\x9b", "\x1b", "\u202e", "\u202c")
HOSTILE_TITLE = "Quay \x9b31mnotice\x1b[5m about \u202erebmun\u202c the tide tables"


async def test_a_hostile_feed_title_and_url_stay_plain_in_notifications(db_path, http_server):  # noqa: F811
    http_server.route("/tides.xml", status=500, body=b"\x1b[2J server trouble \x9b1m")
    with Store(db_path) as setup:
        feed = setup.add_feed(http_server.url("/tides.xml") + "?\u202e\x9b=1", title=HOSTILE_TITLE)
        setup.store_entries(
            feed.id,
            [
                ParsedEntry(
                    "t-1",
                    "https://quay.example/t",
                    HOSTILE_TITLE,
                    None,
                    NOW - timedelta(hours=1),
                    None,
                    "The harbour office posted new tide tables.",
                )
            ],
            now=NOW,
        )
    store = Store(db_path, read_only=True)
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(app, "toggle-star"))  # read-only: the refusal names the story
        await pilot.pause()
        messages = toasts(app)
        assert any("Cannot save the star" in m and "tide tables" in m for m in messages), messages
        assert not any(bad in m for m in messages for bad in BAD)
        assert not any(bad in app.export_screenshot() for bad in BAD)
    store.close()

    store = Store(db_path)
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(app, "refresh"))  # the refresh fails and names the feed's URL and the error
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        messages = toasts(app)
        assert any("failed" in m and "tides.xml" in m for m in messages), messages
        assert not any(bad in m for m in messages for bad in BAD), messages
        assert not any(bad in app.export_screenshot() for bad in BAD)
    store.close()
