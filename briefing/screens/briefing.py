"""The Briefing: every story since you last read it (or the last 24 h), on one scrollable page."""

from __future__ import annotations

from datetime import timezone

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from briefing.bindings import bindings_for
from briefing.core.digest import LAST_READ_KEY, Digest, build_digest
from briefing.core.times import iso_z
from briefing.messages import OpenStory
from briefing.paths import styles_dir
from briefing.services import services
from briefing.widgets.digest_card import DigestCard
from briefing.widgets.footer import AdaptiveFooter
from briefing.widgets.literal import safe


class BriefingScreen(Screen):
    CSS_PATH = [str(styles_dir() / "briefing.tcss")]

    BINDINGS = bindings_for("briefing")  # ids, keys and descriptions: briefing/keys.py

    HELP = "Everything new since you last read the briefing. Enter opens a story; escape goes back."

    def __init__(self) -> None:
        super().__init__()
        self.digest: Digest | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with VerticalScroll(id="digest"):
            yield Static("Gathering your briefing…", id="digest-title")
        yield AdaptiveFooter()

    def on_mount(self) -> None:
        self._build()

    @work(thread=True, exclusive=True, group="digest", exit_on_error=False)
    def _build(self) -> None:
        digest = build_digest(services(self).store, now=services(self).now())
        self.app.call_from_thread(self._show, digest)

    def _show(self, digest: Digest) -> None:
        self.digest = digest
        tz = services(self).tz
        stories = digest.stories
        since = digest.since.astimezone(tz)
        title = Text("Your briefing", style="bold")
        if digest.fallback:
            title.append(" · nothing new since you last read; the newest day instead", style="dim")
        else:
            title.append(f" · since {since:%a %d %b %H:%M}", style="dim")
        title.append(f" · {len(stories)} stor{'y' if len(stories) == 1 else 'ies'}", style="dim")
        if digest.truncated:
            title.append(" (the newest shown)", style="dim")
        self.query_one("#digest-title", Static).update(title)
        container = self.query_one("#digest", VerticalScroll)
        widgets = []
        for group in digest.groups:
            widgets.append(Static(Text(safe(group.title)), classes="digest-group"))
            widgets.extend(DigestCard(story, tz) for story in group.stories)
        if not stories:
            widgets.append(Static("No stories yet. Press r on the main screen to refresh.", classes="digest-group"))
        container.mount_all(widgets)
        cards = self.query(DigestCard)
        if cards:
            cards.first().focus()

    @on(DigestCard.Chosen)
    def _chosen(self, event: DigestCard.Chosen) -> None:
        self._mark_briefing_read()
        self.app.post_message(OpenStory(event.article_id))

    def action_close(self) -> None:
        self._mark_briefing_read()
        self.app.pop_screen()

    def _mark_briefing_read(self) -> None:
        if self.digest is not None:
            moment = self.digest.generated.astimezone(timezone.utc)
            reader = services(self)
            if reader.read_only:
                return  # not something the user asked for; the read-only banner already says it
            stamp = iso_z(moment)
            # in a worker, retried through a lock; a final failure is said in one line
            reader.store_write("when you last read the briefing", lambda store: store.set_state(LAST_READ_KEY, stamp))
