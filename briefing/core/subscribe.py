"""Subscribing from outside the command line: the reader's add box and OPML imports.

Every location goes through ``locations.check_feed_location`` (the one validation) and every title
or tag from a file is cleaned with ``clean.sanitize_line`` before it is stored. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.core.clean import sanitize_line
from briefing.core.locations import LocationRefused, Origin, check_feed_location, mask_credentials
from briefing.core.models import Feed
from briefing.core.opml import OpmlFeed
from briefing.core.store import FeedExists, Store, StoreError

MAX_TAG_CHARS = 100


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored: one clean line each, no empties, first spelling of each kept (any case)."""
    kept: dict[str, str] = {}
    for tag in tags:
        cleaned = sanitize_line(tag)[:MAX_TAG_CHARS].strip()
        if cleaned and cleaned.casefold() not in kept:
            kept[cleaned.casefold()] = cleaned
    return tuple(kept.values())


def parse_tags(text: str) -> tuple[str, ...]:
    """What the user typed in the tags prompt: comma-separated tags."""
    return clean_tags(text.split(","))


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: feeds added (to fetch next), already present, refused (url, reason)."""

    added: tuple[Feed, ...] = ()
    present: int = 0
    refused: tuple[tuple[str, str], ...] = ()
    failed: str | None = None  # the store refused to go on (read-only, locked): the rest was not tried
    seen: int = 0

    @property
    def line(self) -> str:
        """One line for the user: counts, then the first refused reasons."""
        text = f"{len(self.added)} added, {self.present} already present, {len(self.refused)} refused"
        if self.refused:
            reasons = "; ".join(reason for _, reason in self.refused[:2])
            more = f" (+{len(self.refused) - 2} more)" if len(self.refused) > 2 else ""
            text += f" — {reasons}{more}"
        if self.failed:
            text += f". Stopped: {self.failed}"
        return sanitize_line(text)


def subscribe(
    store: Store, text: str, *, origin: Origin = "reader", title: str | None = None, tags: Iterable[str] = ()
) -> Feed:
    """Check ``text`` as a feed location for ``origin`` and subscribe to it.

    Raises ``LocationRefused`` or a ``StoreError`` (``FeedExists`` among them), each one line."""
    location = check_feed_location(text, origin=origin)
    return store.add_feed(location, title=sanitize_line(title) or None, tags=clean_tags(tags))


def import_feeds(store: Store, entries: Sequence[OpmlFeed], *, origin: Origin = "opml") -> ImportSummary:
    """Subscribe to each outline that passes the check; count the rest. A store failure stops the
    import (what was added stays added) and is reported in ``failed``."""
    added: list[Feed] = []
    present = 0
    refused: list[tuple[str, str]] = []
    failed: str | None = None
    for entry in entries:
        try:
            location = check_feed_location(entry.url, origin=origin)
        except LocationRefused as exc:
            refused.append((sanitize_line(mask_credentials(entry.url)), _masked_reason(entry.url, exc, origin)))
            continue
        if store.get_feed(location) is not None:
            present += 1
            continue
        try:
            added.append(
                store.add_feed(location, title=sanitize_line(entry.title) or None, tags=clean_tags(entry.tags))
            )
        except FeedExists:
            present += 1
        except StoreError as exc:
            failed = sanitize_line(str(exc))
            break
    return ImportSummary(tuple(added), present, tuple(refused), failed, len(entries))


def _masked_reason(url: str, refusal: LocationRefused, origin: Origin) -> str:
    """The refusal's one line without the password the location may carry (the reason quotes it)."""
    masked = mask_credentials(url)
    reason = str(refusal)
    if masked != url:
        try:
            check_feed_location(masked, origin=origin)
        except LocationRefused as again:
            reason = str(again)
        else:
            reason = f"refused: {masked}"
    return sanitize_line(reason)


__all__ = ["ImportSummary", "clean_tags", "import_feeds", "parse_tags", "subscribe"]
