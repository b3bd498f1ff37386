"""Every key, screen by screen, with the user's keymap applied."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from briefing.paths import styles_dir


def _sections() -> list[tuple[str, list[Binding]]]:
    from briefing.app import BriefingApp
    from briefing.screens.briefing import BriefingScreen
    from briefing.screens.feeds import FeedsScreen
    from briefing.screens.links import LinksScreen
    from briefing.screens.main import MainScreen
    from briefing.screens.people import PeopleScreen
    from briefing.screens.search import SearchScreen
    from briefing.widgets.story_list import StoryList

    return [
        ("Everywhere", list(BriefingApp.BINDINGS) + [Binding("ctrl+p", "", "Command palette")]),
        ("Story list", list(StoryList.BINDINGS) + list(MainScreen.BINDINGS)),
        ("Search", list(SearchScreen.BINDINGS)),
        ("Links (u)", list(LinksScreen.BINDINGS)),
        ("Briefing", list(BriefingScreen.BINDINGS)),
        ("People", list(PeopleScreen.BINDINGS)),
        ("Feeds", list(FeedsScreen.BINDINGS)),
    ]


def _keys(binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id or "", binding.key)
    names = {"slash": "/", "question_mark": "?", "space": "space", "delete": "del", "vertical_line": "|"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def help_text(keymap: dict[str, str]) -> Text:
    sections = _sections()
    width = max(len(_keys(b, keymap)) for _, bindings in sections for b in bindings) + 3
    text = Text()
    for title, bindings in sections:
        text.append(f"{title}\n", style="bold underline")
        for binding in bindings:
            text.append(f"  {_keys(binding, keymap):<{width}}", style="bold")
            text.append(binding.description or binding.action)
            if binding.id:
                text.append(f"   [{binding.id}]", style="dim")
            text.append("\n")
        text.append("\n")
    text.append("The [names] are for remapping: in config.toml under [keymap], e.g.  refresh = \"r,f5\"\n",
                style="italic")
    text.append("The mouse works too: click a story, a person, a hit or a card.", style="italic")
    return text


class HelpScreen(ModalScreen[None]):
    CSS_PATH = [str(styles_dir() / "help.tcss")]

    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close", id="close-help")]

    def __init__(self, origin: Screen | None = None) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        keymap = dict(getattr(self.app, "settings").keymap)
        with VerticalScroll(id="help-box"):
            if self.origin is not None and getattr(self.origin, "HELP", None):
                yield Static(Text(str(self.origin.HELP), style="italic"), id="help-intro")
            yield Static(help_text(keymap), id="help-keys")

    def on_mount(self) -> None:
        box = self.query_one("#help-box")
        box.border_title = "Keys"
        box.border_subtitle = "escape closes"
        box.focus()
