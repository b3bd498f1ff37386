"""Quotes: the words and who said them, for one story or for one person across the archive."""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from briefing.core.models import Quote, QuoteInStory
from briefing.widgets.literal import safe


class QuotesPanel(VerticalScroll, can_focus=True):
    def __init__(self, tz: tzinfo, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tz = tz
        self._body = Static(id="quotes-body")

    def compose(self):
        yield self._body

    def on_mount(self) -> None:
        self.border_title = "Quotes"

    def show_quotes(self, quotes: tuple[Quote, ...] | None) -> None:
        self.border_title = "Quotes"
        if quotes is None:
            self._body.update(Text("Analysing…", style="italic"))
            return
        if not quotes:
            self._body.update(Text("No quotes in this story", style="italic"))
            return
        text = Text()
        for i, quote in enumerate(quotes):
            if i:
                text.append("\n\n")
            text.append("“" + safe(quote.text) + "”")
            text.append("\n  — ")
            text.append(safe(quote.speaker) or "unattributed", style="bold" if quote.speaker else "italic")
        self._body.update(text)
        self.scroll_home(animate=False)

    def show_person_quotes(self, name: str, quotes: list[QuoteInStory]) -> None:
        """Everything one person said across the archive, newest first."""
        self.border_title = Text(f"Said by {safe(name)}")  # a Text: names are never markup
        if not quotes:
            self._body.update(Text(f"No quotes from {safe(name)} yet", style="italic"))
            return
        text = Text()
        for i, quote in enumerate(quotes):
            if i:
                text.append("\n\n")
            text.append("“" + safe(quote.text) + "”")
            when = quote.published.astimezone(self.tz)
            text.append(f"\n  {when:%d %b %Y} · ", style="dim")
            text.append(safe(quote.feed) + " · " + safe(quote.title), style="dim italic")
        self._body.update(text)
        self.scroll_home(animate=False)
