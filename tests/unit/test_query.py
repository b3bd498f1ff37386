"""The search language parses into plain data and never fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.query import MAX_TERMS, SearchQuery, parse
from briefing.core.store.search import _fts_expression

NOW = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)


def test_words_and_prefix_while_typing() -> None:
    q = parse("ukraine tal", NOW)
    assert q.words == ("ukraine", "tal") and q.prefix == (False, True)
    assert parse("ukraine talks ", NOW).prefix == (False, False)
    assert parse("sanct* vote", NOW).prefix == (True, True)


def test_phrases_and_exclusions() -> None:
    q = parse('"very  angry" envoy -rumour -"off the record"', NOW)
    assert q.phrases == ("very angry",)
    assert q.words == ("envoy",)
    assert q.excluded == ("rumour", "off the record")
    assert parse('"unterminated phrase', NOW).phrases == ("unterminated phrase",)


def test_person_quote_feed_filters() -> None:
    q = parse('person:Lubenko person:"Arkady  Lubenko" quote:"very angry" feed:courier FEED:"Valley Courier"', NOW)
    assert q.people == ("Lubenko", "Arkady Lubenko")
    assert q.quotes == ("very angry",)
    assert q.feeds == ("courier", "Valley Courier")
    assert q.has_text and q.has_filters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since:7d", NOW - timedelta(days=7)),
        ("since:24h", NOW - timedelta(hours=24)),
        ("since:2w", NOW - timedelta(weeks=2)),
        ("since:30m", NOW - timedelta(minutes=30)),
        ("since:2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
        ("since:2026-11-01T06:00:00Z", datetime(2026, 11, 1, 6, tzinfo=UTC)),
        ("since:today", datetime(2026, 11, 26, tzinfo=UTC)),
        ("since:yesterday", datetime(2026, 11, 25, tzinfo=UTC)),
        ("since:whenever", None),
    ],
)
def test_since(text: str, expected: datetime | None) -> None:
    assert parse(text, NOW).since == expected


def test_is_flags_and_unknown_keys() -> None:
    q = parse("is:unread IS:Starred", NOW)
    assert q.unread and q.starred and not q.read and not q.has_text
    q = parse("https://example.com/a note:x", NOW)
    assert q.words == ("https://example.com/a", "note:x")


@pytest.mark.parametrize("text", ["", "   ", '"', '""', "-", "*", "***", "person:", 'quote:""', "is:", "!!! ???"])
def test_empty_inputs_give_an_empty_query(text: str) -> None:
    assert parse(text, NOW).is_empty


def test_term_count_is_bounded() -> None:
    q = parse(" ".join(f"w{i}" for i in range(500)), NOW)
    assert len(q.words) == MAX_TERMS


def test_fts_expression_quotes_every_user_string() -> None:
    expression = _fts_expression(parse('NEAR(a b) AND person:"O\'Brien" -x tal', NOW))
    assert expression == ('("NEAR(a" AND "b)" AND "AND" AND "tal" * AND people : "O\'Brien") NOT ("x")')
    assert _fts_expression(SearchQuery()) is None
    assert _fts_expression(parse("tr", NOW)) == '"tr"'  # too short to expand while typing
    assert _fts_expression(parse("tr*", NOW)) == '"tr" *'
    assert _fts_expression(parse("tra", NOW)) == '"tra" *'
    assert _fts_expression(parse("tram", NOW), typing_prefix=False) == '"tram"'
    assert _fts_expression(parse("tram vote", NOW), title_only=True) == 'title : ("tram" AND "vote" *)'


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses(text: str) -> None:
    q = parse(text, NOW)
    assert len(q.words) == len(q.prefix)
    for word in q.words + q.phrases + q.people + q.quotes:
        assert any(ch.isalnum() for ch in word)


@pytest.mark.parametrize("text", ["harbour since:garbage", "after:soonish", "since:7 fortnights ferry"])
def test_an_unusable_since_is_named_in_the_warnings(text: str) -> None:
    parsed = parse(text, NOW)
    assert parsed.since is None
    (warning,) = parsed.warnings
    assert "is not a time" in warning and "\n" not in warning
    assert warning.startswith(("since:", "after:"))  # names the part that was dropped


@pytest.mark.parametrize("text", ["since:7d harbour", "since:", "harbour", "since:2026-11-01"])
def test_a_usable_or_unfinished_since_gives_no_warning(text: str) -> None:
    assert parse(text, NOW).warnings == ()


def test_tag_filters_parse() -> None:
    q = parse('tag:local TAG:"City Hall" tags:local harbour', NOW)
    assert q.tags == ("local", "City Hall")
    assert q.words == ("harbour",)
    assert q.has_filters and not parse("harbour", NOW).has_filters
    assert parse("tag:", NOW).tags == () and parse("tag:", NOW).is_empty


def test_tag_search_finds_the_stories_of_feeds_carrying_the_tag(tmp_path) -> None:
    from briefing.core.models import ParsedEntry
    from briefing.core.store import Store

    with Store(tmp_path / "tags.db") as store:
        feeds = {
            "pier": store.add_feed("https://pier.example/rss", title="Pier Post", tags=("Local", "Ships")),
            "moor": store.add_feed("https://moor.example/rss", title="Moor Times", tags=("local",)),
            "wide": store.add_feed("https://wide.example/rss", title="Wide World", tags=("world",)),
        }
        for name, feed in feeds.items():
            store.store_entries(
                feed.id,
                [
                    ParsedEntry(
                        f"{name}-1",
                        None,
                        f"{name.title()} lantern festival",
                        None,
                        NOW - timedelta(hours=1),
                        None,
                        "Lanterns lit.",
                    )
                ],
                NOW,
                {},
            )

        def titles(query: str) -> set[str]:
            return {hit.title for hit in store.search(query)}

        assert titles("tag:local") == {"Pier lantern festival", "Moor lantern festival"}  # any case
        assert titles("tag:LOCAL lantern") == {"Pier lantern festival", "Moor lantern festival"}
        assert titles("tag:local tag:ships") == {"Pier lantern festival"}  # feeds carrying both
        assert titles("tag:loc") == set()  # a tag is matched whole, not as a part of another
        assert titles("tag:world is:unread") == {"Wide lantern festival"}
        store.set_feed_tags(feeds["wide"].id, ["local"])
        assert len(titles("tag:local")) == 3
