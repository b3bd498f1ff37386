"""Links: only http(s) links are ever opened, only when the user asks; nothing remote is loaded.

A served feed carries web links next to ``javascript:``, ``file:``, ``data:``, ``vbscript:`` and
disguised variants, plus bodies with remote images, scripts and iframes. After a real refresh the
app runs under Pilot with its documented ``open_url`` injection point (the browser opener) set to
a recorder: walking through every story and pressing ``o`` on each opens exactly the web links,
once each; the others are shown with a note and never opened; and the local server never sees a
request for an image, a script or a frame.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from briefing.app import create_app
from briefing.config import RefreshSettings, Settings, UISettings
from briefing.core.feeds import Fetcher
from briefing.core.refresh import refresh
from briefing.core.store import Store
from tests.support.tui import notices

from .conftest import rss, rss_item

WEB = ["https://news.example.org/a", "http://news.example.org/b?x=1&y=2"]
NOT_WEB = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(2)",
    "file:///etc/passwd",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://files.example.org/x",
]


def feed_with_links(base: str) -> bytes:
    remote = (
        f'<p>Words before.</p><img src="{base}/pixel.gif" width="1" height="1">'
        f'<script src="{base}/script.js"></script><iframe src="{base}/frame.html"></iframe>'
        f'<link rel="stylesheet" href="{base}/style.css"><p>Words after.</p>'
    )
    links = WEB + NOT_WEB
    return rss(
        [rss_item(len(links) - n, f"Story {n}", remote, link=link) for n, link in enumerate(links)], title="Links desk"
    )


async def test_only_web_links_open_and_only_on_request(tmp_path: Path, http_server) -> None:
    http_server.route("/links.xml", feed_with_links(http_server.base_url))
    store = Store(tmp_path / "links.db")
    store.add_feed(http_server.url("/links.xml"))
    with Fetcher(timeout=5) as fetcher:
        assert refresh(store, fetcher=fetcher).count("ok") == 1
    opened: list[str] = []
    settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))
    app = create_app(store, settings, tz=UTC, open_url=opened.append)
    seen: dict[str, str] = {}
    try:
        async with app.run_test(size=(140, 45), notifications=True) as pilot:
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            for step in range(len(WEB) + len(NOT_WEB)):
                if step:
                    await pilot.press("j")
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
                article = app.main_screen.reader.article
                assert article is not None
                shown_link = str(app.screen.query_one("#link").render())
                seen[article.link] = shown_link
                before = len(opened)
                await pilot.press("o")
                await pilot.pause(0.1)
                await app.workers.wait_for_complete()
                if article.link in WEB:
                    assert opened[before:] == [article.link]
                else:
                    assert opened[before:] == [], article.link
                    assert "not a web link" in shown_link
            assert any("Not a web link" in m for m in notices(app))
    finally:
        store.close()
    assert sorted(opened) == sorted(WEB)
    # Every link was shown (stripped of surrounding space), web or not.
    assert {link.strip() for link in WEB + NOT_WEB} == set(seen)
    # Nothing but the feed itself was ever requested from the server.
    assert {r.path for r in http_server.requests} == {"/links.xml"}


async def test_nothing_opens_without_a_key_press(tmp_path: Path, http_server) -> None:
    http_server.route("/links.xml", feed_with_links(http_server.base_url))
    store = Store(tmp_path / "quiet.db")
    store.add_feed(http_server.url("/links.xml"))
    opened: list[str] = []
    settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))
    app = create_app(store, settings, tz=UTC, open_url=opened.append)
    try:
        async with app.run_test(size=(140, 45)) as pilot:
            await pilot.press("r")  # a refresh from the app, then reading every story
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            for _ in range(len(WEB) + len(NOT_WEB)):
                await pilot.press("j", "enter")
                await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            assert store.count_stories() == len(WEB) + len(NOT_WEB)
    finally:
        store.close()
    assert opened == []
    assert {r.path for r in http_server.requests} == {"/links.xml"}
