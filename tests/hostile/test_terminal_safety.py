"""Terminal safety end to end: hostile text in a served feed never reaches the terminal as control.

A feed whose title, item title, author, link and body carry Rich markup, ANSI CSI, OSC 8
hyperlinks, OSC 52 clipboard writes, bidi overrides, NUL, BEL and C1 controls is fetched by the
real ``briefing fetch`` (and analysed, so people and quotes carry it too). Then:
- every CLI command that prints feed text runs as a process: its stdout has no ESC, no C1 CSI, no
  BEL/NUL, no bidi control, and the markup shows as the literal brackets it is;
- the TUI, driven by Pilot on the same archive, shows the literal brackets and no control anywhere.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from briefing.app import create_app
from briefing.config import RefreshSettings, Settings, UISettings
from briefing.core.store import Store
from tests.support.http import ScriptedServer

from .conftest import check_archive, forbidden_chars, run_cli, xml_escape

pytestmark = pytest.mark.xdist_group("hostile-terminal_safety")  # one worker: its module fixture is built once

ESC = "\x1b"
MARKUP = "[bold]Loud[/] [link=https://evil.example]click[/link]"
PAYLOAD = (
    f"{MARKUP} {ESC}[31mred{ESC}[0m {ESC}]8;;https://evil.example{ESC}\\osc8 words{ESC}]8;;{ESC}\\ "
    f"{ESC}]52;c;ZXZpbA==\x07 \u202eesrever\u202c \u2066iso\u2069 nul\x00 bell\x07 c1\x9b2J end"
)
# Bytes that must never appear in anything printed or shown.
NEVER = [b"\x1b", b"\x07", b"\x00", "\x9b".encode(), "\u202e".encode(), "\u2066".encode(), "\u202c".encode()]


def hostile_rss() -> bytes:
    when = email.utils.formatdate(time.time() - 3600, usegmt=True)
    quote = (
        f'Mayor Ada Lovegood said "we will [bold]mend[/bold] {ESC}[2J the harbour wall {ESC}]52;c;eA==\x07 by spring".'
    )
    body = f"<p>Body {xml_escape(PAYLOAD)}</p><p>{xml_escape(quote)}</p><p>The council met on the quay.</p>"
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {xml_escape(PAYLOAD)}</title><link>http://127.0.0.1/</link>"
        f"<item><title>Title {xml_escape(PAYLOAD)}</title><guid>hostile-1</guid>"
        f"<link>javascript:alert('{xml_escape(PAYLOAD)}')</link><author>Writer {xml_escape(PAYLOAD)}</author>"
        f"<pubDate>{when}</pubDate><description>{xml_escape(body)}</description></item>"
        "</channel></rss>"
    ).encode()


def hostile_json_feed() -> bytes:
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 7200))
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Json " + PAYLOAD,
            "items": [
                {
                    "id": "j-1",
                    "url": "https://127.0.0.1/ok",
                    "title": "Json title " + PAYLOAD,
                    "authors": [{"name": "Json author " + PAYLOAD}],
                    "date_published": when,
                    "content_html": "<p>Json body " + PAYLOAD + "</p>",
                }
            ],
        }
    ).encode()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    tmp_path = tmp_path_factory.mktemp("terminal")
    db = tmp_path / "hostile.db"
    with ScriptedServer() as server:
        server.route("/hostile.xml", hostile_rss())
        server.route("/hostile.json", hostile_json_feed(), content_type="application/feed+json")
        for path in ("/hostile.xml", "/hostile.json"):
            added = run_cli(tmp_path, db, "add", server.url(path))
            assert added.returncode == 0, added.stderr
        fetched = run_cli(tmp_path, db, "fetch")
        assert fetched.returncode == 0, fetched.stderr
        for bad in NEVER:
            assert bad not in fetched.stdout and bad not in fetched.stderr
    check_archive(db)
    yield tmp_path, db


def article_ids(db: Path) -> list[int]:
    store = Store(db)
    try:
        return [row.id for row in store.stories(limit=10)]
    finally:
        store.close()


def test_the_archive_holds_the_words_but_no_controls(hostile_db) -> None:
    _tmp, db = hostile_db
    store = Store(db)
    try:
        assert len(store.stories(limit=10)) == 2
        for row in store.stories(limit=10):
            article = store.get_article(row.id)
            for text in (article.title, article.body, article.author or "", article.feed, article.link or ""):
                assert not forbidden_chars(text)
            assert MARKUP in article.title and "osc8 words" in article.body and "esrever" in article.body
        names = [p.name for p in store.people()]
        assert "Ada Lovegood" in names
    finally:
        store.close()


COMMANDS = [
    ("feeds",),
    ("feeds", "--json"),
    ("search", "Loud"),
    ("search", "Loud", "--json"),
    ("search", "person:Lovegood"),
    ("people",),
    ("people", "--json"),
    ("quotes", "Ada Lovegood"),
    ("quotes", "Ada Lovegood", "--json"),
    ("digest", "--since", "7d"),
    ("digest", "--since", "7d", "--format", "md"),
    ("digest", "--since", "7d", "--format", "json"),
    ("export",),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_cli_output_carries_no_control_from_feed_data(hostile_db, argv: tuple[str, ...]) -> None:
    tmp_path, db = hostile_db
    done = run_cli(tmp_path, db, *argv)
    assert done.returncode == 0, done.stderr.decode()
    for bad in NEVER:
        assert bad not in done.stdout, (argv, bad)
        assert bad not in done.stderr, (argv, bad)
    out = done.stdout.decode("utf-8")
    if argv[-1] == "--json":
        data = json.loads(out)
        assert "\\u001b" not in out and "\\u0007" not in out and "\\u202e" not in out
        assert data
    if argv[0] in ("feeds", "search") and argv[-1] != "--json" and "person:" not in argv[-1]:
        assert MARKUP in out, argv  # markup is shown as its literal brackets
    if argv[0] in ("people", "quotes"):
        assert "Ada Lovegood" in out


def test_show_prints_every_article_safely(hostile_db) -> None:
    tmp_path, db = hostile_db
    for article_id in article_ids(db):
        for extra in ((), ("--json",)):
            done = run_cli(tmp_path, db, "show", str(article_id), *extra)
            assert done.returncode == 0
            for bad in NEVER:
                assert bad not in done.stdout
            out = done.stdout.decode()
            assert "osc8 words" in out and "esrever" in out
            if not extra:
                assert MARKUP in out


async def test_tui_shows_literal_brackets_and_no_control(hostile_db) -> None:
    from briefing.widgets.story_list import StoryList

    _tmp, db = hostile_db
    store = Store(db)
    settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))
    app = create_app(store, settings, tz=UTC)

    def assert_clean(where: str) -> None:
        svg = app.export_screenshot()
        for bad in NEVER:
            assert bad.decode() not in svg, (where, bad)

    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause(0.2)
            await app.workers.wait_for_complete()
            await pilot.pause()
            story_list = app.screen.query_one(StoryList)
            lines = [story_list.render_line(y).text for y in range(story_list.size.height)]
            assert any("[bold]Loud[/]" in line for line in lines), lines[:4]
            assert not any(forbidden_chars(line) for line in lines)
            await pilot.press("enter")
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause()
            for widget_id in ("#headline", "#meta", "#link", "#summary", "#body"):
                rendered = str(app.screen.query_one(widget_id).render())
                assert not forbidden_chars(rendered), widget_id
            assert MARKUP in str(app.screen.query_one("#headline").render())
            assert_clean("main")
            for key, screen in (("f", "feeds"), ("P", "people"), ("b", "briefing")):
                await pilot.press(key)
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert_clean(screen)
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("slash", *"Loud")
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert_clean("search")
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("ctrl+p", *"Loud")  # the command palette lists stories and feeds too
            await pilot.pause(0.8)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert_clean("palette")
    finally:
        store.close()


HOSTILE_OPML = (
    '<?xml version="1.0"?><opml version="2.0"><head><title>shared list</title></head><body>'
    '<outline text="Folder &#x9b;2J [bold]red[/] &#x202e;reversed">'
    '<outline type="rss" text="Name &#x202e;desrever &#x9d;8;;https://evil.example&#x9c;x" '
    'xmlUrl="http://127.0.0.1:9/a.xml"/>'
    '<outline type="rss" text="[link=https://evil.example]Linked[/link]" xmlUrl="http://127.0.0.1:9/b.xml"/>'
    "</outline></body></opml>"
)


async def test_names_from_a_shared_opml_file_are_shown_safely(tmp_path: Path) -> None:
    """An OPML file from elsewhere may carry C1 controls and bidi overrides in its names (XML allows
    them): they reach neither the CLI's output nor the Feeds screen."""
    from textual.widgets import DataTable

    opml = tmp_path / "shared.opml"
    opml.write_text(HOSTILE_OPML, encoding="utf-8")
    db = tmp_path / "opml.db"
    assert run_cli(tmp_path, db, "import", str(opml)).returncode == 0
    for argv in (("feeds",), ("feeds", "--json"), ("export",)):
        done = run_cli(tmp_path, db, *argv)
        assert done.returncode == 0
        for bad in NEVER + ["\x9d".encode(), "\x9c".encode()]:
            assert bad not in done.stdout, (argv, bad)
        assert b"[link=https://evil.example]Linked[/link]" in done.stdout
    store = Store(db)
    settings = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))
    app = create_app(store, settings, tz=UTC)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.press("f")
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert "[link=https://evil.example]Linked[/link]" in names
            assert not any(forbidden_chars(name) for name in names)
            svg = app.export_screenshot()
            assert not any(bad.decode() in svg for bad in NEVER)
    finally:
        store.close()
