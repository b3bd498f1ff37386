"""Search past stories: results update as you type (debounced, in a thread worker)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.core.models import SearchHit
from briefing.messages import OpenStory
from briefing.paths import styles_dir
from briefing.widgets.literal import highlighted, safe
from briefing.widgets.footer import AdaptiveFooter

DEBOUNCE_SECONDS = 0.15
SYNTAX_HINT = (
    'words  "a phrase"  person:Name  quote:word  feed:Gazette  tag:local  since:7d  is:unread  is:starred'
)


class SearchScreen(Screen):
    CSS_PATH = [str(styles_dir() / "search.tcss")]

    BINDINGS = [
        Binding("escape", "close", "Back", priority=True, id="close-search"),
        Binding("down", "move(1)", "Next hit", show=False, priority=True, id="search-down"),
        Binding("up", "move(-1)", "Previous hit", show=False, priority=True, id="search-up"),
        Binding("enter", "open", "Open story", priority=True, id="open-hit"),
    ]

    HELP = "Type to search every story. Enter opens the highlighted hit; escape goes back."

    class Results(Message):
        def __init__(self, query: str, hits: list[SearchHit], error: str | None = None) -> None:
            super().__init__()
            self.query = query
            self.hits = hits
            self.error = error

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._timer: Timer | None = None
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(value=self._initial, placeholder="Search stories…", id="query")
            yield Static(SYNTAX_HINT, id="syntax", markup=False)
        yield Static("", id="status")
        yield OptionList(id="hits")
        yield AdaptiveFooter()

    def on_mount(self) -> None:
        self.query_one("#search-box").border_title = "Search"
        self.query_one(Input).focus()
        if self._initial:
            self._search(self._initial)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self._search(query))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        if not query.strip():
            self.post_message(self.Results(query, []))
            return
        try:
            hits = self.app.store.search(query, 50)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - the core should not raise on syntax; show it if it does
            self.post_message(self.Results(query, [], f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Results(query, hits))

    def on_search_screen_results(self, message: Results) -> None:
        if message.query != self.query_one(Input).value:
            return  # a newer query is on its way
        self.hits = message.hits
        results = self.query_one("#hits", OptionList)
        results.clear_options()
        status = self.query_one("#status", Static)
        if message.error:
            status.update(Text(f"Search failed: {message.error}"))
            return
        if not message.query.strip():
            status.update(Text("Type to search; results appear as you type."))
            return
        status.update(Text(f"{len(message.hits)} result{'s' if len(message.hits) != 1 else ''} for “{safe(message.query)}”"))
        tz = self.app.tz  # type: ignore[attr-defined]
        for hit in message.hits:
            prompt = Text(safe(hit.title), style="bold")
            when = hit.published.astimezone(tz)
            prompt.append(f"\n{safe(hit.feed)} · {when:%a %d %b %Y %H:%M}", style="dim")
            if hit.snippet:
                prompt.append("\n")
                snippet = highlighted(hit.snippet, "bold reverse")
                if snippet.plain and snippet.plain[-1].isalnum():  # cut mid-sentence: say so
                    snippet.append("…")
                prompt.append_text(snippet)
            results.add_option(Option(prompt, id=str(hit.id)))
            results.add_option(None)
        if message.hits:
            results.highlighted = 0

    def action_move(self, step: int) -> None:
        results = self.query_one("#hits", OptionList)
        if not self.hits:
            return
        if results.highlighted is None:
            results.highlighted = 0
        elif step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_open(self) -> None:
        results = self.query_one("#hits", OptionList)
        if results.highlighted is None:
            return
        option = results.get_option_at_index(results.highlighted)
        if option.id:
            self.app.post_message(OpenStory(int(option.id)))

    @on(OptionList.OptionSelected, "#hits")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.post_message(OpenStory(int(event.option.id)))

    def action_close(self) -> None:
        self.app.pop_screen()
