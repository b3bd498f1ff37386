"""Values between Python and SQLite: ISO-Z time text, entry and person identity, storable text,
and the mapping of result rows to the models."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

from briefing.core.models import Feed, ParsedEntry, StoryRow

FEED_COLUMNS = (
    "id, url, title, user_title, link, etag, last_modified, last_fetched, last_status, "
    "last_error, failures, next_due, added, gone, tags, unread_count, total_count"
)
FEED_NAME = "COALESCE(f.user_title, f.title, f.url)"
STORY_COLUMNS = f"a.id, a.feed_id, {FEED_NAME}, a.title, a.published, a.read, a.starred"


def to_text(moment: datetime | None) -> str | None:
    """An aware (or naive = UTC) datetime as ``YYYY-MM-DDTHH:MM:SSZ`` (always 4-digit years,
    so text order stays time order)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        m = moment.astimezone(UTC)
    except OverflowError:  # within hours of year 1 or 9999
        m = moment.replace(tzinfo=UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def from_text(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def entry_guid(entry: ParsedEntry) -> str:
    """The entry's identity within its feed: guid, else link, else a hash of title + date."""
    if entry.guid and entry.guid.strip():
        return entry.guid.strip()
    if entry.link and entry.link.strip():
        return entry.link.strip()
    seed = f"{entry.title}\x1f{to_text(entry.published) or ''}"
    return "sha1:" + hashlib.sha1(seed.encode("utf-8", "surrogatepass")).hexdigest()


def content_hash(entry: ParsedEntry) -> str:
    """What decides "changed": title, link, author, body and the updated time."""
    parts = (entry.title, entry.link or "", entry.author or "", entry.body, to_text(entry.updated) or "")
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def person_key(name: str) -> str:
    """The identity of a person across articles: case, spacing and accents folded."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = name.replace("’", "'")
    for suffix in ("'s", "'"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return " ".join(name.casefold().replace(".", " ").split())


def storable(text: str | None) -> str | None:
    """Text SQLite can hold: lone surrogates (undecodable bytes upstream) become U+FFFD."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def db_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_text(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return storable(value)
    return value


def feed_row(row: tuple[Any, ...]) -> Feed:
    return Feed(
        id=row[0],
        url=row[1],
        title=row[2],
        user_title=row[3],
        link=row[4],
        etag=row[5],
        last_modified=row[6],
        last_fetched=from_text(row[7]),
        last_status=row[8],
        last_error=row[9],
        failures=row[10] or 0,
        next_due=from_text(row[11]),
        added=from_text(row[12]),
        gone=bool(row[13]),
        tags=tuple(json.loads(row[14] or "[]")),
        unread=row[15] or 0,
        total=row[16] or 0,
    )


def story_row(row: tuple[Any, ...]) -> StoryRow:
    return StoryRow(
        id=row[0],
        feed_id=row[1],
        feed=row[2],
        title=row[3],
        published=from_text(row[4]),  # type: ignore[arg-type]
        read=bool(row[5]),
        starred=bool(row[6]),
    )
