"""The bundled demo: valid feeds, enough stories over enough days, and a gold set that matches the text."""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from briefing.demo import (
    DEMO_OUTLETS,
    NEWEST_AGE,
    STORY_CLOCK,
    WEEKDAYS,
    demo_article,
    demo_articles,
    demo_feed_paths,
    load_gold,
)

NOW = datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc)
TAG = re.compile(r"<[^>]+>")


def _parse_all(folder: Path, now: datetime = NOW) -> list[feedparser.FeedParserDict]:
    return [feedparser.parse(path.read_bytes()) for path in demo_feed_paths(now=now, dest=folder)]


def _when(entry) -> datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(stamp), tz=timezone.utc)


def _body(entry) -> str:
    if entry.get("content"):
        return entry.content[0].value
    return entry.get("summary", "")


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> list[feedparser.FeedParserDict]:
    return _parse_all(tmp_path_factory.mktemp("demo"))


def test_every_feed_is_well_formed_and_named(parsed) -> None:
    assert len(parsed) == len(DEMO_OUTLETS) >= 3
    for feed, outlet in zip(parsed, DEMO_OUTLETS):
        assert feed.bozo == 0, (outlet.slug, feed.get("bozo_exception"))
        assert feed.feed.title == outlet.title
    versions = {feed.version for feed in parsed}
    assert {"rss20", "atom10", "rss10"} <= versions


def test_enough_entries_with_unique_links(parsed) -> None:
    links = [entry.link for feed in parsed for entry in feed.entries]
    assert len(links) >= 48
    assert len(set(links)) == len(links)
    assert len(links) == len(demo_articles())


def test_dates_span_the_week_and_end_just_before_now(parsed) -> None:
    dates = [_when(entry) for feed in parsed for entry in feed.entries]
    known = [d for d in dates if d is not None]
    assert len(known) == len(dates) - 1  # exactly one story has no date
    assert len({d.date() for d in known}) >= 5
    assert max(known) < NOW
    assert NOW - max(known) <= timedelta(hours=6)
    assert NOW - min(known) <= timedelta(days=8)


def test_dates_follow_now(tmp_path: Path) -> None:
    later = NOW + timedelta(days=40, hours=5)
    first = sorted(filter(None, (_when(e) for f in _parse_all(tmp_path / "a") for e in f.entries)))
    second = sorted(filter(None, (_when(e) for f in _parse_all(tmp_path / "b", later) for e in f.entries)))
    assert [b - a for a, b in zip(first, second)] == [later - NOW] * len(first)


def test_rewriting_keeps_the_same_paths(tmp_path: Path) -> None:
    assert demo_feed_paths(now=NOW, dest=tmp_path) == demo_feed_paths(now=NOW + timedelta(days=1), dest=tmp_path)


@pytest.mark.parametrize("days_later", range(7))
def test_weekday_names_follow_the_dates(tmp_path: Path, days_later: int) -> None:
    """A wire dateline ("KESSBURG, Friday (Northwind)") names the weekday the story is dated."""
    now = STORY_CLOCK + NEWEST_AGE + timedelta(days=days_later, minutes=5)
    wire = feedparser.parse(demo_feed_paths(now=now, dest=tmp_path)[1].read_bytes())
    datelines = 0
    for entry in wire.entries:
        found = re.search(r"\b([A-Z]+), (?:[A-Z][a-z]+, )?(\w+day) \(Northwind\)", _body(entry))
        if found:
            datelines += 1
            assert found.group(2) == WEEKDAYS[_when(entry).weekday()], entry.title
    assert datelines >= 4


def test_each_article_is_a_real_length(parsed) -> None:
    for feed in parsed:
        for entry in feed.entries:
            words = len(TAG.sub(" ", _body(entry)).split())
            assert 250 <= words <= 700, (entry.title, words)


def test_edge_cases_are_present(parsed) -> None:
    entries = [entry for feed in parsed for entry in feed.entries]
    assert any("[bold]" in entry.title for entry in entries)
    assert any("<table" in _body(entry) for entry in entries)
    assert sum(1 for entry in entries if not entry.get("author")) == 1
    assert any("«" in _body(entry) for entry in entries)
    assert any("„" in _body(entry) for entry in entries)


def test_text_keeps_paragraphs_and_drops_tables() -> None:
    for article in demo_articles():
        text = article.text()
        assert "<" not in text
        assert text.count("\n\n") >= 4, article.guid


GOLD = load_gold()["articles"]


@pytest.mark.parametrize("gold", GOLD, ids=[g["guid"] for g in GOLD])
def test_gold_matches_its_article(gold: dict) -> None:
    text = demo_article(gold["guid"]).text()
    names = set()
    first_mentions = [
        min(m.start() for form in (p["name"], *p["aliases"]) for m in re.finditer(rf"\b{re.escape(form)}\b", text))
        for p in gold["people"]
    ]
    assert first_mentions == sorted(first_mentions)  # people are listed in order of first mention
    for person in gold["people"]:
        assert person["name"] in text
        for alias in person["aliases"]:
            assert re.search(rf"\b{re.escape(alias)}\b", text), alias
        if person["role"]:
            assert person["role"].lower() in text.lower(), person["role"]
        names.add(person["name"])
    position = 0
    for quote in gold["quotes"]:
        found = text.find(quote["text"], position)
        assert found >= 0, quote["text"]  # present, and listed in text order
        position = found + 1
        if quote["speaker_kind"] == "person":
            assert quote["speaker"] in names
        elif quote["speaker_kind"] == "organisation":
            assert quote["speaker"] in text
        else:
            assert quote["speaker"] is None
    for scare in gold["not_quotes"]:
        assert scare in text
    # the feeds rename weekdays to fit the dates they carry, so the gold must not depend on them
    assert not re.search("|".join(WEEKDAYS), str(gold["people"]) + str(gold["quotes"]))


def test_gold_covers_a_dozen_articles_across_outlets() -> None:
    assert len(GOLD) >= 12
    assert len({demo_article(g["guid"]).outlet for g in GOLD}) == len(DEMO_OUTLETS)
