"""The URL view: every link of the story; enter opens the highlighted one (web links only)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.bindings import bindings_for
from briefing.core.links import openable
from briefing.core.locations import mask_credentials
from briefing.paths import styles_dir
from briefing.widgets.literal import safe


class LinksScreen(ModalScreen["str | None"]):
    """Lists ``links`` (the article's own first); dismisses with the chosen web link or None."""

    CSS_PATH = [str(styles_dir() / "links.tcss")]

    BINDINGS = bindings_for("links")

    HELP = "Every link of the story. Enter opens a web link (http or https); others are shown only."

    def __init__(self, title: str, links: list[str]) -> None:
        super().__init__()
        self.story_title = title
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            yield Static(id="links-title")
            yield OptionList(id="links")
            yield Static("enter opens · escape goes back", id="links-hint")

    def on_mount(self) -> None:
        box = self.query_one("#links-box")
        box.border_title = f"Links ({len(self.links)})"
        self.query_one("#links-title", Static).update(
            Text(safe(self.story_title), style="bold", no_wrap=True, overflow="ellipsis")
        )
        options = self.query_one("#links", OptionList)
        for index, url in enumerate(self.links):
            label = Text(f"{index + 1:>2}  ", style="dim")
            label.append(mask_credentials(safe(url)))
            if index == 0:
                label.append("  (the story)", style="dim")
            if not openable(url):
                label.append("  (not a web link: shown only)", style="italic")
            options.add_option(Option(label, id=str(index), disabled=not openable(url)))
        if not self.links:
            options.add_option(Option(Text("This story has no links."), disabled=True))
        options.focus()
        first = next((i for i, url in enumerate(self.links) if openable(url)), None)
        if first is not None:
            options.highlighted = first

    def action_open(self) -> None:
        options = self.query_one("#links", OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted))

    @on(OptionList.OptionSelected, "#links")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        if option.id is None or option.disabled:
            return
        url = self.links[int(option.id)]
        if openable(url):
            self.dismiss(url)

    def action_close(self) -> None:
        self.dismiss(None)
