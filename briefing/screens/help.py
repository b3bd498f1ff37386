"""Every key, screen by screen, with the user's keymap applied."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from briefing.bindings import bindings_for
from briefing.keys import KEYS, SECTIONS, Key, key_label
from briefing.paths import styles_dir

# Keys Textual gives every screen: listed, but not remappable here.
FIXED = {
    "app": [("tab, shift+tab", "Next / previous pane"), ("ctrl+p", "Command palette")],
    "main": [("arrows, pgup/pgdn", "Scroll the story (tab to it first)")],
}


def _sections() -> list[tuple[str, list[Key], list[tuple[str, str]]]]:
    """Headings in SECTIONS order (sections sharing a heading are listed together)."""
    grouped: dict[str, list[Key]] = {}
    fixed: dict[str, list[tuple[str, str]]] = {}
    for section, title in SECTIONS.items():
        grouped.setdefault(title, []).extend(k for k in KEYS if k.section == section)
        fixed.setdefault(title, []).extend(FIXED.get(section, []))
    return [(title, keys, fixed[title]) for title, keys in grouped.items()]


def help_text(keymap: dict[str, str]) -> Text:
    """Every binding in the table, with the user's keymap applied, and its id for remapping."""
    sections = _sections()
    width = max(len(key_label(keymap.get(k.id, k.keys))) for _, keys, _ in sections for k in keys) + 3
    text = Text()
    for title, keys, fixed in sections:
        text.append(f"{title}\n", style="bold underline")
        for key in keys:
            text.append(f"  {key_label(keymap.get(key.id, key.keys)):<{width}}", style="bold")
            text.append(key.description)
            text.append(f"   [{key.id}]", style="dim")
            text.append("\n")
        for keys_text, description in fixed:
            text.append(f"  {keys_text:<{width}}", style="bold")
            text.append(description + "\n")
        text.append("\n")
    text.append(
        'The [names] are for remapping: in config.toml under [keymap], e.g.  refresh = "r,f5"\n', style="italic"
    )
    text.append("The mouse works too: click a story, a person, a hit or a card.", style="italic")
    return text


class HelpScreen(ModalScreen[None]):
    CSS_PATH = [str(styles_dir() / "help.tcss")]

    BINDINGS = bindings_for("help")

    def __init__(self, origin: Screen | None = None) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        settings = getattr(self.app, "settings", None)  # BriefingApp's; screens do not import the App
        keymap = dict(settings.keymap) if settings is not None else {}
        with VerticalScroll(id="help-box"):
            if self.origin is not None and getattr(self.origin, "HELP", None):
                yield Static(Text(str(self.origin.HELP), style="italic"), id="help-intro")
            yield Static(help_text(keymap), id="help-keys")

    def on_mount(self) -> None:
        box = self.query_one("#help-box")
        box.border_title = "Keys"
        box.border_subtitle = "escape closes"
        box.focus()
