"""OPML import/export: nested folders become tags and come back out; hostile or sloppy files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.clean import sanitize_line
from briefing.core.models import Feed
from briefing.core.opml import MAX_DEPTH, OpmlError, OpmlFeed, export_opml, parse_opml, read_opml

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Loose feed" type="rss" xmlUrl="https://loose.example/rss"/>
    <outline text="News">
      <outline text="World">
        <outline text="Wire one" title="Wire One" type="rss" xmlUrl="https://wire.example/world.xml"
                 htmlUrl="https://wire.example/"/>
      </outline>
      <outline text="Town Crier" type="rss" xmlUrl="https://crier.example/feed"/>
    </outline>
    <outline title="Science">
      <outline text="Lab notes" type="atom" xmlUrl="https://lab.example/atom.xml"/>
    </outline>
  </body>
</opml>
"""


def test_nested_outlines_become_tags_outermost_first() -> None:
    feeds = {f.url: f for f in parse_opml(NESTED)}
    assert set(feeds) == {
        "https://loose.example/rss",
        "https://wire.example/world.xml",
        "https://crier.example/feed",
        "https://lab.example/atom.xml",
    }
    assert feeds["https://loose.example/rss"].tags == ()
    assert feeds["https://wire.example/world.xml"].tags == ("News", "World")
    assert feeds["https://wire.example/world.xml"].title == "Wire one"  # text wins over title
    assert feeds["https://wire.example/world.xml"].link == "https://wire.example/"
    assert feeds["https://crier.example/feed"].tags == ("News",)
    assert feeds["https://lab.example/atom.xml"].tags == ("Science",)


def test_sloppy_file_is_still_read() -> None:
    # No XML declaration, upper-case names, a namespace prefix, a bare & in a URL, url= instead of
    # xmlUrl, a BOM and leading blank lines, a category attribute.
    sloppy = (
        b"\xef\xbb\xbf\n\n  <OPML version='1.0'><Body>"
        b"<outline TEXT='Shouty' XMLURL='http://a.example/feed?x=1&y=2'/>"
        b"<outline text='Old style' type='rss' url='http://b.example/rss'/>"
        b"<x:outline xmlns:x='urn:x' text='Prefixed' xmlUrl='http://c.example/'/>"
        b"<outline text='Just a link' type='link' url='http://d.example/page'/>"
        b"<outline text='Cat' xmlUrl='http://e.example/' category='/Tech/Linux,Hobby'/>"
        b"</Body></OPML>"
    )
    feeds = {f.url: f for f in parse_opml(sloppy)}
    assert set(feeds) == {
        "http://a.example/feed?x=1&y=2",
        "http://b.example/rss",
        "http://c.example/",
        "http://e.example/",
    }
    assert feeds["http://a.example/feed?x=1&y=2"].title == "Shouty"
    assert feeds["http://e.example/"].tags == ("Tech", "Linux", "Hobby")


def test_same_feed_in_two_folders_is_one_feed_with_both_tags() -> None:
    doc = b"""<opml version="2.0"><body>
      <outline text="A"><outline text="f" xmlUrl="http://f.example/"/></outline>
      <outline text="B"><outline text="f again" xmlUrl="http://f.example/"/></outline>
    </body></opml>"""
    assert parse_opml(doc) == [OpmlFeed("http://f.example/", "f", ("A", "B"))]


@pytest.mark.parametrize(
    "doc, fragment",
    [
        (b"<opml><body><outline text='x' xmlUrl='http://x/'></body></opml>", "unreadable XML at line 1"),
        (b"", "unreadable XML"),
        (b"\x00\x01\x02binary", "unreadable XML"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML file"),
    ],
)
def test_unreadable_documents_raise_one_line_errors(doc: bytes, fragment: str) -> None:
    with pytest.raises(OpmlError) as caught:
        parse_opml(doc)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


def test_entity_bomb_is_refused_before_expansion() -> None:
    lol = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    body = b'<opml><body><outline text="&lol9;" xmlUrl="http://x/"/></body></opml>'
    bomb = b'<?xml version="1.0"?><!DOCTYPE opml [' + lol + b"]>" + body
    with pytest.raises(OpmlError, match="document type declarations are not allowed"):
        parse_opml(bomb)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml><body><outline text="&x;" xmlUrl="http://x/"/></body></opml>'
    ).encode()
    with pytest.raises(OpmlError):
        parse_opml(doc)


def test_nesting_is_bounded() -> None:
    depth = MAX_DEPTH + 5
    doc = b"<opml><body>" + b"<outline text='f'>" * depth + b"</outline>" * depth + b"</body></opml>"
    with pytest.raises(OpmlError, match="nested deeper"):
        parse_opml(doc)


def _feed(feed_id: int, url: str, title: str | None, tags: tuple[str, ...] = (), link: str | None = None) -> Feed:
    return Feed(id=feed_id, url=url, title=title, tags=tags, link=link)


def test_export_then_import_round_trips_titles_tags_and_links() -> None:
    feeds = [
        _feed(1, "https://loose.example/rss", "Loose"),
        _feed(2, "https://wire.example/world.xml", 'Wire <One> & "Two"', ("News", "World"), "https://wire.example/"),
        _feed(3, "https://crier.example/feed?a=1&b=2", "Town Crier", ("News",)),
        _feed(4, "https://lab.example/atom.xml", "Lab 'notes'", ("Science",)),
        _feed(5, "file:///tmp/local feed.xml", "Local", ("News", "World")),
        _feed(6, "https://untitled.example/", None, ("Science",)),
    ]
    document = export_opml(feeds, title="Round & trip")
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<opml version="2.0">' in document
    assert "<title>Round &amp; trip</title>" in document
    back = {f.url: f for f in parse_opml(document.encode("utf-8"))}
    assert set(back) == {f.url for f in feeds}
    for feed in feeds:
        assert back[feed.url].title == feed.title
        assert back[feed.url].tags == feed.tags
        assert back[feed.url].link == feed.link
    # "News" holds one folder "World" with both of its feeds: grouped, not repeated.
    assert document.count('text="News"') == 1
    assert document.count('text="World"') == 1


def test_export_drops_characters_xml_cannot_hold() -> None:
    document = export_opml([_feed(1, "http://x.example/", "Bell\x07 and \x1b[31mred", ("t\x00ag",))])
    back = parse_opml(document.encode())
    assert back == [OpmlFeed("http://x.example/", "Bell and [31mred", ("tag",))]


def test_read_opml_names_the_file_in_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.opml"
    with pytest.raises(OpmlError, match="nope.opml: cannot read"):
        read_opml(missing)
    broken = tmp_path / "broken.opml"
    broken.write_bytes(b"<opml><body><outline")
    with pytest.raises(OpmlError, match="broken.opml: unreadable XML"):
        read_opml(broken)
    good = tmp_path / "good.opml"
    good.write_bytes(NESTED)
    assert len(read_opml(good)) == 4


@settings(max_examples=150, deadline=None)
@given(
    cut=st.integers(min_value=0, max_value=len(NESTED)),
    noise=st.binary(max_size=40),
    at=st.integers(min_value=0, max_value=len(NESTED)),
)
def test_mangled_documents_give_feeds_or_an_opml_error(cut: int, noise: bytes, at: int) -> None:
    """Truncated or corrupted OPML never raises anything but OpmlError."""
    document = NESTED[:at] + noise + NESTED[at:cut] if at < cut else NESTED[:cut] + noise
    try:
        feeds = parse_opml(document)
    except OpmlError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(isinstance(f, OpmlFeed) and f.url for f in feeds)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=30), st.lists(st.text(min_size=1, max_size=12), max_size=3)), max_size=8
    )
)
def test_any_titles_and_tags_survive_export_and_import(items: list[tuple[str, list[str]]]) -> None:
    def kept(text: str) -> str:  # what XML 1.0 can carry, cleaned as import cleans every field
        return sanitize_line(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text))

    feeds = [_feed(i, f"https://f{i}.example/", title, tuple(tags)) for i, (title, tags) in enumerate(items)]
    back = {f.url: f for f in parse_opml(export_opml(feeds).encode("utf-8"))}
    assert set(back) == {f.url for f in feeds}
    for feed in feeds:
        title = kept(feed.title or "").strip() or None
        assert back[feed.url].title == (title if title != feed.url else None)
        expected_tags = tuple(dict.fromkeys(t for t in (kept(t).strip() for t in feed.tags) if t))
        assert back[feed.url].tags == expected_tags


def test_unknown_declared_encoding_is_an_opml_error() -> None:
    with pytest.raises(OpmlError, match="unknown encoding"):
        parse_opml(b'<?xml version="1.0" encoding="no-such-charset"?><opml><body/></opml>')
