"""Fixtures for the TUI tests: a real Store on tmp_path, filled through its own API, a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from briefing.app import BriefingApp, create_app
from briefing.config import RefreshSettings, Settings, UISettings
from briefing.core.models import Analysis, ParsedEntry, Person, Quote
from briefing.core.store import Store

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
INJECTED_TITLE = "[bold red]Not bold[/] and [link=https://x.example]no link[/link] \x1b[31mplain"


@dataclass(frozen=True)
class Story:
    feed: str
    title: str
    hours_ago: float
    body: str
    people: tuple[Person, ...] = ()
    quotes: tuple[Quote, ...] = ()
    summary: tuple[str, ...] = ()
    link: str | None = None
    analysed: bool = True


STORIES = [
    Story(
        "Harbour Gazette",
        "Ferry timetable rewritten after winter storms",
        1,
        "The harbour authority published a new ferry timetable on Wednesday. Mara Lindqvist, "
        'the authority\'s operations chief, said "the crossings will run every forty minutes". '
        "Councillor Tomas Reyes welcomed the change.",
        people=(Person("Mara Lindqvist", "operations chief", 2), Person("Tomas Reyes", "councillor", 1)),
        quotes=(Quote("the crossings will run every forty minutes", "Mara Lindqvist", "person"),),
        summary=("A new ferry timetable follows the winter storms.", "Crossings every forty minutes."),
        link="https://gazette.example/ferry",
    ),
    Story(
        "Valley Courier",
        "Orchard growers report a record apple harvest",
        3,
        "Growers across the valley picked more apples than in any year on record. "
        'Ines Okafor, who chairs the growers\' cooperative, said "prices will hold".',
        people=(Person("Ines Okafor", "cooperative chair", 2),),
        quotes=(Quote("prices will hold", "Ines Okafor", "person"),),
        summary=("Apple growers had a record year.",),
        link="javascript:alert(1)",
    ),
    Story("Harbour Gazette", INJECTED_TITLE, 5, "A story whose title tries to be markup."),
    Story(
        "Valley Courier",
        "Library extends weekend opening hours",
        26,
        "The town library will open on Sundays from next month. Mara Lindqvist said "
        '"reading rooms should never be locked at weekends".',
        people=(Person("Mara Lindqvist", None, 1),),
        quotes=(Quote("reading rooms should never be locked at weekends", "Mara Lindqvist", "person"),),
        summary=("Sunday opening at the library.",),
    ),
    Story(
        "Harbour Gazette",
        "Lighthouse keeper retires after forty years",
        30,
        "The last keeper of the north lighthouse retired this week after four decades.",
        analysed=False,
    ),
    Story(
        "Valley Courier",
        "Bridge repairs close the river road",
        75,
        "Repairs to the old stone bridge will close the river road for two weeks.",
        summary=("The river road closes for bridge repairs.",),
    ),
]


def fill(store: Store, stories: list[Story] = STORIES, now: datetime = NOW) -> dict[str, int]:
    """Add feeds and stories through the Store API; returns title -> article id."""
    feeds: dict[str, int] = {}
    for story in stories:
        if story.feed not in feeds:
            feeds[story.feed] = store.add_feed(
                f"https://{story.feed.split()[0].lower()}.example/rss", title=story.feed
            ).id
    for feed_name, feed_id in feeds.items():
        entries = [
            ParsedEntry(
                guid=f"{feed_name}-{i}",
                link=s.link,
                title=s.title,
                author="Staff reporter",
                published=now - timedelta(hours=s.hours_ago),
                updated=None,
                body=s.body,
            )
            for i, s in enumerate(stories)
            if s.feed == feed_name
        ]
        store.store_entries(feed_id, entries, now=now, feed_status={"last_fetched": now, "last_status": 200})
    ids = {row.title: row.id for row in store.stories(limit=1000)}
    for story in stories:
        if story.analysed:
            store.save_analysis(ids[story.title], Analysis(story.summary, story.people, story.quotes))
    return ids


@pytest.fixture
def archive(store: Store) -> Store:
    """The shared empty ``store`` fixture, filled with our six stories."""
    fill(store)
    return store


@pytest.fixture
def ids(archive: Store) -> dict[str, int]:
    return {row.title: row.id for row in archive.stories(limit=1000)}


SETTINGS = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))


def make_app(store: Store, **options) -> BriefingApp:
    options.setdefault("clock", lambda: NOW)
    options.setdefault("tz", timezone.utc)
    return create_app(store, options.pop("settings", SETTINGS), **options)


async def settle(pilot, rounds: int = 20) -> None:
    """Let workers finish and the screen repaint, including the workers that finished workers start
    (a write, then the reload it asks for): round after round until a round starts none."""
    idle = 0
    for _ in range(rounds):
        await pilot.pause(0.1 if idle == 0 else 0)  # the story pane follows the cursor after a short rest
        if any(worker.is_running for worker in pilot.app.workers):
            idle = 0
            await pilot.app.workers.wait_for_complete()
        else:
            idle += 1
            if idle == 2:  # idle twice in a row, with the messages between handled
                break
    await pilot.pause()


def shown(widget) -> str:
    """The plain text a Static-like widget shows (Text, tables and groups alike), unwrapped."""
    import io

    from rich.console import Console

    console = Console(width=1000, file=io.StringIO(), color_system=None, record=True)
    content = getattr(widget, "content", None)
    console.print(content if content is not None else widget.render(), markup=False, highlight=False)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())
