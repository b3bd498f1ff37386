"""OPML from elsewhere never makes briefing read local files, and nothing in it reaches the
terminal; passwords in feed URLs are kept for fetching but never printed or exported."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.core.opml import parse_opml
from briefing.core.store import Store

C1_BIDI = "\x9b2J\u202e\u2066\x9d8;;x\x9c"  # C1 and bidi: XML carries them (not ESC: expat refuses it)

HOSTILE = f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>a list someone shared</title></head><body>
  <outline text="Home{C1_BIDI} notes">
    <outline type="rss" text="Tilde" xmlUrl="~/notes.xml"/>
    <outline type="rss" text="Climb" xmlUrl="../../etc/hostname"/>
    <outline type="rss" text="Shadow" xmlUrl="file:///etc/shadow"/>
    <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
    <outline type="rss" text="Inline" xmlUrl="data:text/xml,&lt;rss/&gt;"/>
    <outline type="rss" text="Basic" xmlUrl="vbscript:msgbox(1)"/>
    <outline type="rss" text="Absolute" xmlUrl="/etc/passwd"/>
  </outline>
  <outline text="Web{C1_BIDI}">
    <outline type="rss" text="Marsh{C1_BIDI} Gazette" title="Marsh Gazette"
             xmlUrl="https://marsh.example/rss{C1_BIDI}" htmlUrl="https://marsh.example/{C1_BIDI}"
             category="Local{C1_BIDI}/Tides"/>
  </outline>
</body></opml>
"""
NEVER = ("\x1b", "\x9b", "\x9c", "\x9d", "\u202e", "\u2066")


def test_hostile_opml_subscribes_only_to_web_feeds_and_says_why_for_each_refusal(
    cli, cli_db: Path, tmp_path: Path
) -> None:
    (tmp_path / "notes.xml").write_text("<rss><channel><item><title>private</title></item></channel></rss>")
    source = tmp_path / "shared.opml"
    source.write_text(HOSTILE, encoding="utf-8")
    result = cli("import", str(source))
    assert result.code == 0, result.err
    assert "1 added, 0 already present, 7 refused" in result.out
    refusals = result.err.splitlines()
    assert len(refusals) == 7 and all(line.startswith("briefing: ") and "refused" in line for line in refusals)
    for name in ("Tilde", "Climb", "Shadow", "Script", "Inline", "Basic", "Absolute"):
        assert sum(name in line for line in refusals) == 1, name
    for bad in NEVER:
        assert bad not in result.out + result.err
    with Store(cli_db) as store:
        feeds = store.list_feeds()
    assert [f.url for f in feeds] == ["https://marsh.example/rss"]
    (feed,) = feeds
    assert feed.name == "Marsh Gazette" and feed.tags == ("Web", "Local", "Tides")
    for text in (feed.url, feed.name, *feed.tags):
        assert not any(bad in text for bad in NEVER), repr(text)


def test_the_opml_parser_cleans_every_field() -> None:
    (feed,) = [f for f in parse_opml(HOSTILE.encode()) if f.url.startswith("https:")]
    for text in (feed.url, feed.title or "", feed.link or "", *feed.tags):
        assert not any(bad in text for bad in NEVER), repr(text)
    assert feed.link == "https://marsh.example/"


SECRET_URL = "https://alice:s3cr3t-pass@private.example/feed.xml"


def test_passwords_in_feed_urls_are_masked_wherever_shown(cli, cli_db: Path, tmp_path: Path) -> None:
    added = cli("add", SECRET_URL)
    assert added.code == 0, added.err
    again = cli("add", SECRET_URL)
    assert again.code == 1
    listed = cli("feeds")
    as_json = cli("feeds", "--json")
    exported = cli("export")
    for result in (added, again, listed, as_json, exported):
        assert "s3cr3t" not in result.out + result.err
    assert "https://alice:***@private.example/feed.xml" in listed.out
    assert json.loads(as_json.out)[0]["url"] == "https://alice:***@private.example/feed.xml"
    assert "alice:***@private.example" in exported.out
    with Store(cli_db) as store:
        assert store.list_feeds()[0].url == SECRET_URL  # kept for fetching

    kept = tmp_path / "full.opml"
    assert cli("export", str(kept), "--with-credentials").code == 0
    assert [f.url for f in parse_opml(kept.read_bytes())] == [SECRET_URL]


def test_fetch_lines_and_errors_mask_passwords(cli, http_server) -> None:
    url = http_server.url("/missing.xml").replace("http://", "http://bob:hunter2@")
    assert cli("add", url).code == 0
    result = cli("fetch", "--no-analysis")
    assert "hunter2" not in result.out + result.err
    assert "bob:***@" in result.out
    as_json = cli("fetch", "--force", "--json", "--no-analysis")
    assert "hunter2" not in as_json.out + as_json.err
