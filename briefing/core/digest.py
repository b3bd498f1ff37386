"""The briefing digest: every new story with its summary, people and best quote.

"New" means since the last time the user read the briefing (ui state key
``last_read_at``) or, failing that, the last 24 hours. When that window is
empty and no explicit time was asked for, the digest shows the newest day in
the archive instead, so a quiet morning (or an old demo archive) still reads
like a briefing. Pure over the Store: the CLI renders it, the TUI's Briefing
screen reuses ``build_digest``.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal, Protocol

from briefing.core.models import Analysis, Article, Person, Quote, StoryFilter, StoryRow
from briefing.core.times import iso_z, try_iso

LAST_READ_KEY = "last_read_at"
DEFAULT_WINDOW = timedelta(hours=24)
TOP_PEOPLE = 3
GroupBy = Literal["day", "outlet"]


class DigestStore(Protocol):
    """The few Store methods the digest needs."""

    def stories(self, after: Any = None, limit: int = 100, *, filter: StoryFilter = ...) -> list[StoryRow]: ...
    def get_article(self, article_id: int) -> Article | None: ...
    def get_analysis(self, article_id: int) -> Analysis | None: ...
    def get_state(self, key: str, default: Any = None) -> Any: ...


@dataclass(frozen=True, slots=True)
class DigestStory:
    id: int
    title: str
    feed: str
    published: datetime
    link: str | None
    summary: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    quote: Quote | None = None


@dataclass(frozen=True, slots=True)
class DigestGroup:
    title: str  # "Thursday 26 November 2026" or the outlet's name
    stories: tuple[DigestStory, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    since: datetime
    generated: datetime
    groups: tuple[DigestGroup, ...] = ()
    group_by: GroupBy = "day"
    fallback: bool = False  # the window was empty; this is the newest day in the archive
    truncated: bool = False  # more stories than the limit
    newest: datetime | None = None  # when the window is empty: the archive's newest story (None: empty archive)

    @property
    def stories(self) -> list[DigestStory]:
        return [story for group in self.groups for story in group.stories]


# --- building ----------------------------------------------------------------


def build_digest(
    store: DigestStore,
    since: datetime | None = None,
    *,
    now: datetime | None = None,
    group_by: GroupBy = "day",
    limit: int = 200,
    analyse: Callable[[Article], Analysis | None] | None = None,
) -> Digest:
    """Collect the stories published since ``since`` (see the module doc for the default).

    ``analyse`` is called for a story that has no stored analysis yet (the CLI
    analyses and saves it on the spot); without it such a story shows its
    opening words as its only bullet.
    """
    now = now or datetime.now(timezone.utc)
    explicit = since is not None
    start = since if since is not None else _last_read(store) or now - DEFAULT_WINDOW
    rows = store.stories(limit=limit + 1, filter=StoryFilter(since=start))
    fallback = False
    newest = store.stories(limit=1) if not rows else []
    if not rows and not explicit:
        if newest:
            start = newest[0].published - DEFAULT_WINDOW
            rows = store.stories(limit=limit + 1, filter=StoryFilter(since=start))
            fallback = True
    truncated = len(rows) > limit
    stories = [_story(store, row, analyse) for row in rows[:limit]]
    return Digest(
        since=start,
        generated=now,
        groups=_group(stories, group_by),
        group_by=group_by,
        fallback=fallback,
        truncated=truncated,
        newest=newest[0].published if newest and not rows else None,
    )


def _last_read(store: DigestStore) -> datetime | None:
    return try_iso(store.get_state(LAST_READ_KEY))


def _story(store: DigestStore, row: StoryRow, analyse: Callable[[Article], Analysis | None] | None) -> DigestStory:
    article = store.get_article(row.id)
    analysis = store.get_analysis(row.id)
    if analysis is None and analyse is not None and article is not None:
        analysis = analyse(article)
    if analysis is not None and analysis.summary:
        summary = tuple(analysis.summary)
    else:
        summary = (_opening(article.body),) if article is not None and article.body.strip() else ()
    people = tuple(analysis.people[:TOP_PEOPLE]) if analysis else ()
    return DigestStory(
        id=row.id,
        title=row.title,
        feed=row.feed,
        published=row.published,
        link=article.link if article else None,
        summary=summary,
        people=people,
        quote=notable_quote(analysis) if analysis else None,
    )


def _opening(body: str, words: int = 40) -> str:
    parts = body.split()
    text = " ".join(parts[:words])
    return text + (" …" if len(parts) > words else "")


def notable_quote(analysis: Analysis) -> Quote | None:
    """The quote most worth showing: attributed, said by a leading person, of readable length."""
    leading = [p.name for p in analysis.people[:TOP_PEOPLE]]

    def score(item: tuple[int, Quote]) -> tuple[int, int]:
        position, quote = item
        words = len(quote.text.split())
        rank = 0
        if quote.speaker:
            rank += 2
        if quote.speaker in leading:
            rank += 3 - leading.index(quote.speaker)
        if 6 <= words <= 45:
            rank += 2
        elif words >= 3:
            rank += 1
        return (rank, -position)

    if not analysis.quotes:
        return None
    return max(enumerate(analysis.quotes), key=score)[1]


def _group(stories: Sequence[DigestStory], group_by: GroupBy) -> tuple[DigestGroup, ...]:
    groups: dict[str, list[DigestStory]] = {}
    if group_by == "outlet":
        for story in stories:
            groups.setdefault(story.feed, []).append(story)
        ordered = sorted(groups.items(), key=lambda kv: kv[0].casefold())
    else:
        for story in stories:  # the store gives newest first, so days come out newest first
            groups.setdefault(_day_title(story.published.date()), []).append(story)
        ordered = list(groups.items())
    return tuple(DigestGroup(title, tuple(items)) for title, items in ordered)


def _day_title(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# --- rendering ----------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return iso_z(moment) or ""


def _when(moment: datetime, group_by: GroupBy) -> str:
    moment = moment.astimezone(timezone.utc)
    return f"{moment:%H:%M} UTC" if group_by == "day" else f"{moment:%a %d %b %H:%M} UTC"


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.role})" if person.role else person.name


def _heading(digest: Digest) -> str:
    count = len(digest.stories)
    noun = "story" if count == 1 else "stories"
    since = digest.since.astimezone(timezone.utc)
    head = f"Briefing: {count} {noun} since {since:%a %d %b %Y %H:%M} UTC"
    if digest.fallback:
        head += " (nothing newer: the latest day in the archive)"
    return head


def _empty(digest: Digest) -> str | None:
    """What an empty window over a non-empty archive says (None: the archive is empty)."""
    if digest.newest is None:
        return None
    return (
        f"No stories in this window; the newest in the archive is from "
        f"{digest.newest:%a %d %b %Y %H:%M} UTC (try a longer --since)."
    )


def render_text(digest: Digest, width: int = 78) -> str:
    """Plain text for a terminal or an e-mail."""
    out = [_heading(digest), ""]
    if not digest.groups:
        out.append(_empty(digest) or "No stories yet. Add a feed with `briefing add URL` and run `briefing fetch`.")
    wrap = textwrap.TextWrapper(width=width, initial_indent="    - ", subsequent_indent="      ")
    for group in digest.groups:
        out += [group.title, "=" * min(len(group.title), width), ""]
        for story in group.stories:
            out += textwrap.wrap(story.title, width, initial_indent="* ", subsequent_indent="  ")
            out.append(f"  {story.feed} · {_when(story.published, digest.group_by)}")
            for bullet in story.summary:
                out += wrap.wrap(bullet)
            if story.people:
                out += textwrap.wrap(
                    "People: " + "; ".join(_person_label(p) for p in story.people),
                    width,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
            if story.quote:
                said = f"“{story.quote.text}”" + (f" ({story.quote.speaker})" if story.quote.speaker else "")
                out += textwrap.wrap(said, width, initial_indent="  > ", subsequent_indent="    ")
            out.append("")
    if digest.truncated:
        out.append("(more stories than shown; narrow it with --since)")
    return "\n".join(out).rstrip() + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def _md(text: str) -> str:
    """Feed text shown literally in Markdown (no links, emphasis or HTML sneak in)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(digest: Digest) -> str:
    """Markdown with one section per group and one sub-section per story."""
    out = [f"# {_md(_heading(digest))}", ""]
    if not digest.groups:
        out.append(_md(_empty(digest) or "No stories yet."))
    for group in digest.groups:
        out += [f"## {_md(group.title)}", ""]
        for story in group.stories:
            title = _md(story.title)
            if story.link and story.link.startswith(("http://", "https://")):
                title = f"[{title}](<{story.link.replace('>', '%3E').replace(' ', '%20')}>)"
            out += [f"### {title}", "", f"*{_md(story.feed)} · {_when(story.published, digest.group_by)}*", ""]
            out += [f"- {_md(bullet)}" for bullet in story.summary]
            if story.summary:
                out.append("")
            if story.people:
                out += ["**People:** " + "; ".join(_md(_person_label(p)) for p in story.people), ""]
            if story.quote:
                said = f"> “{_md(story.quote.text)}”"
                if story.quote.speaker:
                    said += f" — {_md(story.quote.speaker)}"
                out += [said, ""]
    if digest.truncated:
        out.append("*More stories than shown.*")
    return "\n".join(out).rstrip() + "\n"


def as_json(digest: Digest) -> dict[str, Any]:
    """A JSON-ready dict: since, generated, group_by, fallback, truncated, groups of stories."""
    return {
        "since": _iso(digest.since),
        "generated": _iso(digest.generated),
        "group_by": digest.group_by,
        "fallback": digest.fallback,
        "truncated": digest.truncated,
        "groups": [
            {
                "title": group.title,
                "stories": [
                    {
                        "id": story.id,
                        "title": story.title,
                        "feed": story.feed,
                        "link": story.link,
                        "published": _iso(story.published),
                        "summary": list(story.summary),
                        "people": [{"name": p.name, "role": p.role} for p in story.people],
                        "quote": ({"text": story.quote.text, "speaker": story.quote.speaker} if story.quote else None),
                    }
                    for story in group.stories
                ],
            }
            for group in digest.groups
        ],
    }
