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


def reader_note(info: FullTextInfo | None, default_mode: str, *, title: str = "") -> tuple[str, bool] | None:
    """What the story pane says about the text it shows: (line, is_full_text), or None when there
    is nothing worth saying (a feed that carries whole stories)."""
    from briefing.core.fulltext.teaser import is_teaser

    if info is None:
        return None
    mode = info.mode or default_mode
    if info.status == "fetched":
        return "Full text from the article page (the feed had a teaser).", True
    if info.status is None:
        if mode == "never":
            return (
                None
                if not is_teaser(title, info.teaser)
                else ("Feed text only: full text is off for this feed (mode never).", False)
            )
        if not is_teaser(title, info.teaser) and mode != "always":
            return None
        return "Feed text only for now: the article page is still to be fetched.", False
    if info.status == "skipped":
        if info.error == NOT_TEASER_REASON:
            return None
        return f"Feed text only: {info.error or 'no page fetched'}.", False
    if info.status == "teaser":
        return f"Feed text only: {info.error or 'the page was not the article'}.", False
    return f"Feed text only: fetching the page failed: {info.error or 'no reason recorded'}.", False
