"""Values between Python and SQLite: ISO-Z time text, entry and person identity, storable text,
and the mapping of result rows to the models."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import datetime
from typing import Any

from briefing.core.models import Feed, ParsedEntry, StoryRow
from briefing.core.times import from_iso, iso_z
from briefing.core.times import utc_now as utc_now  # re-exported for the mixins

FEED_COLUMNS = (
    "id, url, title, user_title, link, etag, last_modified, last_fetched, last_status, "
    "last_error, failures, next_due, added, gone, tags, unread_count, total_count"
)
FEED_NAME = "COALESCE(f.user_title, f.title, f.url)"
STORY_COLUMNS = f"a.id, a.feed_id, {FEED_NAME}, a.title, a.published, a.read, a.starred"


to_text = iso_z  # the archive's time text: core.times is the one module for time
from_text = from_iso


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
