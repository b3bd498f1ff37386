"""One story in the Briefing: headline, outlet and time, summary bullets, top people, a quote."""

from __future__ import annotations

from datetime import tzinfo

from rich.console import Group
from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from briefing.core.digest import DigestStory
from briefing.widgets.literal import bullets, safe


def card_text(story: DigestStory, tz: tzinfo) -> Group:
    heading = Text()
    heading.append(safe(story.title) or "(untitled)", style="bold")
    when = story.published.astimezone(tz)
    heading.append(f"\n{safe(story.feed)} · {when:%a %d %b %H:%M}", style="dim")
    text = Text()
    if story.people:
        text.append("People: ", style="italic")
        text.append(", ".join(safe(p.name) + (f" ({safe(p.role)})" if p.role else "") for p in story.people))
    if story.quote is not None:
        if text:
            text.append("\n")
        text.append("“" + safe(story.quote.text) + "”", style="italic")
        if story.quote.speaker:
            text.append(" — " + safe(story.quote.speaker))
    return Group(heading, bullets(story.summary), text)


class DigestCard(Static, can_focus=True):
    """Focusable so the keyboard can walk the digest; enter or a click opens the story."""

    class Chosen(Message):
        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, story: DigestStory, tz: tzinfo) -> None:
        super().__init__(card_text(story, tz), classes="digest-card")
        self.story = story

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.story.id))

    def key_enter(self) -> None:
        self.post_message(self.Chosen(self.story.id))
