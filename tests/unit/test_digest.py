"""build_digest over a real archive, and its three renderings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from briefing.core.digest import (
    LAST_READ_KEY,
    as_json,
    build_digest,
    notable_quote,
    render_markdown,
    render_text,
)
from briefing.core.models import Analysis, ParsedEntry, Person, Quote
from briefing.core.store import Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


def _entry(guid: str, title: str, hours_ago: float, body: str = "Plain words about the harbour.") -> ParsedEntry:
    return ParsedEntry(
        guid=guid,
        link=f"https://gull.example/{guid}",
        title=title,
        author=None,
        published=NOW - timedelta(hours=hours_ago),
        updated=None,
        body=body,
    )


@pytest.fixture
def archive(store: Store) -> Store:
    gull = store.add_feed("https://gull.example/rss", title="Gull Gazette")
    owl = store.add_feed("https://owl.example/rss", title="Owl Observer")
    store.store_entries(
        gull.id,
        [
            _entry("a", "Bridge reopens after repairs", 2),
            _entry("b", "Market hall sold", 20),
            _entry("c", "Last week's flood", 100),
        ],
        NOW,
    )
    store.store_entries(
        owl.id, [_entry("d", "Owls return to the old mill", 5, body="Ranger Kofi Adjei counted nine owls. " * 20)], NOW
    )
    first = store.stories(limit=1)[0]
    store.save_analysis(
        first.id,
        Analysis(
            summary=("The bridge reopens on Friday.", "Repairs took a year."),
            people=(
                Person("Agnes Moll", "engineer", 3),
                Person("Piet Ruys", None, 1),
                Person("Sal Ferro", "mayor", 1),
                Person("Extra Person", None, 1),
            ),
            quotes=(
                Quote("Yes,", None),
                Quote("The bridge is as strong as the day it opened, and safer", "Agnes Moll"),
            ),
        ),
    )
    return store


def test_default_window_is_24_hours_grouped_by_day(archive: Store) -> None:
    digest = build_digest(archive, now=NOW)
    assert digest.since == NOW - timedelta(hours=24) and not digest.fallback
    assert [s.title for s in digest.stories] == [
        "Bridge reopens after repairs",
        "Owls return to the old mill",
        "Market hall sold",
    ]
    assert [g.title for g in digest.groups] == ["Thursday 26 November 2026", "Wednesday 25 November 2026"]
    bridge = digest.stories[0]
    assert bridge.summary == ("The bridge reopens on Friday.", "Repairs took a year.")
    assert [p.name for p in bridge.people] == ["Agnes Moll", "Piet Ruys", "Sal Ferro"]  # the top three
    assert bridge.quote is not None and bridge.quote.speaker == "Agnes Moll"
    owls = digest.stories[1]  # not analysed, no analyser given: its opening words
    assert owls.summary[0].startswith("Ranger Kofi Adjei counted nine owls.") and owls.summary[0].endswith("…")
    assert owls.people == () and owls.quote is None


def test_last_read_time_and_explicit_since(archive: Store) -> None:
    archive.set_state(LAST_READ_KEY, "2026-11-26T06:00:00Z")
    assert [s.title for s in build_digest(archive, now=NOW).stories] == ["Bridge reopens after repairs"]
    week = build_digest(archive, NOW - timedelta(days=7), now=NOW, group_by="outlet")
    assert [g.title for g in week.groups] == ["Gull Gazette", "Owl Observer"]
    assert len(week.stories) == 4
    limited = build_digest(archive, NOW - timedelta(days=7), now=NOW, limit=2)
    assert len(limited.stories) == 2 and limited.truncated


def test_analyser_is_called_for_stories_without_analysis(archive: Store) -> None:
    seen: list[str] = []

    def analyse(article):
        seen.append(article.title)
        return Analysis(summary=(f"About {article.title}.",), people=(Person("Kofi Adjei", "Ranger", 2),))

    digest = build_digest(archive, now=NOW, analyse=analyse)
    assert seen == ["Owls return to the old mill", "Market hall sold"]
    assert digest.stories[1].summary == ("About Owls return to the old mill.",)


def test_empty_window_falls_back_to_the_newest_day(archive: Store) -> None:
    later = NOW + timedelta(days=10)
    digest = build_digest(archive, now=later)
    assert digest.fallback
    assert [s.title for s in digest.stories] == [
        "Bridge reopens after repairs",
        "Owls return to the old mill",
        "Market hall sold",
    ]
    explicit = build_digest(archive, later - timedelta(hours=1), now=later)
    assert not explicit.fallback and explicit.stories == []


def test_notable_quote_prefers_attributed_readable_quotes_by_leading_people() -> None:
    analysis = Analysis(
        people=(Person("Ana Lind"), Person("Bo Kerr")),
        quotes=(
            Quote("Short", "Bo Kerr"),
            Quote("An unattributed line of perfectly readable length here", None),
            Quote("We will keep the library open every day of the week", "Bo Kerr"),
            Quote("We will keep the pool open every single day of the year too", "Ana Lind"),
        ),
    )
    assert notable_quote(analysis).speaker == "Ana Lind"
    assert notable_quote(Analysis()) is None


def test_renderings(archive: Store) -> None:
    digest = build_digest(archive, now=NOW)
    text = render_text(digest, width=72)
    assert text.startswith("Briefing: 3 stories since Wed 25 Nov 2026 09:00 UTC")
    assert "* Bridge reopens after repairs\n  Gull Gazette · 07:00 UTC\n    - The bridge reopens on Friday." in text
    assert "People: Agnes Moll (engineer); Piet Ruys; Sal Ferro (mayor)" in text
    assert max(len(line) for line in text.splitlines()) <= 72
    md = render_markdown(digest)
    assert "## Thursday 26 November 2026" in md
    assert "### [Bridge reopens after repairs](<https://gull.example/a>)" in md
    assert "> “The bridge is as strong as the day it opened, and safer” — Agnes Moll" in md
    data = as_json(digest)
    assert data["since"] == "2026-11-25T09:00:00Z" and data["generated"] == "2026-11-26T09:00:00Z"
    assert data["groups"][0]["stories"][0]["quote"] == {
        "text": "The bridge is as strong as the day it opened, and safer",
        "speaker": "Agnes Moll",
    }


def test_markdown_shows_feed_text_literally(store: Store) -> None:
    feed = store.add_feed("https://x.example/rss", title="X")
    store.store_entries(feed.id, [_entry("m", "[click](javascript:alert(1)) <b>*bold*</b> #1", 1)], NOW)
    md = render_markdown(build_digest(store, now=NOW))
    assert "\\[click\\]\\(javascript:alert\\(1\\)\\) \\<b\\>\\*bold\\*\\</b\\> \\#1" in md
    assert "](javascript" not in md
