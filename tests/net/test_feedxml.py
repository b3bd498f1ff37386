"""The lxml fast path agrees with feedparser, and steps aside for anything it does not handle."""

from __future__ import annotations

import time

import pytest

from briefing.core.feeds import parse_feed
from briefing.core.feedxml import fast_parse
from tests.net.conftest import feed_bytes

FIELDS = ("guid", "link", "title", "author", "published", "updated", "body")
XML = {"content-type": "application/xml"}


def both(data: bytes, headers: dict[str, str] | None = None):
    headers = headers or XML
    return parse_feed(data, headers, "https://news.example/feed"), parse_feed(
        data, headers, "https://news.example/feed", fast=False
    )


@pytest.mark.parametrize("name", ["harbour_rss.xml", "fieldnotes_atom.xml"])
def test_fast_path_is_taken_and_matches_feedparser_field_by_field(name: str) -> None:
    data = feed_bytes(name)
    assert fast_parse(data, XML, 100) is not None
    fast, slow = both(data)
    assert (fast.title, fast.link, fast.problem) == (slow.title, slow.link, slow.problem)
    assert len(fast.entries) == len(slow.entries) > 0
    for quick, careful in zip(fast.entries, slow.entries):
        for field in FIELDS:
            assert getattr(quick, field) == getattr(careful, field), field


def test_rss_details_match_feedparser() -> None:
    data = b"""<?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Desk</title>
      <item><title>A &lt;b&gt;bold&lt;/b&gt; move &amp;amp; more</title><guid>https://news.example/a</guid>
        <dc:date>2026-01-02T03:04:05+01:00</dc:date><dc:creator>Ada Moss</dc:creator></item>
      <item><title>Plain &amp; simple</title><guid isPermalink="false">local-id-7</guid>
        <pubDate>Fri, 06 Nov 2026 09:00:00 EST</pubDate><link>/rel/b?x=1&amp;amp;y=2</link></item>
      <item><description>Only a description here.</description><pubDate>not a date</pubDate></item>
    </channel></rss>"""
    assert fast_parse(data, XML, 100) is not None
    fast, slow = both(data)
    for quick, careful in zip(fast.entries, slow.entries, strict=True):
        for field in FIELDS:
            assert getattr(quick, field) == getattr(careful, field), field
    first, second, third = fast.entries
    assert first.title == "A bold move & more" and first.link == "https://news.example/a"
    assert second.guid == "local-id-7" and second.link == "https://news.example/rel/b?x=1&y=2"
    assert second.published is not None and second.published.hour == 14  # EST is UTC-5
    assert third.published is None and third.title == "Only a description here."


def test_media_description_is_the_body_when_there_is_nothing_else() -> None:
    data = b"""<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
      <title>Video desk</title><entry><id>v1</id><title>Clip</title>
      <media:group><media:description>Divers film a reef at dawn.</media:description></media:group>
      </entry></feed>"""
    fast, slow = both(data)
    assert fast.entries[0].body == slow.entries[0].body == "Divers film a reef at dawn."


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        (feed_bytes("latin1.xml"), XML),  # declared ISO-8859-1
        (feed_bytes("harbour_rss.xml"), {"content-type": "application/xml; charset=windows-1252"}),
        (feed_bytes("broken_after_two.xml"), XML),  # malformed
        (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x">]><rss version="2.0"><channel/></rss>', XML),
        (b'<rss version="2.0"><channel xml:base="https://a.example/"><item/></channel></rss>', XML),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', XML),
    ],
    ids=["latin1", "charset-header", "malformed", "doctype", "xml-base", "rdf"],
)
def test_anything_unusual_goes_to_feedparser(data: bytes, headers: dict[str, str]) -> None:
    assert fast_parse(data, headers, 100) is None


def test_entity_expansion_bomb_is_bounded() -> None:
    levels = "".join(f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "boom">{levels}]><rss version="2.0"><channel><title>&e9;</title><item><title>ok</title><guid>g</guid></item></channel></rss>'
    started = time.perf_counter()
    feed = parse_feed(bomb.encode(), XML, "https://x.example/")
    assert time.perf_counter() - started < 1  # was seconds of CPU before the DOCTYPE is dropped
    assert (feed.problem or "").startswith("removed a DOCTYPE declaring nested or external entities")
    assert [e.title for e in feed.entries] == ["ok"]


def test_plain_entity_declarations_still_work() -> None:
    data = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY desk "News Desk">]>
    <rss version="2.0"><channel><title>&desk;</title><item><title>a&nbsp;b</title><guid>g</guid></item></channel></rss>"""
    feed = parse_feed(data, XML, "https://x.example/")
    assert feed.title == "News Desk" and feed.entries[0].title == "a b"


def test_external_entities_are_never_read(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>leak &x;</title><guid>g</guid></item></channel></rss>'
    ).encode()
    try:
        feed = parse_feed(data, XML, "https://x.example/")
    except ValueError:
        return
    assert all("TOP-SECRET" not in (e.title + e.body) for e in feed.entries)


def test_authors_and_missing_links_follow_feedparser() -> None:
    rss = b"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
      <item><title>a</title><guid>a1</guid><dc:creator>First Writer</dc:creator><dc:creator>Second Writer</dc:creator></item>
      <item><title>b</title><guid>b1</guid><author>Desk Editor (desk@news.example)</author></item>
    </channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><id>urn:uuid:42</id><title>c</title><author><name>One</name></author><author><name>Two</name></author></entry>
      <entry><id>https://news.example/d</id><title>d</title><author><email>tips@news.example</email></author></entry>
    </feed>"""
    for data in (rss, atom):
        assert fast_parse(data, XML, 100) is not None
        fast, slow = both(data)
        assert [(e.author, e.link) for e in fast.entries] == [(e.author, e.link) for e in slow.entries]
    assert [e.author for e in both(rss)[0].entries] == ["First Writer", "Desk Editor"]
    assert [(e.author, e.link) for e in both(atom)[0].entries] == [
        ("Two", "urn:uuid:42"),
        ("tips@news.example", "https://news.example/d"),
    ]


@pytest.mark.parametrize(
    "item",
    [
        "<id>plain-id</id>",  # feedparser reads a plain <id> as the guid
        "<summary>a summary</summary>",
        '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="https://x.example/"/>',
    ],
)
def test_item_elements_the_fast_path_does_not_mirror_defer_to_feedparser(item: str) -> None:
    data = f'<rss version="2.0"><channel><title>t</title><item><title>x</title>{item}</item></channel></rss>'.encode()
    assert fast_parse(data, XML, 100) is None
    assert len(parse_feed(data, XML, "https://x.example/feed").entries) == 1
