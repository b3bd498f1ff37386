"""parse_feed on our own fixture documents: clean text, UTC dates, encodings, malformed input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefing.core.feeds import MAX_ENTRIES, NotAFeed, parse_feed
from tests.net.conftest import feed_bytes
from tests.support.unsafe import unsafe_in


def test_rss_entries_are_clean_text_with_utc_dates() -> None:
    feed = parse_feed(
        feed_bytes("harbour_rss.xml"), {"Content-Type": "application/rss+xml"}, "https://gazette.example/feed"
    )
    assert feed.title == "Harbour Town Gazette" and feed.link == "https://gazette.example/"
    assert feed.problem is None
    ferry, lighthouse, market = feed.entries
    assert ferry.guid == "gazette-ferry-0001"
    assert ferry.author == "Maren Oakes"
    assert ferry.published == datetime(2026, 11, 2, 7, 30, tzinfo=UTC)  # +0100 converted
    # content:encoded wins over the shorter description; script, pixel and markup gone.
    assert ferry.body.split("\n\n") == [
        "The early crossing to Gull Island moves to 6:40 from Monday, the harbour office said.",
        "“We listened to the night-shift workers,” said harbour master Ilse Brandt.",
        "• Weekdays: 6:40, 9:15, 17:50\n• Weekends: 9:15 only",
        "Tickets bought before the change stay valid & can be refunded.",
    ]
    assert lighthouse.author == "Tomas Reyes"  # "mail (Name)" gives the name
    assert "color" not in lighthouse.body
    # No title: the first words of the body stand in; no date: None (the store uses first-seen).
    assert market.title.startswith("Market stalls will close") and market.title.endswith("…")
    assert market.published is None and market.guid is None


def test_atom_html_title_xhtml_content_and_plain_text_content() -> None:
    feed = parse_feed(feed_bytes("fieldnotes_atom.xml"), {}, "https://fieldnotes.example/atom")
    bees, plain = feed.entries
    assert bees.title == "Bees & orchards: a good year"
    assert bees.published == datetime(2026, 11, 3, 7, 15, tzinfo=UTC)
    assert bees.updated == datetime(2026, 11, 3, 11, 0, tzinfo=UTC)
    assert bees.body == (
        "Orchard keepers counted more hives than in any year since records began.\n\n"
        '"It was the warm spring," said grower Anton Vesely.'
    )
    assert plain.body == "Angle brackets stay literal: 3 < 5 and <b> is not bold."
    assert plain.published == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # updated stands in


def test_latin1_declared_in_the_document() -> None:
    feed = parse_feed(feed_bytes("latin1.xml"), {"Content-Type": "application/rss+xml"}, "https://cafe.example/rss")
    assert feed.title == "Café Révolution"
    assert feed.entries[0].title == "Crème brûlée à la carte"
    assert feed.entries[0].body == "Le chef Amélie Dufresne a dit: «Ça marche très bien.»"


def test_windows_1251_from_the_charset_header() -> None:
    headers = {"Content-Type": "application/rss+xml; charset=windows-1251"}
    feed = parse_feed(feed_bytes("cp1251_no_decl.xml"), headers, "https://zaliv.example/rss")
    assert feed.title == "Новости залива"
    assert feed.entries[0].title == "Паром меняет расписание"
    assert "Ирина Волкова" in feed.entries[0].body
    assert feed.problem is None


def test_malformed_feed_keeps_its_readable_entries_and_names_the_problem() -> None:
    feed = parse_feed(feed_bytes("broken_after_two.xml"), {}, "https://gazette.example/feed")
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == ["Council approves new sea wall", "School choir wins regional prize"]
    assert feed.problem == "malformed XML: mismatched tag at line 22"


def test_guids_do_not_depend_on_the_feed_url() -> None:
    data = feed_bytes("broken_after_two.xml")
    here = parse_feed(data, {}, "https://one.example/feed")
    there = parse_feed(data, {}, "https://two.example/elsewhere/feed")
    assert [e.guid for e in here.entries] == [e.guid for e in there.entries]
    assert here.entries[0].guid == "gazette-seawall-0003"


def test_relative_links_are_made_absolute() -> None:
    data = b"""<rss version="2.0"><channel><title>t</title>
      <item><title>a</title><link>/stories/a.html</link><guid>a</guid></item></channel></rss>"""
    feed = parse_feed(data, {}, "https://news.example/feeds/main.xml")
    assert feed.entries[0].link == "https://news.example/stories/a.html"


def test_hostile_text_is_neutralised_in_every_field() -> None:
    feed = parse_feed(feed_bytes("hostile_rss.xml"), {}, "https://tricky.example/rss")
    entry = feed.entries[0]
    for value in (feed.title, entry.title, entry.author, entry.body, entry.link):
        assert value and unsafe_in(value) == []
    assert entry.title == "Red alert in the title"
    assert entry.author == "Mallory"
    assert entry.body.startswith("Click here for prizes.")


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(NotAFeed, match="^not a feed: got an HTML page$"):
        parse_feed(feed_bytes("not_a_feed.html"), {"Content-Type": "text/html; charset=utf-8"}, "https://x.example/")
    with pytest.raises(NotAFeed, match="HTML page"):  # even when served with a feed type
        parse_feed(feed_bytes("not_a_feed.html"), {"Content-Type": "application/rss+xml"}, "https://x.example/")


def test_garbage_and_empty_bodies_are_not_feeds() -> None:
    with pytest.raises(NotAFeed, match="^not a feed: malformed XML"):
        parse_feed(bytes(range(256)) * 4, {}, "https://x.example/")
    with pytest.raises(NotAFeed, match="^not a feed: empty response$"):
        parse_feed(b"   \n", {}, "https://x.example/")


def test_a_valid_feed_without_items_is_an_empty_success() -> None:
    data = b'<rss version="2.0"><channel><title>Quiet week</title></channel></rss>'
    feed = parse_feed(data, {}, "https://x.example/")
    assert feed.title == "Quiet week" and feed.entries == ()


def test_a_string_that_looks_like_a_path_is_never_opened() -> None:
    # feedparser opens str/bytes that name a file; parse_feed must treat bytes as the document.
    with pytest.raises(NotAFeed):
        parse_feed(b"/etc/hostname", {}, "https://x.example/")


def test_entry_count_is_bounded() -> None:
    items = "".join(f"<item><title>n{i}</title><guid>g{i}</guid></item>" for i in range(60))
    data = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    assert len(parse_feed(data, {}, "u").entries) == 60 <= MAX_ENTRIES
    feed = parse_feed(data, {}, "u", max_entries=50)
    assert [e.guid for e in feed.entries] == [f"g{i}" for i in range(50)]
    assert feed.problem == "the feed has 60 entries; kept the first 50"
