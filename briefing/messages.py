"""App-wide messages. They carry ids and core dataclasses, never widgets."""

from __future__ import annotations

from textual.message import Message

from briefing.core.models import Analysis, RefreshProgress, RefreshResult


class OpenStory(Message):
    """Show this story in the main screen's reader (from search, briefing, palette, people)."""

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id


class FilterByPerson(Message):
    """Filter the story list to stories that mention this person (None clears)."""

    def __init__(self, name: str | None) -> None:
        super().__init__()
        self.name = name


class FilterByFeed(Message):
    """Filter the story list to one feed (None clears)."""

    def __init__(self, feed_id: int | None) -> None:
        super().__init__()
        self.feed_id = feed_id


class RefreshProgressed(Message):
    """One more feed is done; posted from the refresh worker thread."""

    def __init__(self, progress: RefreshProgress) -> None:
        super().__init__()
        self.progress = progress


class RefreshFinished(Message):
    """The refresh worker ended, with a result or an error message."""

    def __init__(self, result: RefreshResult | None, error: str | None = None) -> None:
        super().__init__()
        self.result = result
        self.error = error


class StoriesChanged(Message):
    """Stories were added or their read/star state changed: lists and counts should reload."""


class AnalysisReady(Message):
    """A story was analysed on demand; its panels can fill in."""

    def __init__(self, article_id: int, analysis: Analysis) -> None:
        super().__init__()
        self.article_id = article_id
        self.analysis = analysis
