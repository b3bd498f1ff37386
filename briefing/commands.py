"""Command palette providers: jump to a story (recent titles, then full-text search) or a feed."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from briefing.core.models import Feed, StoryRow
from briefing.services import services
from briefing.widgets.literal import safe

RECENT_STORIES = 300


def literal_highlight(matcher: Matcher, label: str) -> Content:
    """Like Matcher.highlight, but the label is feed text: never parsed as markup."""
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class StoryProvider(Provider):
    """'Jump to story': matches recent headlines; longer queries also use the archive search."""

    async def startup(self) -> None:
        store = services(self).store
        self._recent: list[StoryRow] = await asyncio.to_thread(store.stories, None, RECENT_STORIES)

    def _open(self, article_id: int) -> None:
        from briefing.messages import OpenStory

        self.app.post_message(OpenStory(article_id))

    async def discover(self) -> Hits:
        for row in self._recent[:10]:
            label = f"Story: {safe(row.title)}"
            yield DiscoveryHit(Content(label), partial(self._open, row.id), text=label, help=escape(safe(row.feed)))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        seen: set[int] = set()
        for row in self._recent:
            label = f"Story: {safe(row.title)}"
            score = matcher.match(label)
            if score > 0:
                seen.add(row.id)
                yield Hit(
                    score,
                    literal_highlight(matcher, label),
                    partial(self._open, row.id),
                    text=label,
                    help=escape(safe(row.feed)),
                )
        if len(query) >= 3:
            store = services(self).store
            hits = await asyncio.to_thread(store.search, query, 20)
            for hit in hits:
                if hit.id not in seen:
                    label = f"Story: {safe(hit.title)}"
                    yield Hit(0.3, Content(label), partial(self._open, hit.id), text=label, help=escape(safe(hit.feed)))


class FeedProvider(Provider):
    """'Jump to feed': filters the story list to one feed."""

    async def startup(self) -> None:
        store = services(self).store
        self._feeds: list[Feed] = await asyncio.to_thread(store.list_feeds)

    def _show(self, feed_id: int) -> None:
        from briefing.core.models import StoryFilter

        services(self).filter_stories(StoryFilter(feed_id=feed_id))

    async def discover(self) -> Hits:
        for feed in self._feeds:
            label = f"Feed: {safe(feed.name)}"
            yield DiscoveryHit(
                Content(label), partial(self._show, feed.id), text=label, help=f"{feed.unread} unread of {feed.total}"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for feed in self._feeds:
            label = f"Feed: {safe(feed.name)}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    literal_highlight(matcher, label),
                    partial(self._show, feed.id),
                    text=label,
                    help=f"{feed.unread} unread of {feed.total}",
                )
