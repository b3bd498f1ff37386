"""The plain records of full text (issue 11) passed between the store, the pipeline, the CLI and
the reader. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

StoredStatus = Literal["fetched", "teaser", "failed", "skipped"]
STATUSES: tuple[StoredStatus, ...] = ("fetched", "teaser", "failed", "skipped")
# Why a story stored before full text existed has none (``briefing fulltext`` fills them in).
LEGACY_REASON = "stored before full text existed"
MODE_NEVER_REASON = "full text is off for this feed (mode never)"
NOT_TEASER_REASON = "the feed carries the whole story"
NO_LINK_REASON = "the story has no web link"


@dataclass(frozen=True, slots=True)
class FullTextInfo:
    """What the archive knows about one story's full text.

    ``status`` None: not decided yet (the page is still to be fetched). ``teaser`` is the feed's
    own text (the body itself while there is no full text). ``mode`` is the feed's own mode
    (None: it follows the configured default)."""

    article_id: int
    status: StoredStatus | None
    error: str | None
    fetched: datetime | None
    teaser: str
    mode: str | None

    @property
    def has_full_text(self) -> bool:
        return self.status == "fetched"

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "error": self.error,
            "fetched": None if self.fetched is None else self.fetched.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A story whose page may be wanted: the pipeline decides with the teaser rule."""

    article_id: int
    feed_id: int
    feed_url: str
    mode: str | None  # the feed's own mode; None: the default
    link: str | None
    title: str
    text: str  # the feed's text
    content_hash: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to record for one story: ``text`` replaces the body when ``status`` is "fetched"."""

    article_id: int
    status: StoredStatus
    text: str = ""
    error: str | None = None
    content_hash: str | None = None  # the story as it was judged: a story changed since is left alone
