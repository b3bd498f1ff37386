"""add / remove / feeds / import / export, end to end on a real database file."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.core.opml import parse_opml
from briefing.core.store import Store


def test_add_list_and_remove_feeds(cli, tmp_path: Path) -> None:
    local = tmp_path / "local.xml"
    local.write_text("<rss/>")
    first = cli("add", "https://news.example/rss", "--title", "Example News", "--tag", "world", "--tag", "daily")
    assert first.code == 0, first.err
    assert "Added feed 1: Example News" in first.out
    assert cli("add", str(local)).code == 0
    assert cli("add", "file:///srv/feeds/other.xml").code == 0

    listed = cli("feeds", "--json")
    feeds = {f["url"]: f for f in json.loads(listed.out)}
    assert set(feeds) == {"https://news.example/rss", str(local.resolve()), "file:///srv/feeds/other.xml"}
    example = feeds["https://news.example/rss"]
    assert (example["id"], example["title"], example["tags"], example["status"]) == (
        1,
        "Example News",
        ["world", "daily"],
        "new",
    )
    assert set(example) == {
        "id",
        "url",
        "title",
        "feed_title",
        "user_title",
        "link",
        "tags",
        "status",
        "unread",
        "total",
        "last_fetched",
        "last_status",
        "last_error",
        "failures",
        "next_due",
        "gone",
        "full_text",
    }

    table = cli("feeds")
    assert table.code == 0
    assert "Example News" in table.out and "0/0" in table.out and "never" in table.out

    removed = cli("remove", "1")
    assert removed.code == 0 and "Removed feed 1" in removed.out
    by_url = cli("remove", "file:///srv/feeds/other.xml")
    assert by_url.code == 0
    by_path = cli("remove", str(local))
    assert by_path.code == 0
    assert json.loads(cli("feeds", "--json").out) == []
    assert "No feeds yet" in cli("feeds").out


def test_add_rejects_bad_locations_with_one_line(cli, tmp_path: Path) -> None:
    for bad in (
        "ftp://files.example/feed",
        "javascript:alert(1)",
        "http://",
        "not a feed",
        str(tmp_path),
        "http://[::1",
        "~no-such-user-here/feed.xml",
        "x" * 5000,
        "http://bad host/feed",
    ):
        result = cli("add", bad)
        assert result.code == 2, bad
        assert result.out == ""
        assert result.err.count("\n") == 1 and result.err.startswith("briefing: "), result.err
    assert json.loads(cli("feeds", "--json").out) == []


def test_adding_the_same_feed_twice_is_an_error(cli) -> None:
    assert cli("add", "https://news.example/rss").code == 0
    again = cli("add", "https://news.example/rss")
    assert again.code == 1
    assert again.err == "briefing: feed already added: https://news.example/rss (id 1)\n"


def test_removing_an_unknown_feed_is_an_error(cli) -> None:
    for key in ("42", "https://nowhere.example/feed"):
        result = cli("remove", key)
        assert result.code == 1
        assert "no feed with id or URL" in result.err and result.err.count("\n") == 1


def test_feeds_shows_status_counts_and_last_error(cli, cli_db: Path, seeded) -> None:
    with Store(cli_db) as store:
        broken = store.add_feed("https://broken.example/rss")
        store.record_fetch(broken.id, last_error="HTTP 500 Internal Server Error", failures=3, last_status=500)
        store.set_read([seeded["ferry-route"]])
    feeds = {f["url"]: f for f in json.loads(cli("feeds", "--json").out)}
    good, bad = feeds["https://tidewater.example/rss"], feeds["https://broken.example/rss"]
    assert (good["status"], good["unread"], good["total"], good["title"]) == ("ok", 2, 3, "The Tidewater Courier")
    assert good["last_fetched"].endswith("Z")
    assert (bad["status"], bad["failures"], bad["last_error"]) == ("failing", 3, "HTTP 500 Internal Server Error")
    table = cli("feeds").out
    assert "2/3" in table
    assert "failing (3)" in table
    assert "error: HTTP 500 Internal Server Error" in table


OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="News">
    <outline text="World"><outline text="Wire" type="rss" xmlUrl="https://wire.example/world.xml"/></outline>
    <outline text="Crier" type="rss" xmlUrl="https://crier.example/feed"/>
  </outline>
  <outline text="Loose" type="rss" xmlUrl="https://loose.example/rss"/>
  <outline text="Gopher" type="rss" xmlUrl="gopher://old.example/feed"/>
</body></opml>
"""


def test_import_export_round_trip_keeps_nested_tags(cli, tmp_path: Path) -> None:
    source = tmp_path / "in.opml"
    source.write_text(OPML, encoding="utf-8")
    imported = cli("import", str(source))
    assert imported.code == 0, imported.err
    assert "3 added, 0 already present, 1 refused" in imported.out
    assert "gopher:" in imported.err and imported.err.count("\n") == 1  # the refused outline, why
    again = cli("import", str(source))
    assert "0 added, 3 already present, 1 refused" in again.out

    feeds = {f["url"]: f for f in json.loads(cli("feeds", "--json").out)}
    assert feeds["https://wire.example/world.xml"]["tags"] == ["News", "World"]
    assert feeds["https://crier.example/feed"]["tags"] == ["News"]
    assert feeds["https://wire.example/world.xml"]["title"] == "Wire"

    to_stdout = cli("export")
    assert to_stdout.code == 0
    to_file = tmp_path / "out.opml"
    written = cli("export", str(to_file))
    assert written.code == 0 and "Exported 3 feed(s)" in written.out
    for document in (to_stdout.out.encode(), to_file.read_bytes()):
        back = {f.url: (f.title, f.tags) for f in parse_opml(document)}
        assert back == {
            "https://wire.example/world.xml": ("Wire", ("News", "World")),
            "https://crier.example/feed": ("Crier", ("News",)),
            "https://loose.example/rss": ("Loose", ()),
        }


def test_unreadable_opml_is_one_line(cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline text='x'></body>")
    result = cli("import", str(broken))
    assert result.code == 1
    assert result.err.startswith("briefing: ") and "broken.opml: unreadable XML at line 1" in result.err
    assert result.err.count("\n") == 1
    missing = cli("import", str(tmp_path / "missing.opml"))
    assert missing.code == 1 and "missing.opml: cannot read" in missing.err
    bomb = tmp_path / "bomb.opml"
    bomb.write_text('<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">]><opml><body/></opml>')
    refused = cli("import", str(bomb))
    assert refused.code == 1 and "not allowed" in refused.err
