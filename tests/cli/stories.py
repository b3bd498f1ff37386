"""Our own small news world for the CLI tests: a few invented stories and feeds built from them.

Every name, place and quotation here is made up for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path

from briefing.core.models import ParsedEntry

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Story:
    guid: str
    title: str
    author: str
    hours_ago: float
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def link(self, site: str = "https://tidewater.example") -> str:
        return f"{site}/news/{self.guid}"


FERRY = Story(
    guid="ferry-route",
    title="Harbour council approves a night ferry to Kestrel Island",
    author="Mara Quill",
    hours_ago=3,
    paragraphs=(
        "The Tidewater harbour council voted on Tuesday to run a night ferry to Kestrel Island "
        "from the first week of spring, ending a decade of campaigning by island residents.",
        'Mayor Ines Okafor said the vote settled an old argument. "The island has waited long '
        'enough, and tonight the council listened," Okafor told reporters after the meeting.',
        "The council's transport officer, Dmitri Halloran, said the first crossings would use the "
        'older of the two harbour boats. "We expect to carry two hundred passengers a night by '
        'the summer," Halloran said.',
        "Opponents on the council warned about the cost of night crews, which they put at 1.2 million crowns a year.",
    ),
)

DROUGHT = Story(
    guid="velmora-drought",
    title="Velmora limits garden watering as the reservoirs drop",
    author="Tomas Brenner",
    hours_ago=9,
    paragraphs=(
        "Households in Velmora may water gardens only on alternate evenings from Monday, the "
        "regional water board announced, after a third dry month left its reservoirs at 41 per cent.",
        'Water minister Petra Lindqvist called the limits a precaution. "Nobody will go without '
        'drinking water, but every hose left running costs the whole valley," Lindqvist said.',
        "Farmers' union leader Anselm Roe said growers needed clearer rules for irrigation.",
    ),
)

CHESS = Story(
    guid="chess-title",
    title="Fourteen-year-old takes the coastal chess title",
    author="Mara Quill",
    hours_ago=30,
    paragraphs=(
        "Lena Vasquez, a fourteen-year-old from Tidewater, won the coastal chess championship on "
        "Sunday without losing a game.",
        '"I only started playing seriously two years ago," Vasquez said after her final win '
        "against the defending champion, Oskar Mbeki.",
        "Her coach, Rafael Dunmore, said she studies endgames every morning before school.",
    ),
)

STORIES = (FERRY, DROUGHT, CHESS)


def rss(
    stories: tuple[Story, ...] = STORIES, title: str = "The Tidewater Courier", now: datetime | None = None
) -> bytes:
    """An RSS 2.0 document with the stories' HTML bodies, dated back from ``now``."""
    now = now or datetime.now(timezone.utc)
    items = []
    for story in stories:
        html = "".join(f"<p>{escape(p, quote=False)}</p>" for p in story.paragraphs)
        published = format_datetime(now - timedelta(hours=story.hours_ago))
        items.append(
            "<item>"
            f"<title>{escape(story.title)}</title>"
            f"<link>{story.link()}</link>"
            f'<guid isPermaLink="false">{story.guid}</guid>'
            f"<author>{escape(story.author)}</author>"
            f"<pubDate>{published}</pubDate>"
            f"<description>{escape(html)}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://tidewater.example/</link>"
        "<description>Local news</description>" + "".join(items) + "</channel></rss>"
    ).encode("utf-8")


def entry(story: Story, now: datetime) -> ParsedEntry:
    """The story as the feed parser would hand it to the store, dated back from ``now``."""
    return ParsedEntry(
        guid=story.guid,
        link=story.link(),
        title=story.title,
        author=story.author,
        published=now - timedelta(hours=story.hours_ago),
        updated=None,
        body=story.body,
    )
