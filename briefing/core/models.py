"""Plain, immutable data passed between the core, the CLI and the TUI.

Every timestamp is a timezone-aware ``datetime`` in UTC. Nothing here touches
the network, the database or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

# --- feeds -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    title: str | None = None
    user_title: str | None = None
    link: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_fetched: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    failures: int = 0
    next_due: datetime | None = None
    added: datetime | None = None
    gone: bool = False
    tags: tuple[str, ...] = ()
    unread: int = 0
    total: int = 0

    @property
    def name(self) -> str:
        """What the user sees: their own title, else the feed's, else the URL."""
        return self.user_title or self.title or self.url


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry as the feed parser hands it over, already cleaned to text."""

    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    updated: datetime | None
    body: str


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    entries: tuple[ParsedEntry, ...]
    problem: str | None = None  # feedparser's bozo exception, readable; None when clean


# --- articles ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryRow:
    """The few columns a story list shows: cheap to page through by the million."""

    id: int
    feed_id: int
    feed: str
    title: str
    published: datetime
    read: bool
    starred: bool


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    feed_id: int
    feed: str
    guid: str
    link: str | None
    title: str
    author: str | None
    published: datetime
    updated: datetime | None
    fetched: datetime
    body: str
    read: bool
    starred: bool
    content_hash: str
    analysed: bool = False


@dataclass(frozen=True, slots=True)
class Cursor:
    """Keyset position in a newest-first list: the last row of the previous page."""

    published: datetime
    id: int


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Which stories a list holds (the reader's list, ``A``, the digest's window): every field set
    narrows it; None/False means no restriction. Hashable, so counts can be cached by it."""

    feed_id: int | None = None
    unread: bool = False
    starred: bool = False
    person: str | None = None  # a canonical name, alias or unique surname ("" = no restriction)
    since: datetime | None = None  # published at or after
    ids: tuple[int, ...] | None = None  # only these stories

    def __post_init__(self) -> None:
        if not self.person and self.person is not None:
            object.__setattr__(self, "person", None)
        if self.ids is not None and not isinstance(self.ids, tuple):
            object.__setattr__(self, "ids", tuple(int(i) for i in self.ids))


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: int
    title: str
    link: str | None
    feed: str
    published: datetime
    snippet: str  # plain text; the matched words are wrapped in HIT_START / HIT_END
    rank: float = 0.0
    read: bool = False
    starred: bool = False


HIT_START = "\x02"  # marks a highlighted span in SearchHit.snippet; renderers map it
HIT_END = "\x03"


# --- analysis ----------------------------------------------------------------

SpeakerKind = Literal["person", "organisation"]


@dataclass(frozen=True, slots=True)
class Person:
    name: str  # canonical: the fullest form the article uses
    role: str | None = None
    mentions: int = 1
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None = None  # a canonical Person.name, an organisation, or None
    speaker_kind: SpeakerKind | None = None
    start: int = 0  # character offsets of the quoted words in the analysed text
    end: int = 0


@dataclass(frozen=True, slots=True)
class Analysis:
    summary: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """A person across the archive."""

    id: int
    name: str
    role: str | None
    stories: int
    quotes: int = 0


@dataclass(frozen=True, slots=True)
class QuoteInStory:
    text: str
    speaker: str | None
    article_id: int
    title: str
    feed: str
    published: datetime


# --- refresh -----------------------------------------------------------------

FeedOutcome = Literal["ok", "not_modified", "failed", "skipped"]


@dataclass(frozen=True, slots=True)
class FeedResult:
    feed_id: int
    url: str
    outcome: FeedOutcome
    new: int = 0
    updated: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PagesSummary:
    """The article pages of a refresh or ``briefing fulltext`` (issue 11): ``wanted`` pages to
    fetch; ``fetched`` gave the full text, ``teaser`` kept the feed's text (a wall, not the story),
    ``failed`` (reason on the story); ``skipped`` stories needed no page."""

    wanted: int = 0
    fetched: int = 0
    teaser: int = 0
    failed: int = 0
    skipped: int = 0
    analysed: int = 0
    refused: str | None = None  # the archive refused the writes: why

    @property
    def done(self) -> int:
        return self.fetched + self.teaser + self.failed

    def as_json(self) -> dict[str, Any]:
        return {
            "wanted": self.wanted,
            "fetched": self.fetched,
            "teaser": self.teaser,
            "failed": self.failed,
            "skipped": self.skipped,
        }


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    done: int
    total: int
    new: int  # new articles so far in this refresh
    last: FeedResult | None = None
    pages: PagesSummary | None = None  # set while article pages are fetched (after the feeds)


@dataclass(frozen=True, slots=True)
class RefreshResult:
    results: tuple[FeedResult, ...] = field(default_factory=tuple)
    analysed: int = 0  # articles analysed after storing
    analysis_errors: tuple[str, ...] = ()  # "article 12: ValueError: ..." per failed analysis
    refused: str | None = None  # the archive refused writes (read-only, full, locked, I/O error): why, in one line
    pages: PagesSummary = field(default_factory=PagesSummary)  # article pages fetched after the feeds

    def count(self, outcome: FeedOutcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.results)

    def as_json(self) -> dict[str, Any]:
        return {
            "feeds": len(self.results),
            "ok": self.count("ok"),
            "not_modified": self.count("not_modified"),
            "failed": self.count("failed"),
            "skipped": self.count("skipped"),
            "new": self.new,
            "updated": self.updated,
            "errors": [{"feed": r.url, "error": r.error} for r in self.results if r.error],
            "pages": self.pages.as_json(),
        }
