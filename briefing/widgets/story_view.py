"""The reading pane: headline, outlet, author, date, link, summary bullets, then the full text."""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from briefing.core.links import OPENABLE_SCHEMES, openable
from briefing.core.models import Analysis, Article
from briefing.widgets.literal import bullets, safe, safe_block

__all__ = ["OPENABLE_SCHEMES", "StoryView", "openable"]


class StoryView(VerticalScroll, can_focus=True):
    """Shows one Article and its Analysis; all feed text is literal."""

    def __init__(self, tz: tzinfo, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tz = tz
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.tags: tuple[str, ...] = ()  # the story's feed's tags, shown beside its name
        self.full_text: bool | None = None  # the body is the page's full text (None: nothing said)

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        yield Static(id="meta")
        yield Static(id="link")
        yield Static(id="text-note")
        yield Static(id="summary")
        yield Static(id="body")

    def on_mount(self) -> None:
        self.show_placeholder("Choose a story on the left (j/k to move, enter to read).")

    def show_placeholder(self, message: str) -> None:
        self.article = None
        self.analysis = None
        self.query_one("#headline", Static).update(Text(message))
        for name in ("meta", "link", "text-note", "summary", "body"):
            self.query_one(f"#{name}", Static).update("")
        self.set_class(True, "-empty")

    def show(self, article: Article, analysis: Analysis | None, tags: tuple[str, ...] | None = None) -> None:
        """Show ``article``; ``tags`` are its feed's (None: the same story keeps the ones it had)."""
        same = self.article is not None and self.article.id == article.id
        self.tags = tags if tags is not None else self.tags if same else ()
        self.article = article
        self.set_class(False, "-empty")
        self.query_one("#headline", Static).update(Text(safe(article.title) or "(untitled)"))
        local = article.published.astimezone(self.tz)
        meta = Text()
        meta.append(safe(article.feed), style="bold")
        if self.tags:
            meta.append("  [" + ", ".join(safe(tag) for tag in self.tags) + "]")
        if article.author:
            meta.append("  ·  by ")
            meta.append(safe(article.author))
        meta.append(f"  ·  {local:%a %d %b %Y %H:%M}")
        if article.starred:
            meta.append("  ·  ★ starred")
        self.query_one("#meta", Static).update(meta)
        link = Text()
        if article.link:
            link.append(safe(article.link))
            if not openable(article.link):
                link.append("  (not a web link: o will not open it)", style="italic")
            else:
                link.append("  (o opens it)", style="dim")
        self.query_one("#link", Static).update(link)
        self.show_analysis(analysis)
        self.query_one("#body", Static).update(Text(safe_block(article.body)))
        if not same:
            self.scroll_home(animate=False)

    def show_text_note(self, note: tuple[str, bool] | None, key: str = "F") -> None:
        """Whether the pane shows the full text or the feed's teaser, and why (issue 11)."""
        widget = self.query_one("#text-note", Static)
        self.full_text = None if note is None else note[1]
        if note is None:
            widget.update("")
            return
        line = Text(note[0], style="italic")
        if not note[1]:
            line.append(f"  ({key}: fetch the full text now)", style="dim")
        widget.update(line)

    def show_analysis(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        summary = self.query_one("#summary", Static)
        if analysis is None:
            summary.update(Text("Summarising…", style="italic"))
            summary.set_class(True, "-pending")
            return
        summary.set_class(False, "-pending")
        if not analysis.summary:
            summary.update(Text("No summary for this story.", style="italic"))
            return
        summary.update(bullets(analysis.summary))
