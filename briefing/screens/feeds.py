"""Feeds: status of each (last fetched, last error, unread/total); add, remove, rename, refresh, OPML."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from briefing.core.models import Feed
from briefing.messages import StoriesChanged
from briefing.paths import styles_dir
from briefing.screens.confirm import ConfirmScreen
from briefing.screens.prompt import PromptScreen
from briefing.widgets.literal import safe
from briefing.widgets.story_window import StoryFilter
from briefing.widgets.footer import AdaptiveFooter


class FeedsScreen(Screen):
    CSS_PATH = [str(styles_dir() / "feeds.tcss")]

    BINDINGS = [
        Binding("escape", "close", "Back", id="close-feeds"),
        Binding("a", "add", "Add", id="add-feed"),
        Binding("d,delete", "remove", "Remove", id="remove-feed"),
        Binding("e", "rename", "Rename", id="rename-feed"),
        Binding("u", "refresh_one", "Fetch this", id="refresh-feed"),
        Binding("i", "import_opml", "Import OPML", id="import-opml"),
        Binding("x", "export_opml", "Export OPML", id="export-opml"),
        Binding("m", "mark_read", "Mark read", id="mark-feed-read"),
        Binding("enter", "show_stories", "Its stories", id="feed-stories"),
    ]

    HELP = "Your feeds and how their last fetch went. Errors stay here until the feed works again."

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[Feed] = []
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
        self.feeds_changed()

    def _add_columns(self, table: DataTable) -> None:
        """Columns sized to the terminal: the feed name gives way first, so Status stays in sight."""
        self._name_width = max(14, min(34, self.app.size.width - 56))
        table.add_column("Feed", key="feed", width=self._name_width)
        table.add_column("Unread", key="unread", width=6)
        table.add_column("Total", key="total", width=6)
        table.add_column("Last fetched", key="fetched", width=12)
        table.add_column("Status", key="status")

    def on_resize(self) -> None:
        table = self.query_one(DataTable)
        if not hasattr(self, "_name_width"):
            return  # not mounted yet: on_mount adds the columns
        if self._name_width != max(14, min(34, self.app.size.width - 56)):
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
        feeds = self.app.store.list_feeds()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, feeds)

    def _show(self, feeds: list[Feed]) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        current = self.current
        self.feeds = feeds
        if self._select_id is not None:  # a feed just added
            current, self._select_id = Feed(id=self._select_id, url=""), None
        if current is not None:  # stay on the same feed even if renaming moved it
            keep = next((i for i, feed in enumerate(feeds) if feed.id == current.id), keep)
        table.clear()
        tz = self.app.tz  # type: ignore[attr-defined]
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
            table.add_row(Text(safe(feed.name), no_wrap=True, overflow="ellipsis"),
                          Text(str(feed.unread), justify="right"), Text(str(feed.total), justify="right"),
                          fetched, status,
                          key=str(feed.id))
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
        text = Text(safe(feed.url))
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

    # --- actions ---------------------------------------------------------------------------

    def action_add(self) -> None:
        def added(url: str | None) -> None:
            if not url:
                return
            from briefing.core.store import FeedExists

            try:
                feed = self.app.store.add_feed(url)  # type: ignore[attr-defined]
            except FeedExists:
                self.notify(f"Already subscribed: {url}", severity="warning", markup=False)
                return
            self.notify(f"Added {url}; fetching it now.", markup=False)
            self._select_id = feed.id
            self.feeds_changed()
            self.app.action_refresh([feed.id])  # type: ignore[attr-defined]

        self.app.push_screen(PromptScreen("Feed address (http(s) URL or a file path):",
                                          placeholder="https://example.org/feed.xml"), added)

    def action_remove(self) -> None:
        feed = self.current
        if feed is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.store.remove_feed(feed.id)  # type: ignore[attr-defined]
                self.notify(f"Removed {feed.name}", markup=False)
                self.feeds_changed()
                self.app.main_screen.reload()  # type: ignore[attr-defined]

        self.app.push_screen(
            ConfirmScreen(f"Remove “{safe(feed.name)}” and its {feed.total} stories?", yes="Remove"), answered
        )

    def action_rename(self) -> None:
        feed = self.current
        if feed is None:
            return

        def renamed(title: str | None) -> None:
            if title:
                self.app.store.rename_feed(feed.id, title)  # type: ignore[attr-defined]
                self.feeds_changed()

        self.app.push_screen(PromptScreen("New name for this feed:", value=safe(feed.name)), renamed)

    def action_refresh_one(self) -> None:
        feed = self.current
        if feed is not None:
            self.app.action_refresh([feed.id])  # type: ignore[attr-defined]

    def action_mark_read(self) -> None:
        feed = self.current
        if feed is not None and feed.unread:
            self._mark_read(feed)

    @work(thread=True, group="feeds-write", exit_on_error=False)
    def _mark_read(self, feed: Feed) -> None:
        self.app.store.mark_feed_read(feed.id)  # type: ignore[attr-defined]
        self.app.call_from_thread(self.notify, f"Marked {feed.unread} stories read in {feed.name}", markup=False)
        self.app.post_message(StoriesChanged())
        self.app.call_from_thread(self.app.main_screen.reload, True)  # type: ignore[attr-defined]

    def action_show_stories(self) -> None:
        feed = self.current
        if feed is not None:
            self.app.filter_stories(StoryFilter(feed_id=feed.id))  # type: ignore[attr-defined]

    def action_import_opml(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self._import(Path(path).expanduser())

        self.app.push_screen(PromptScreen("OPML file to import:", placeholder="~/feeds.opml"), chosen)

    @work(thread=True, group="opml", exit_on_error=False)
    def _import(self, path: Path) -> None:
        from briefing.core.opml import OpmlError, read_opml
        from briefing.core.store import FeedExists

        store = self.app.store  # type: ignore[attr-defined]
        try:
            entries = read_opml(path)
        except OpmlError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        added = 0
        for entry in entries:
            try:
                store.add_feed(entry.url, title=entry.title, tags=entry.tags)
                added += 1
            except FeedExists:
                pass
        message = f"Imported {added} new feed{'s' if added != 1 else ''} of {len(entries)} from {path.name}"
        self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self.feeds_changed)

    def action_export_opml(self) -> None:
        default = str(Path.home() / f"briefing-feeds-{datetime.now():%Y%m%d}.opml")

        def chosen(path: str | None) -> None:
            if path:
                self._export(Path(path).expanduser())

        self.app.push_screen(PromptScreen("Export feeds to OPML file:", value=default), chosen)

    @work(thread=True, group="opml", exit_on_error=False)
    def _export(self, path: Path) -> None:
        from briefing.core.opml import export_opml

        feeds = self.app.store.list_feeds()  # type: ignore[attr-defined]
        try:
            path.write_text(export_opml(feeds), encoding="utf-8")
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Cannot write {path}: {exc.strerror or exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Exported {len(feeds)} feeds to {path}", markup=False)

    def action_close(self) -> None:
        self.app.pop_screen()
