"""Everyone in the archive: pick a person to see all they said; enter filters the story list."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList
from textual.widgets.option_list import Option

from briefing.bindings import bindings_for
from briefing.core.models import PersonSummary, QuoteInStory, StoryFilter
from briefing.paths import styles_dir
from briefing.services import services
from briefing.widgets.footer import AdaptiveFooter
from briefing.widgets.literal import safe
from briefing.widgets.quotes_panel import QuotesPanel

PEOPLE_LIMIT = 2000


class PeopleScreen(Screen):
    CSS_PATH = [str(styles_dir() / "people.tcss")]

    BINDINGS = bindings_for("people")  # ids, keys and descriptions: briefing/keys.py

    HELP = "People across the archive, most-mentioned first. Enter shows the stories that mention them."

    def __init__(self) -> None:
        super().__init__()
        self.people: list[PersonSummary] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield Input(placeholder="Find a name… (/)", id="people-filter")
        with Horizontal(id="people-body"):
            yield OptionList(id="people-list")
            yield QuotesPanel(services(self).tz, id="person-quotes")
        yield AdaptiveFooter()

    def on_mount(self) -> None:
        self.query_one("#people-list").border_title = "People"
        self.query_one("#people-list").focus()
        self._load()

    @work(thread=True, exclusive=True, group="people", exit_on_error=False)
    def _load(self) -> None:
        people = services(self).store.people(limit=PEOPLE_LIMIT)
        self.app.call_from_thread(self._show_people, people)

    def _show_people(self, people: list[PersonSummary]) -> None:
        self.people = people
        self._fill(self.query_one("#people-filter", Input).value)

    def _fill(self, text: str) -> None:
        options = self.query_one("#people-list", OptionList)
        options.clear_options()
        needle = text.strip().lower()
        for person in self.people:
            if needle and needle not in person.name.lower():
                continue
            # One short line each (name, counts, role), so a narrow list wraps nothing mid-phrase.
            prompt = Text(safe(person.name) + "\n", style="bold")
            prompt.append(f"{person.stories} stor{'y' if person.stories == 1 else 'ies'}", style="dim")
            if person.quotes:
                prompt.append(f" · {person.quotes} quote{'s' if person.quotes != 1 else ''}", style="dim")
            if person.role:
                prompt.append("\n" + safe(person.role), style="italic")
            options.add_option(Option(prompt, id=person.name))
        if options.option_count:
            options.highlighted = 0
        else:
            self.query_one(QuotesPanel).show_person_quotes(text or "nobody", [])

    @on(Input.Changed, "#people-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#people-filter")
    def _to_list(self) -> None:
        self.query_one("#people-list").focus()

    @on(OptionList.OptionHighlighted, "#people-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._load_quotes(event.option.id)

    @on(OptionList.OptionSelected, "#people-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._choose(event.option.id)

    @work(thread=True, exclusive=True, group="person-quotes", exit_on_error=False)
    def _load_quotes(self, name: str) -> None:
        quotes: list[QuoteInStory] = services(self).store.quotes_by(name)
        self.app.call_from_thread(self.query_one(QuotesPanel).show_person_quotes, name, quotes)

    def action_move(self, step: int) -> None:
        options = self.query_one("#people-list", OptionList)
        options.focus()
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_find(self) -> None:
        self.query_one("#people-filter", Input).focus()

    def action_choose(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#people-list").focus()
            return
        options = self.query_one("#people-list", OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id:
            self._choose(option.id)

    def _choose(self, name: str) -> None:
        services(self).filter_stories(StoryFilter(person=name))

    def action_close(self) -> None:
        self.app.pop_screen()
