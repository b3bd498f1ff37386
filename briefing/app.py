"""BriefingApp: wires the Store and Settings to the screens. Screens and widgets do the work."""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from briefing.bindings import bindings_for
from briefing.commands import FeedProvider, StoryProvider
from briefing.config import Settings
from briefing.core.clean import sanitize_line
from briefing.core.locations import mask_credentials
from briefing.core.models import RefreshResult, StoryFilter
from briefing.core.times import local_zone
from briefing.messages import OpenStory, RefreshFinished, RefreshProgressed, StoriesChanged, coalesced
from briefing.paths import styles_dir
from briefing.screens.main import MainScreen, default_open_url
from briefing.services import Services, UserWrite

UI_STATE_KEY = "ui"
Clock = Callable[[], datetime]
USER_WRITE_BUSY_MS = 500  # a user's write waits this long for another writer's lock per attempt...
USER_WRITE_BACKOFF: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0)  # ...tried again after each of these (about 6 s in all)
PROGRESS_PER_SECOND = 10  # refresh progress messages the worker posts at most (the last one always)


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


class BriefingApp(App[None]):
    TITLE = "briefing"
    AUTO_REFRESH_TICK = 30.0  # seconds between looks at the clock for a due automatic refresh
    CSS_PATH = [str(styles_dir() / "app.tcss")]
    COMMANDS = App.COMMANDS | {StoryProvider, FeedProvider}

    BINDINGS = bindings_for("app")  # ids, keys and descriptions: briefing/keys.py

    def __init__(
        self,
        store: Any,
        settings: Settings,
        *,
        clock: Clock | None = None,
        tz: tzinfo | None = None,
        fetcher: Any = None,
        open_url: Callable[[str], bool | None] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.clock = clock or _system_now
        self.tz = tz or local_zone()  # with its daylight-saving rules, for local days
        self.fetcher = fetcher
        self.url_opener = open_url or default_open_url  # not App.open_url: that one only knows a desktop
        self.ui_state: dict[str, Any] = dict(store.get_state(UI_STATE_KEY, None) or {})
        self.ui_state.setdefault("show_people", settings.ui.show_people)
        self.ui_state.setdefault("show_quotes", settings.ui.show_quotes)
        self.last_refresh: RefreshResult | None = None
        self.auto_refresh_tick = self.AUTO_REFRESH_TICK
        self.last_refresh_started = self.clock()
        self._auto_refresh_running = False
        self._ui_state_lock = threading.Lock()  # guards ui_state between the UI and the writing worker
        self._ui_state_writer = threading.Lock()  # state-writing workers take turns
        self._told_state_not_kept = False
        self.write_backoff: tuple[float, ...] | None = None  # None: USER_WRITE_BACKOFF
        self.writer = _user_writer(store)
        self.services = Services(
            store=store,
            writer=self.writer,
            write_retry=self._backoff,
            settings=settings,
            clock=self.clock,
            tz=self.tz,
            open_url=self.url_opener,
            store_write=self.store_write,
            save_ui_state=self.save_ui_state,
            ui_state=self.ui_state,
            refresh=self.action_refresh,
            filter_stories=self.filter_stories,
            main_screen=lambda: self.main_screen,
            update_counts=self.update_counts,
        )

    def now(self) -> datetime:
        return self.clock()

    # --- start-up and state ----------------------------------------------------------

    def on_mount(self) -> None:
        theme = self.ui_state.get("theme") or self.settings.ui.theme
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda theme: self.save_ui_state(theme=theme.name))
        if self.settings.keymap:
            self.set_keymap(dict(self.settings.keymap))
        self.push_screen(MainScreen())
        self._install_signal_handlers()
        if self.store_read_only:
            self.notify(
                f"The archive is read-only ({self.read_only_reason}): you can read and search, "
                "but stars, read marks and feed changes cannot be saved.",
                title="Read-only",
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.settings.refresh.auto_interval > 0:
            # A tick that reads the clock (not one long timer): a laptop waking from sleep refreshes at once.
            self.set_interval(self.auto_refresh_tick, self.auto_refresh_if_due, name="auto-refresh")

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP end the reader like a quit: Textual restores the terminal on the way
        out (alternate screen, mouse, cursor) and run_app checkpoints the archive."""
        if self.is_headless:
            return  # under test: leave the test runner's own handlers alone
        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self.exit)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # no such signals here (Windows) or not the main thread

    @property
    def store_read_only(self) -> bool:
        return bool(getattr(self.store, "read_only", False))

    @property
    def read_only_reason(self) -> str:
        return sanitize_line(getattr(self.store, "read_only_reason", None) or "opened read-only")

    def save_ui_state(self, **changes: Any) -> None:
        """Remember panel toggles and the theme; the write runs in a worker (never on the UI thread)."""
        with self._ui_state_lock:
            if all(self.ui_state.get(key) == value for key, value in changes.items()):
                return
            self.ui_state.update(changes)
        if self.store_read_only:
            if not self._told_state_not_kept:
                self._told_state_not_kept = True
                self.notify(
                    f"This choice lasts until you quit: the archive is read-only ({self.read_only_reason}).",
                    severity="warning",
                    timeout=5,
                    markup=False,
                )
            return
        self._write_ui_state()

    @work(thread=True, group="ui-state", exit_on_error=False)
    def _write_ui_state(self) -> None:
        from briefing.core.retry import retry_locked

        with self._ui_state_writer:  # one writer at a time, each writing the newest state
            with self._ui_state_lock:  # held only for the copy: the UI thread never waits on a write
                snapshot = dict(self.ui_state)
            try:
                retry_locked(lambda: self.writer.set_state(UI_STATE_KEY, snapshot), **self._backoff())
            except Exception as exc:  # noqa: BLE001 - said to the user; the choice still holds for now
                self._from_thread(self._write_failed, "your panel and theme choice", exc, None)

    # --- writes the user asked for ---------------------------------------------------------

    def store_write(
        self,
        what: str,
        write: UserWrite,
        *,
        undo: Callable[[], object] | None = None,
        done: Callable[[], object] | None = None,
    ) -> bool:
        """Run a store write for the user in a worker, retrying through another writer's lock.

        ``write(store)`` gets the store opened for user writes: its short busy timeout, retried
        with USER_WRITE_BACKOFF, says "Not saved" within seconds instead of ~30 s behind a lock.

        ``what`` names it for the user ("the star on …"). Returns False, having said why, when the
        archive is read-only: the caller then leaves the screen as it was. When the write finally
        fails, ``undo`` puts the screen back and one line says what was not saved and why."""
        if self.store_read_only:
            self.notify(
                f"Cannot save {what}: the archive is read-only ({self.read_only_reason}).",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return False
        self._run_write(what, write, undo, done)
        return True

    def _backoff(self) -> dict[str, Any]:
        """retry_locked's options for a user's write (tests shorten ``write_backoff``)."""
        return {"delays": USER_WRITE_BACKOFF if self.write_backoff is None else self.write_backoff}

    @work(thread=True, group="writes", exit_on_error=False)
    def _run_write(
        self, what: str, write: UserWrite, undo: Callable[[], None] | None, done: Callable[[], None] | None
    ) -> None:
        from briefing.core.retry import retry_locked

        writer = self.writer
        try:
            retry_locked(lambda: write(writer), **self._backoff())
        except Exception as exc:  # noqa: BLE001 - every failure is shown and undone, none is lost silently
            self._from_thread(self._write_failed, what, exc, undo)
            return
        if done is not None:
            self._from_thread(done)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:  # the app has already closed: nothing left to show it on
            pass

    def _write_failed(self, what: str, error: BaseException, undo: Callable[[], None] | None) -> None:
        if undo is not None:
            undo()
        reason = str(error) or type(error).__name__
        prefix = f"{getattr(self.store, 'path', '')}: "
        if reason.startswith(prefix):
            reason = reason[len(prefix) :]
        from briefing.core.store import StoreError

        if not isinstance(error, StoreError):
            reason = f"{type(error).__name__}: {reason}"
        self.notify(
            sanitize_line(f"Not saved: {what} — {reason.rstrip('.')}."),
            title="Not saved",
            severity="error",
            timeout=10,
            markup=False,
        )

    @property
    def main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not mounted")

    def back_to_main(self) -> MainScreen:
        while not isinstance(self.screen, MainScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        return self.main_screen

    # --- counts ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def update_counts(self) -> None:
        unread = self.store.count_stories(filter=StoryFilter(unread=True))
        total = self.store.count_stories()
        counts = f"{unread:,} unread of {total:,}"
        if self.store_read_only:  # the banner: nothing the user does here can be saved
            counts = f"read-only: {self.read_only_reason} · {counts}"
        self.call_from_thread(setattr, self, "sub_title", counts)

    def on_stories_changed(self, message: StoriesChanged) -> None:
        self.update_counts()
        for screen in self.screen_stack:  # the feeds screen's unread/total columns follow live
            if screen is not self.screen_stack[0] and hasattr(screen, "feeds_changed"):
                screen.feeds_changed()

    # --- refresh -------------------------------------------------------------------------

    @property
    def refreshing(self) -> bool:
        return any(worker.group == "refresh" and worker.is_running for worker in self.workers)

    def action_refresh(self, feed_ids: list[int] | None = None) -> None:
        if self.refreshing:
            self.notify("A refresh is already running.", timeout=2)
            return
        if self.store_read_only:  # fetching what cannot be stored would only pretend
            self.notify(
                f"Cannot refresh: the archive is read-only ({self.read_only_reason}).",
                severity="warning",
                timeout=5,
                markup=False,
            )
            return
        self._start_refresh(feed_ids, auto=False)

    def auto_refresh_if_due(self) -> None:
        """The config's ``refresh.auto_interval``: refresh the due feeds once that long has passed."""
        interval = timedelta(minutes=self.settings.refresh.auto_interval)
        if self.store_read_only:
            return
        if self.clock() - self.last_refresh_started >= interval and not self.refreshing:
            self._start_refresh(None, auto=True)

    def _start_refresh(self, feed_ids: list[int] | None, *, auto: bool) -> None:
        self.last_refresh_started = self.clock()
        self._auto_refresh_running = auto
        self.main_screen.refresh_started()
        self._refresh(feed_ids, force=not auto)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False, description="Refreshing feeds")
    def _refresh(self, feed_ids: list[int] | None, force: bool = True) -> None:
        from briefing.core.backlog import AnalysisOptions
        from briefing.core.refresh import refresh

        worker = get_current_worker()
        kwargs: dict[str, Any] = {
            "progress": coalesced(lambda p: self.post_message(RefreshProgressed(p)), PROGRESS_PER_SECOND),
            "force": force,  # the user asked: fetch even feeds that are not due yet; auto-refresh respects back-off
            "workers": self.settings.refresh.workers,
            "analysis": AnalysisOptions.from_settings(self.settings.summary),  # [summary] words/method
            "full_text": self.settings.refresh.full_text,  # article pages of teaser stories (issue 11)
        }
        if self.fetcher is not None:
            kwargs["fetcher"] = self.fetcher
        if feed_ids is not None:
            kwargs["feed_ids"] = feed_ids
        try:
            result = refresh(self.store, cancelled=lambda: worker.is_cancelled, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed
            self.post_message(RefreshFinished(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(RefreshFinished(result))

    def on_refresh_progressed(self, message: RefreshProgressed) -> None:
        self.main_screen.refresh_progress(message.progress)

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.main_screen.refresh_finished()
        if message.result is None:
            self.notify(sanitize_line(f"Refresh failed: {message.error}"), severity="error", timeout=8, markup=False)
            return
        result = self.last_refresh = message.result
        failed = [r for r in result.results if r.outcome == "failed"]
        quiet = self._auto_refresh_running and not failed and not result.new
        summary = f"{result.new} new, {result.updated} updated from {len(result.results)} feeds"
        if result.pages.wanted:  # article pages of teaser stories (issue 11)
            summary += (
                f"; {result.pages.fetched} full text(s), {result.pages.failed + result.pages.teaser} kept the teaser"
            )
        if failed:
            names = "; ".join(f"{mask_credentials(sanitize_line(r.url))}: {sanitize_line(r.error)}" for r in failed[:3])
            more = f" (+{len(failed) - 3} more)" if len(failed) > 3 else ""
            self.notify(
                sanitize_line(f"{summary}. {len(failed)} failed — {names}{more}. See Feeds (f)."),
                title="Refresh finished",
                severity="warning",
                timeout=10,
                markup=False,
            )
        elif not quiet:  # an automatic refresh that found nothing says nothing
            self.notify(summary, title="Refresh finished", timeout=4, markup=False)
        for screen in self.screen_stack:
            if hasattr(screen, "feeds_changed"):
                screen.feeds_changed()

    # --- screens ---------------------------------------------------------------------------

    def action_search(self) -> None:
        from briefing.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_briefing(self) -> None:
        from briefing.screens.briefing import BriefingScreen

        if not isinstance(self.screen, BriefingScreen):
            self.push_screen(BriefingScreen())

    def action_people(self) -> None:
        from briefing.screens.people import PeopleScreen

        if not isinstance(self.screen, PeopleScreen):
            self.push_screen(PeopleScreen())

    def action_feeds(self) -> None:
        from briefing.screens.feeds import FeedsScreen

        if not isinstance(self.screen, FeedsScreen):
            self.push_screen(FeedsScreen())

    async def action_back(self) -> None:
        """q, as in newsboat: back out of a screen; from the story list, quit."""
        screen = self.screen
        if isinstance(screen, MainScreen):
            if screen.reading:
                screen.show_pane(story=False)
            else:
                self.exit()
        elif hasattr(screen, "action_close"):
            screen.action_close()
        elif not isinstance(screen, ModalScreen) and len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        from briefing.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def on_open_story(self, message: OpenStory) -> None:
        self.back_to_main().open_story(message.article_id)

    def filter_stories(self, story_filter: StoryFilter) -> None:
        self.back_to_main().set_filter(story_filter)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Refresh feeds", "Fetch every feed now (r)", self.action_refresh)
        yield SystemCommand("Search stories", "Words, person:, quote:, feed:, tag:, since:7d (/)", self.action_search)
        yield SystemCommand("Briefing", "Everything new since you last read (b)", self.action_briefing)
        yield SystemCommand("People", "Everyone in the archive and what they said (P)", self.action_people)
        yield SystemCommand("Feeds", "Add, remove, rename, import, export (f)", self.action_feeds)
        yield SystemCommand("Help", "Every key (?)", self.action_help)
        main = self.main_screen if any(isinstance(s, MainScreen) for s in self.screen_stack) else None
        if main is not None:
            yield SystemCommand("Toggle people panel", "Show or hide People ([)", main.action_toggle_people)
            yield SystemCommand("Toggle quotes panel", "Show or hide Quotes (])", main.action_toggle_quotes)
            yield SystemCommand("Mark all shown read", "Every story the list shows (A)", main.action_mark_all_read)
            yield SystemCommand(
                "Hide read stories", "Toggle: the list shows unread only (H)", main.action_toggle_hide_read
            )
            yield SystemCommand("Next unread story", "(n)", main.action_next_unread)
            yield SystemCommand("Toggle read", "Mark the story read or unread (m)", main.action_toggle_read)
            yield SystemCommand("Toggle star", "Star or unstar the story (s)", main.action_toggle_star)
            yield SystemCommand("Open link in browser", "Only http and https links (o)", main.action_open_link)
            yield SystemCommand("Story links", "Every link of the story; enter opens one (u)", main.action_show_links)
            yield SystemCommand(
                "Save story to a file", "Plain text: title, link, summary, body (w)", main.action_save_story
            )
            yield SystemCommand(
                "Pipe story to a command", "The story's text on its standard input (|)", main.action_pipe_story
            )
            yield SystemCommand(
                "Show unread only",
                "Filter the list to unread stories",
                lambda: self.filter_stories(StoryFilter(unread=True)),
            )
            yield SystemCommand(
                "Show starred only",
                "Filter the list to starred stories",
                lambda: self.filter_stories(StoryFilter(starred=True)),
            )
            yield SystemCommand("Show all stories", "Clear the list filter (esc)", main.action_clear_filter)


def _user_writer(store: Any) -> Any:
    """The same archive opened again with a short busy timeout, for the user's writes: a star
    behind a refresh's lock fails (and is put back) in seconds, not after 3 x the long timeout."""
    from briefing.core.store import Store, StoreError

    if not isinstance(store, Store) or store.read_only or store.busy_timeout_ms <= USER_WRITE_BUSY_MS:
        return store
    try:
        return Store(store.path, busy_timeout_ms=USER_WRITE_BUSY_MS)
    except StoreError:  # could not open it twice: the user's writes wait the store's own timeout
        return store


def create_app(store: Any, settings: Settings | None = None, **options: Any) -> BriefingApp:
    """The app over an open Store; options: clock, tz, fetcher, open_url."""
    return BriefingApp(store, settings or Settings(), **options)


def run_app(db_path: Path, settings: Settings | None = None, **options: Any) -> None:
    """Open the archive at ``db_path`` and run the TUI until the user quits."""
    from briefing.core.store import Store, StoreError

    store = Store(db_path)
    app = None
    try:
        app = create_app(store, settings, **options)
        app.run()
    finally:
        if app is not None and app.writer is not store:
            app.writer.close()
        try:
            store.checkpoint()  # a clean exit leaves one self-contained file (no -wal to lose)
        except StoreError:
            pass  # another program still has it open, or it is read-only: its WAL stays valid
        store.close()
