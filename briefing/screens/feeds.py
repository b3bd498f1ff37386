"""Feeds: status of each (last fetched, last error, unread/total, tags); add, remove, rename, tag,
refresh, OPML. Every write runs in a worker; a failure is one notification and changes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from briefing.bindings import bindings_for
from briefing.core.clean import sanitize_line
from briefing.core.locations import check_feed_location, mask_credentials
from briefing.core.models import Feed, StoryFilter
from briefing.messages import StoriesChanged
from briefing.paths import styles_dir
from briefing.screens.confirm import ConfirmScreen
from briefing.screens.prompt import PromptScreen
from briefing.services import services
from briefing.widgets.footer import AdaptiveFooter
from briefing.widgets.literal import safe

if TYPE_CHECKING:
    from briefing.core.store import Store

TAGS_COLUMN_WIDTH = 100  # from this many columns the table has a Tags column (else the detail line shows them)
CURSOR_STATE = "feeds_cursor"  # the app's ui state: the feed the cursor was on, kept across visits


def shown_url(url: str) -> str:
    """A feed address for the screen or a notification: password masked, one clean line."""
    return sanitize_line(mask_credentials(url))


class FeedsScreen(Screen):
    CSS_PATH = [str(styles_dir() / "feeds.tcss")]

    BINDINGS = bindings_for("feeds")

    HELP = "Your feeds and how their last fetch went. Errors stay here until the feed works again."

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[Feed] = []
        self.modes: dict[int, str | None] = {}  # each feed's own full-text mode (None: the default)
        self._select_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        yield DataTable(id="feeds-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="feed-detail")
        yield AdaptiveFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = "Feeds"
        self._add_columns(table)
        table.focus()
        remembered = services(self).ui_state.get(CURSOR_STATE)
        if isinstance(remembered, int):
            self._select_id = remembered
        self.feeds_changed()

    def _layout_for(self, width: int) -> tuple[int, bool]:
        """(feed name width, Tags column or not) for a terminal this wide."""
        tags = width >= TAGS_COLUMN_WIDTH
        return max(14, min(34, width - (72 if tags else 56))), tags

    def _add_columns(self, table: DataTable) -> None:
        """Columns sized to the terminal: the feed name gives way first, so Status stays in sight."""
        self._layout = self._layout_for(self.app.size.width)
        name_width, tags = self._layout
        table.add_column("Feed", key="feed", width=name_width)
        table.add_column("Unread", key="unread", width=6)
        table.add_column("Total", key="total", width=6)
        if tags:
            table.add_column("Tags", key="tags", width=14)
        table.add_column("Last fetched", key="fetched", width=12)
        table.add_column("Status", key="status")

    def on_resize(self) -> None:
        table = self.query_one(DataTable)
        if not hasattr(self, "_layout"):
            return  # not mounted yet: on_mount adds the columns
        if self._layout != self._layout_for(self.app.size.width):
            table.clear(columns=True)
            self._add_columns(table)
            self._show(self.feeds)

    def feeds_changed(self) -> None:
        """Reload (after add/remove/rename, after every refresh, and whenever stories are read)."""
        self._load()

    def on_screen_resume(self) -> None:
        self.feeds_changed()  # counts may have moved while a dialog or another screen was on top

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False)
    def _load(self) -> None:
        try:
            feeds = services(self).store.list_feeds()
            modes = services(self).store.feed_full_text_modes()
        except Exception as exc:  # noqa: BLE001 - said, and the table keeps what it showed
            self.app.call_from_thread(self.say, f"Cannot read the feeds: {exc}", "error")
            return
        self.app.call_from_thread(self._show, feeds, modes)

    def _show(self, feeds: list[Feed], modes: dict[int, str | None] | None = None) -> None:
        if modes is not None:
            self.modes = modes
        table = self.query_one(DataTable)
        keep = table.cursor_row
        current = self.current
        self.feeds = feeds
        # a feed just added, or the one the cursor was on last visit; a load that began before the
        # feed was added does not hold it and must not use up the wish
        if self._select_id is not None and any(feed.id == self._select_id for feed in feeds):
            current, self._select_id = Feed(id=self._select_id, url=""), None
        if current is not None:  # stay on the same feed even if renaming moved it
            keep = next((i for i, feed in enumerate(feeds) if feed.id == current.id), keep)
        table.clear()
        tz = services(self).tz
        for feed in feeds:
            fetched = feed.last_fetched.astimezone(tz).strftime("%d %b %H:%M") if feed.last_fetched else "never"
            if feed.last_error:
                status = Text("✗ " + safe(feed.last_error), style="bold")
            elif feed.gone:
                status = Text("gone (410)")
            elif feed.last_status:
                status = Text(f"✓ {feed.last_status}")
            else:
                status = Text("not fetched yet", style="italic")
            cells: list[Any] = [
                Text(safe(feed.name), no_wrap=True, overflow="ellipsis"),
                Text(str(feed.unread), justify="right"),
                Text(str(feed.total), justify="right"),
            ]
            if self._layout[1]:
                cells.append(Text(", ".join(safe(tag) for tag in feed.tags), no_wrap=True, overflow="ellipsis"))
            table.add_row(*cells, fetched, status, key=str(feed.id))
        if feeds:
            table.move_cursor(row=min(keep, len(feeds) - 1))
        self._show_detail()
        table.border_subtitle = f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''}"

    @on(DataTable.RowHighlighted)
    def _show_detail(self, event: DataTable.RowHighlighted | None = None) -> None:
        feed = self.current
        detail = self.query_one("#feed-detail", Static)
        if feed is None:
            detail.update(Text("No feeds yet: press a to add one, or i to import an OPML file."))
            return
        services(self).ui_state[CURSOR_STATE] = feed.id
        text = Text(shown_url(feed.url))
        if feed.tags:
            text.append("\nTags: ", style="bold")
            text.append(", ".join(safe(tag) for tag in feed.tags))
        own = self.modes.get(feed.id)
        default = services(self).settings.refresh.full_text
        text.append("\nFull text: ", style="bold")
        text.append(f"{own or default}{'' if own else ' (the default)'}  (F changes it)")
        if feed.last_error:
            text.append("\nLast error: ", style="bold")
            text.append(safe(feed.last_error))
            if feed.failures:
                text.append(f" ({feed.failures} failure{'s' if feed.failures != 1 else ''} in a row)")
        detail.update(text)

    @property
    def current(self) -> Feed | None:
        table = self.query_one(DataTable)
        if not self.feeds or table.cursor_row is None or table.cursor_row >= len(self.feeds):
            return None
        return self.feeds[table.cursor_row]

    # --- telling the user --------------------------------------------------------------------

    def say(self, message: str, severity: str = "information", timeout: float | None = None) -> None:
        """A notification that may carry feed names or URLs: one sanitized line, never markup."""
        options: dict[str, Any] = {"severity": severity, "markup": False}
        if timeout is not None:
            options["timeout"] = timeout
        self.notify(sanitize_line(message), **options)

    @work(thread=True, group="feeds-write", exit_on_error=False)
    def _write(self, failure: str, write: Callable[[Store], Any], done: Callable[[Any], None] | None = None) -> None:
        """Run one store write off the UI thread, on the user-write store and retried through
        another writer's lock; a refusal (read-only, locked, gone) is one line."""
        from briefing.core.retry import retry_locked

        reader = services(self)
        try:
            result = retry_locked(lambda: write(reader.writer), **reader.write_retry())
        except Exception as exc:  # noqa: BLE001 - StoreError above all; anything else is said too
            reason = str(exc) or type(exc).__name__
            self.app.call_from_thread(self.say, f"{failure}: {reason}", "error", 8)
            self.app.call_from_thread(self.feeds_changed)
            return
        if done is not None:
            self.app.call_from_thread(done, result)

    # --- actions ---------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_stories()

    def action_add(self) -> None:
        def added(location: str | None) -> None:
            if not location:
                return

            def add(store: Store) -> tuple[Feed, bool]:
                known = store.get_feed(location)
                return (known, False) if known is not None else (store.add_feed(location), True)

            def done(result: tuple[Feed, bool]) -> None:
                feed, new = result
                self._select_id = feed.id
                self.feeds_changed()
                if not new:
                    self.say(f"Already subscribed: {shown_url(feed.url)}", "warning")
                    return
                self.say(f"Added {shown_url(feed.url)}; fetching it now.")
                services(self).refresh([feed.id])

            self._write(f"Could not add {shown_url(location)}", add, done)

        self.app.push_screen(
            PromptScreen(
                "Feed address (an http or https URL):",
                placeholder="https://example.org/feed.xml",
                check=lambda text: check_feed_location(text, origin="reader"),
            ),
            added,
        )

    def action_remove(self) -> None:
        feed = self.current
        if feed is None:
            return

        def done(_: object) -> None:
            self.say(f"Removed {feed.name}")
            self.feeds_changed()
            services(self).main_screen().reload()

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(f"Could not remove {feed.name}", lambda store: store.remove_feed(feed.id), done)

        self.app.push_screen(
            ConfirmScreen(f"Remove “{safe(feed.name)}” and its {feed.total} stories?", yes="Remove"), answered
        )

    def action_rename(self) -> None:
        feed = self.current
        if feed is None:
            return

        def renamed(title: str | None) -> None:
            title = sanitize_line(title)
            if title:
                self._write(
                    f"Could not rename {feed.name}",
                    lambda store: store.rename_feed(feed.id, title),
                    lambda _: self._changed_feed_names(),
                )

        self.app.push_screen(PromptScreen("New name for this feed:", value=safe(feed.name)), renamed)

    def action_edit_tags(self) -> None:
        feed = self.current
        if feed is None:
            return

        def tagged(text: str | None) -> None:
            from briefing.core.subscribe import parse_tags

            if text is None:
                return  # escape: nothing changes (an empty answer clears the tags)
            tags = parse_tags(text)
            self._write(
                f"Could not tag {feed.name}",
                lambda store: store.set_feed_tags(feed.id, tags),
                lambda _: self._changed_feed_names(),
            )

        self.app.push_screen(
            PromptScreen(
                f"Tags for “{safe(feed.name)}” (comma-separated; empty clears them):",
                value=", ".join(safe(tag) for tag in feed.tags),
                placeholder="news, local",
                allow_empty=True,
            ),
            tagged,
        )

    def action_cycle_full_text(self) -> None:
        """The feed's full-text mode: auto -> always -> never -> auto (issue 11)."""
        feed = self.current
        if feed is None:
            return
        default = services(self).settings.refresh.full_text
        modes = ("auto", "always", "never")
        now = self.modes.get(feed.id) or default
        mode = modes[(modes.index(now) + 1) % len(modes)] if now in modes else "auto"

        def done(_: object) -> None:
            self.say(f"Full text for {feed.name}: {mode}")
            self.feeds_changed()

        self._write(f"Could not change {feed.name}", lambda store: store.set_feed_full_text(feed.id, mode), done)

    def _changed_feed_names(self) -> None:
        """After a rename or new tags: this table, and the main screen's story pane and filter bar."""
        self.feeds_changed()
        main = services(self).main_screen()
        refresh_story = getattr(main, "feed_changed", None)
        if refresh_story is not None:
            refresh_story()

    def action_refresh_one(self) -> None:
        feed = self.current
        if feed is not None:
            services(self).refresh([feed.id])

    def action_mark_read(self) -> None:
        feed = self.current
        if feed is None or not feed.unread:
            return

        def done(_: object) -> None:
            self.say(f"Marked {feed.unread} stories read in {feed.name}")
            self.app.post_message(StoriesChanged())
            services(self).main_screen().reload(True)

        self._write(f"Could not mark {feed.name} read", lambda store: store.mark_feed_read(feed.id), done)

    def action_show_stories(self) -> None:
        feed = self.current
        if feed is not None:
            services(self).filter_stories(StoryFilter(feed_id=feed.id))

    def action_import_opml(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._import(Path(path).expanduser())

        self.app.push_screen(PromptScreen("OPML file to import:", placeholder="~/feeds.opml"), chosen)

    @work(thread=True, group="opml", exit_on_error=False)
    def _import(self, path: Path) -> None:
        """Each outline checked as an OPML location, titles and tags cleaned; then the new feeds are fetched."""
        from briefing.core.opml import OpmlError, read_opml
        from briefing.core.subscribe import import_feeds

        try:
            entries = read_opml(path)
        except OpmlError as exc:
            self.app.call_from_thread(self.say, str(exc), "error", 8)
            return
        summary = import_feeds(services(self).store, entries, origin="opml")
        severity = "error" if summary.failed else "warning" if summary.refused else "information"
        self.app.call_from_thread(self.say, f"Imported {path.name}: {summary.line}", severity, 10)
        self.app.call_from_thread(self.feeds_changed)
        if summary.added:
            self.app.call_from_thread(
                services(self).refresh,
                [feed.id for feed in summary.added],
            )

    def action_export_opml(self) -> None:
        default = str(Path.home() / f"briefing-feeds-{datetime.now():%Y%m%d}.opml")

        def chosen(path: str | None) -> None:
            if path:
                self._export(Path(path).expanduser())

        self.app.push_screen(PromptScreen("Export feeds to OPML file:", value=default), chosen)

    @work(thread=True, group="opml", exit_on_error=False)
    def _export(self, path: Path, overwrite: bool = False) -> None:
        """Write the OPML file (through a temporary file); an existing file is only replaced when confirmed."""
        from briefing.core.opml import export_opml

        if path.is_dir():
            self.app.call_from_thread(self.say, f"Cannot write {path}: it is a folder", "error", 8)
            return
        if not overwrite and path.exists():
            self.app.call_from_thread(self._ask_overwrite, path)
            return
        try:
            feeds = services(self).store.list_feeds()
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(export_opml(feeds), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            self.app.call_from_thread(self.say, f"Cannot write {path}: {exc.strerror or exc}", "error", 8)
            return
        except Exception as exc:  # noqa: BLE001 - e.g. the archive cannot be read: said, nothing written
            self.app.call_from_thread(self.say, f"Cannot export: {exc}", "error", 8)
            return
        self.app.call_from_thread(self.say, f"Exported {len(feeds)} feeds to {path}")

    def _ask_overwrite(self, path: Path) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._export(path, overwrite=True)
            else:
                self.say(f"Not exported: {path} is left as it was.")

        self.app.push_screen(ConfirmScreen(f"{sanitize_line(str(path))} exists. Replace it?", yes="Replace"), answered)

    def action_close(self) -> None:
        self.app.pop_screen()
