"""Ask for one line of text (a feed URL, a new name, a file path); dismisses with it or None.

With ``check``, the answer is only accepted when ``check(answer)`` returns (the value to dismiss
with); a ``ValueError`` keeps the dialog open and shows its one-line reason under the input.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from briefing.bindings import bindings_for
from briefing.core.clean import sanitize_line
from briefing.paths import styles_dir

Check = Callable[[str], str]


class PromptScreen(ModalScreen["str | None"]):
    CSS_PATH = [str(styles_dir() / "dialogs.tcss")]

    BINDINGS = bindings_for("prompt")  # briefing/keys.py

    def __init__(
        self,
        question: str,
        value: str = "",
        placeholder: str = "",
        *,
        check: Check | None = None,
        allow_empty: bool = False,
    ) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.allow_empty = allow_empty  # an empty answer is an answer ("" rather than None)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-text")
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Static(id="refusal", classes="dialog-error")
            yield Static("enter to confirm · escape to cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#refusal").display = False
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if value and self.check is not None:
            try:
                value = self.check(value)
            except ValueError as exc:
                self.refuse(str(exc))
                return
        self.dismiss(value if value or self.allow_empty else None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#refusal").display = False  # the reason was about the old text

    def refuse(self, reason: str) -> None:
        """Say why the answer cannot be taken, in one line, and keep asking."""
        refusal = self.query_one("#refusal", Static)
        refusal.update(Text(sanitize_line(reason)))
        refusal.display = True

    def action_cancel(self) -> None:
        self.dismiss(None)
