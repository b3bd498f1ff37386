"""Search past stories: results update as you type (debounced, in a thread worker)."""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing.bindings import bindings_for
from briefing.core.clean import sanitize_line
from briefing.core.models import SearchHit
from briefing.messages import OpenStory
from briefing.paths import styles_dir
from briefing.services import services
from briefing.widgets.footer import AdaptiveFooter
from briefing.widgets.literal import highlighted, safe

DEBOUNCE_SECONDS = 0.15
PAGE = 50  # hits fetched at a time
NEAR_END = 5  # the next page is fetched when the cursor comes this close to the last hit
ORDERS = {"rank": "best match first", "date": "newest first"}
SYNTAX_HINT = 'words  "a phrase"  person:Name  quote:word  feed:Gazette  tag:local  since:7d  is:unread  is:starred'


class SearchScreen(Screen):
    CSS_PATH = [str(styles_dir() / "search.tcss")]

    BINDINGS = bindings_for("search")

    HELP = (
        "Type to search every story. Enter opens the highlighted hit; ctrl+s sorts by best match "
        "or newest first; escape goes back. More hits load as the cursor nears the end."
    )

    class Results(Message):
        def __init__(
            self,
            query: str,
            hits: list[SearchHit],
            error: str | None = None,
            *,
            total: int | None = None,
            offset: int = 0,
            order: str = "rank",
        ) -> None:
            super().__init__()
            self.query = query
            self.hits = hits
            self.error = error
            self.total = len(hits) if total is None else total
            self.offset = offset
            self.order = order

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._timer: Timer | None = None
        self.hits: list[SearchHit] = []
        self.total = 0
        self.order = "rank"
        self._loading_more = False

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(value=self._initial, placeholder="Search stories…", id="query")
            yield Static(SYNTAX_HINT, id="syntax", markup=False)
        yield Static("", id="status")
        yield OptionList(id="hits")
        yield AdaptiveFooter()

    def on_mount(self) -> None:
        state = getattr(self.app, "ui_state", {})
        stored = state.get("search_order")
        self.order = stored if isinstance(stored, str) and stored in ORDERS else "rank"
        self.query_one("#search-box").border_title = "Search"
        self.watch(self.query_one("#hits", OptionList), "scroll_y", self._scrolled, init=False)
        self.query_one(Input).focus()
        if self._initial:
            self._search(self._initial, 0, self.order)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self._search(query, 0, self.order))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str, offset: int = 0, order: str = "rank") -> None:
        if not query.strip():
            self.post_message(self.Results(query, [], order=order))
            return
        store = services(self).store
        try:
            hits = store.search(query, PAGE, offset, order)
            total = store.count_hits(query) if offset == 0 else None
        except Exception as exc:  # noqa: BLE001 - the core should not raise on syntax; show it if it does
            self.post_message(self.Results(query, [], f"{type(exc).__name__}: {exc}", offset=offset, order=order))
            return
        self.post_message(self.Results(query, hits, total=total, offset=offset, order=order))

    def on_search_screen_results(self, message: Results) -> None:
        if message.query != self.query_one(Input).value or message.order != self.order:
            return  # a newer query (or order) is on its way
        results = self.query_one("#hits", OptionList)
        status = self.query_one("#status", Static)
        if message.offset:
            self._loading_more = False
            if message.offset != len(self.hits) or message.error:
                return  # a page for an older list, or one that failed: the cursor asks again
        else:
            self.hits = []
            self.total = message.total
            self._loading_more = False
            results.clear_options()
        if message.error:
            status.update(Text(sanitize_line(f"Search failed: {message.error}")))
            return
        if not message.query.strip():
            status.update(Text("Type to search; results appear as you type."))
            return
        self.hits += message.hits
        self.total = max(self.total, len(self.hits))
        self._update_status(message.query)
        tz = services(self).tz
        results.add_options(option for hit in message.hits for option in (self._option(hit, tz), None))
        if self.hits and results.highlighted is None:
            results.highlighted = 0

    def _update_status(self, query: str) -> None:
        from briefing.core.query import parse

        count = f"{self.total:,} result{'s' if self.total != 1 else ''}"
        ranked = parse(query).has_text  # filters alone (is:unread, feed:…) always list newest first
        order = ORDERS[self.order] if ranked else ORDERS["date"]
        status = Text(f"{count} for “{safe(query)}” · {order}")
        if ranked:
            other = "date" if self.order == "rank" else "best match"
            status.append(f"  (ctrl+s: by {other})", style="dim")
        for warning in parse(query).warnings:  # since:garbage was dropped from the query: say so
            status.append("\n")
            status.append(f"Ignored: {safe(warning)}", style="bold")
        self.query_one("#status", Static).update(status)

    @staticmethod
    def _option(hit: SearchHit, tz: tzinfo) -> Option:
        prompt = Text("● " if not hit.read else "  ", style="bold" if not hit.read else "dim")
        if hit.starred:
            prompt.append("★ ")
        prompt.append(safe(hit.title), style="bold" if not hit.read else "")
        when = hit.published.astimezone(tz)
        read = "" if not hit.read else " · read"
        prompt.append(f"\n  {safe(hit.feed)} · {when:%a %d %b %Y %H:%M}{read}", style="dim")
        if hit.snippet:
            prompt.append("\n  ")
            snippet = highlighted(hit.snippet, "bold reverse")
            if snippet.plain and snippet.plain[-1].isalnum():  # cut mid-sentence: say so
                snippet.append("…")
            prompt.append_text(snippet)
        return Option(prompt, id=str(hit.id))

    @on(OptionList.OptionHighlighted, "#hits")
    def _near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        """More on demand: the next page comes when the cursor nears the last hit."""
        if event.option_index >= len(self.hits) - NEAR_END:  # separators are not options
            self._load_more()

    def _scrolled(self, scroll_y: float) -> None:
        """...or when the list is scrolled (wheel, scrollbar) near its end."""
        hits = self.query_one("#hits", OptionList)
        if hits.max_scroll_y and scroll_y >= hits.max_scroll_y - hits.size.height:
            self._load_more()

    def _load_more(self) -> None:
        if self._loading_more or len(self.hits) >= self.total:
            return
        self._loading_more = True
        self._search(self.query_one(Input).value, len(self.hits), self.order)

    def action_toggle_order(self) -> None:
        self.order = "date" if self.order == "rank" else "rank"
        save = getattr(self.app, "save_ui_state", None)
        if save is not None:
            save(search_order=self.order)  # remembered between runs
        query = self.query_one(Input).value
        if self._timer is not None:
            self._timer.stop()
        if query.strip():
            self._update_status(query)
            self._search(query, 0, self.order)

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
