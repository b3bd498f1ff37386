"""People in the story on show: name, role, how often they are mentioned; enter filters by them."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.core.models import Person
from briefing.widgets.literal import safe


class PeoplePanel(OptionList):
    """A short list (a story names a handful of people), so an OptionList is fine here."""

    class PersonChosen(Message):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def on_mount(self) -> None:
        self.border_title = "People"

    def show_people(self, people: tuple[Person, ...] | None) -> None:
        self.clear_options()
        if people is None:
            self.add_option(Option(Text("Analysing…", style="italic"), disabled=True))
            return
        if not people:
            self.add_option(Option(Text("No people named in this story", style="italic"), disabled=True))
            return
        for person in people:
            # The name (and how often the story names them, when more than once), the role below.
            prompt = Text(safe(person.name), style="bold")
            if person.mentions > 1:
                prompt.append(f"  ×{person.mentions}", style="dim")
            if person.role:
                prompt.append("\n" + safe(person.role), style="italic")
            self.add_option(Option(prompt, id=person.name))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.PersonChosen(event.option.id))
