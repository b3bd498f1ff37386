"""The search language, parsed into plain data. No SQL here; ``store`` builds that.

Syntax (case-insensitive keys; every part optional, any order):

- bare words ``harbour talks`` — all must match; the last one is a prefix while
  the user is still typing it (no trailing space), ``word*`` is always a prefix
- ``"exact phrase"``; ``-word`` / ``-"phrase"`` excludes
- ``person:Lubenko`` / ``person:"Arkady Lubenko"`` — a person named in the story
- ``quote:"very angry"`` — words inside a quote
- ``feed:courier`` — feed title, own title or URL contains this
- ``tag:local`` / ``tag:"city hall"`` — stories of feeds carrying this tag (any case); several
  ``tag:`` parts: feeds carrying all of them
- ``since:7d`` / ``since:24h`` / ``since:2w`` / ``since:30m`` / ``since:2026-11-01`` /
  ``since:today`` / ``since:yesterday``
- ``is:unread`` / ``is:read`` / ``is:starred``

Anything that does not parse is kept as plain words, so no input is an error; a filter whose
value cannot be used (``since:garbage``) is dropped and named in ``SearchQuery.warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from briefing.core.times import SINCE_HELP, SinceError, parse_since

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32

_TOKEN = re.compile(r"""(?P<neg>-)?(?:(?P<key>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]*))""")
_KEYS = {
    "person": "people",
    "people": "people",
    "who": "people",
    "quote": "quotes",
    "said": "quotes",
    "feed": "feeds",
    "from": "feeds",
    "tag": "tags",
    "tags": "tags",
    "since": "since",
    "after": "since",
    "is": "is",
}


@dataclass(frozen=True, slots=True)
class SearchQuery:
    words: tuple[str, ...] = ()
    prefix: tuple[bool, ...] = ()  # one flag per word: match it as a prefix
    typing: bool = False  # the last word is a prefix only because the user is still typing it
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()  # words or phrases that must not occur
    people: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    since: datetime | None = None
    unread: bool = False
    read: bool = False
    starred: bool = False
    # parts that were understood as filters but could not be used ("since:garbage"), one line
    # each; the query still runs without them (the CLI refuses it, the reader shows the warning)
    warnings: tuple[str, ...] = ()

    @property
    def has_text(self) -> bool:
        """True when ranking by relevance makes sense (words, phrases or quote text)."""
        return bool(self.words or self.phrases or self.quotes)

    @property
    def has_filters(self) -> bool:
        return bool(self.people or self.feeds or self.tags or self.since or self.unread or self.read or self.starred)

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.has_filters)


def has_word_characters(text: str) -> bool:
    """Whether the full-text tokenizer would find at least one token in ``text``."""
    return any(ch.isalnum() for ch in text)


def parse(text: str, now: datetime | None = None) -> SearchQuery:
    """Parse a user's query. Never raises; unknown or broken parts become words."""
    now = now or datetime.now(UTC)
    text = (text or "")[:MAX_QUERY_CHARS]
    words: list[str] = []
    prefix: list[bool] = []
    phrases: list[str] = []
    excluded: list[str] = []
    people: list[str] = []
    quotes: list[str] = []
    feeds: list[str] = []
    tags: list[str] = []
    since: datetime | None = None
    flags: set[str] = set()
    warnings: list[str] = []

    typing_words: list[bool] = []

    def add_words(value: str, is_prefix_candidate: bool) -> None:
        explicit = value.endswith("*")
        value = value.rstrip("*")
        if has_word_characters(value):
            words.append(value)
            prefix.append(explicit or is_prefix_candidate)
            typing_words.append(is_prefix_candidate and not explicit)

    matches = [match for match in _TOKEN.finditer(text) if match.group(0)]
    for index, match in enumerate(matches):
        if len(words) + len(phrases) + len(excluded) + len(people) + len(quotes) + len(tags) >= MAX_TERMS:
            break
        negated = bool(match.group("neg"))
        key = (match.group("key") or "").lower()
        quoted = match.group("quoted")
        value = quoted if quoted is not None else match.group("bare")
        value = " ".join(value.split())
        is_last = index == len(matches) - 1
        # the word under the cursor: last, bare, and the user has not typed a space after it
        typing = is_last and quoted is None and match.end() == len(text)
        kind = _KEYS.get(key) if key else None
        if key and kind is None:
            # not one of ours ("http://x", "note:") — keep the whole thing as text
            value = f"{match.group('key')}:{value}"
        if kind is None:
            if not has_word_characters(value):
                continue
            if negated:
                excluded.append(value)
            elif quoted is not None:
                phrases.append(value)
            else:
                add_words(value, typing)
        elif kind == "people" and has_word_characters(value):
            people.append(value)
        elif kind == "quotes" and has_word_characters(value):
            quotes.append(value)
        elif kind == "feeds" and value:
            feeds.append(value)
        elif kind == "tags" and value:
            tags.append(value)
        elif kind == "since":
            moment = _parse_since(value, now)
            if moment is None and value:
                warnings.append(f"{match.group('key')}:{value} is not a time I know: use {SINCE_HELP}")
            since = moment or since
        elif kind == "is":
            flags.add(value.lower())

    return SearchQuery(
        words=tuple(words),
        prefix=tuple(prefix),
        typing=bool(typing_words and typing_words[-1]),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        people=tuple(people),
        quotes=tuple(quotes),
        feeds=tuple(feeds),
        tags=tuple(dict.fromkeys(tags)),
        since=since,
        unread="unread" in flags or "new" in flags,
        read="read" in flags,
        starred="starred" in flags or "star" in flags,
        warnings=tuple(warnings),
    )


def _parse_since(value: str, now: datetime) -> datetime | None:
    """The one ``since`` grammar (``core.times.parse_since``); ``None`` when it is not a time."""
    try:
        return parse_since(value, now)
    except SinceError:
        return None
