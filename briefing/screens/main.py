"""The main screen: story list | reading pane | people and quotes panels."""

from __future__ import annotations

import webbrowser
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, ProgressBar, Static

from briefing import external
from briefing.bindings import bindings_for
from briefing.core.clean import sanitize_line
from briefing.core.models import Analysis, Article, RefreshProgress, StoryFilter
from briefing.messages import AnalysisReady, StoriesChanged
from briefing.paths import styles_dir
from briefing.screens import fulltext_view
from briefing.services import Services, services
from briefing.widgets.footer import AdaptiveFooter
from briefing.widgets.literal import safe
from briefing.widgets.people_panel import PeoplePanel
from briefing.widgets.quotes_panel import QuotesPanel
from briefing.widgets.story_list import StoryList
from briefing.widgets.story_view import StoryView
from briefing.widgets.story_window import StoreSource

NARROW_WIDTH = 100  # under it: one pane at a time
WIDE_WIDTH = 150  # under it: the panels give way (under the story) so the list keeps its width
SHORT_HEIGHT = 30  # under it, in one-pane mode, the story goes without its panels
BACK_HINT = "escape or q: back to the list"
SHOW_DELAY = 0.06  # seconds the cursor rests before the story pane follows it
READ_AFTER = 1.5  # seconds a story stays on show under the cursor before it counts as read
UNREAD_SCAN_LIMIT = 5000  # rows n/N look through before giving up


class MainScreen(Screen):
    CSS_PATH = [str(styles_dir() / "main.tcss")]

    BINDINGS = bindings_for("main")  # ids, keys and descriptions: briefing/keys.py

    HELP = "Stories on the left, the story on show in the middle, its people and quotes on the right."

    def __init__(self) -> None:
        super().__init__()
        self.filter = StoryFilter()
        self.hide_read = False  # H: the list leaves out read stories (kept in ui state)
        self._quiet_next_highlight = False
        self._shown_id: int | None = None
        self._show_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self.read_after = READ_AFTER  # stepping through with j/k previews; resting there reads

    @property
    def briefing(self) -> Services:
        return services(self)

    def compose(self) -> ComposeResult:
        app = self.briefing
        yield Header(show_clock=False, icon="≡")
        with Horizontal(id="panes"):
            with Vertical(id="list-column"):
                yield Static(id="filter-bar")
                yield StoryList(app.tz, clock=app.now, id="stories")
            with Horizontal(id="reading"):
                yield StoryView(app.tz, id="reader")
                with Vertical(id="side"):
                    yield PeoplePanel(id="people")
                    yield QuotesPanel(app.tz, id="quotes")
        with Horizontal(id="refresh-row"):
            yield Static("Refreshing…", id="refresh-label")
            yield ProgressBar(id="refresh-progress", show_eta=False)
        yield AdaptiveFooter()

    def on_mount(self) -> None:
        state = self.briefing.ui_state
        self.set_class(not state.get("show_people", True), "-no-people")
        self.set_class(not state.get("show_quotes", True), "-no-quotes")
        self.hide_read = bool(state.get("hide_read", False))
        self.query_one("#refresh-row").display = False
        self.query_one("#list-column").border_title = "Stories"
        self.reader.border_title = "Story"
        self._update_filter_bar()
        self.reload()
        self.query_one(StoryList).focus()

    def on_resize(self) -> None:
        width = self.size.width
        if width < NARROW_WIDTH and not self.one_pane:  # entering one-pane mode: keep the pane in use
            self.set_class(self.focused is self.reader, "-reading")
        self.set_class(width < NARROW_WIDTH, "-narrow")
        self.set_class(NARROW_WIDTH <= width < WIDE_WIDTH, "-medium")
        self.set_class(self.size.height < SHORT_HEIGHT, "-short")
        self.reader.border_subtitle = BACK_HINT if self.reading else ""

    @property
    def one_pane(self) -> bool:
        """Under NARROW_WIDTH the list and the story take turns on the screen."""
        return self.has_class("-narrow")

    @property
    def reading(self) -> bool:
        """In one-pane mode: is the story on screen (rather than the list)?"""
        return self.one_pane and self.has_class("-reading")

    def show_pane(self, story: bool) -> None:
        """One-pane mode: the story (enter) or the list (escape) fills the screen."""
        self.set_class(story, "-reading")
        self.reader.border_subtitle = BACK_HINT if story else ""
        if story:
            self.reader.focus()
        else:
            self.story_list.focus()

    # --- the list ----------------------------------------------------------------

    @property
    def story_list(self) -> StoryList:
        return self.query_one(StoryList)

    @property
    def reader(self) -> StoryView:
        return self.query_one(StoryView)

    def reload(self, keep_current: bool = False) -> None:
        """Rebuild the list for the current filter (after a refresh or a filter change)."""
        current = self.story_list.current
        keep = current.id if keep_current and current else None
        self.story_list.set_source(StoreSource(self.briefing.store, self.shown_filter), keep_id=keep)
        self.briefing.update_counts()

    @property
    def shown_filter(self) -> StoryFilter:
        """The list's filter with hide-read applied: what the list shows and A marks read."""
        return replace(self.filter, unread=True) if self.hide_read else self.filter

    def set_filter(self, story_filter: StoryFilter) -> None:
        self.filter = story_filter
        self.query_one("#list-column").border_title = "Stories"
        self.reader.border_title = "Story"
        self._update_filter_bar()
        self.reload()
        if story_filter.person:
            self._load_person_quotes(story_filter.person)
        elif self.reader.analysis is not None:
            self.query_one(QuotesPanel).show_quotes(self.reader.analysis.quotes)

    def _update_filter_bar(self) -> None:
        bar = self.query_one("#filter-bar", Static)
        parts = []
        if self.filter.person:
            parts.append(f"mentioning {safe(self.filter.person)}")
        if self.filter.feed_id is not None:
            feed = self.briefing.store.get_feed(self.filter.feed_id)
            parts.append(f"from {safe(feed.name) if feed else self.filter.feed_id}")
        label = ", ".join(parts)
        bar.update(Text(label[:1].upper() + label[1:], no_wrap=True, overflow="ellipsis"))
        bar.display = bool(parts)
        subtitle = "esc shows all" if parts else ""
        if self.hide_read:
            subtitle = "unread only (H)" + (" · " + subtitle if subtitle else "")
        self.query_one("#list-column").border_subtitle = subtitle

    @on(StoryList.Loaded)
    def _loaded(self, event: StoryList.Loaded) -> None:
        self._quiet_next_highlight = True
        if event.total == 0:
            self.reader.show_placeholder(
                "No stories match this filter."
                if self.filter != StoryFilter()
                else "No stories yet. Press r to fetch your feeds, or f to add one."
            )

    @on(StoryList.Highlighted)
    def _highlighted(self, event: StoryList.Highlighted) -> None:
        quiet = self._quiet_next_highlight
        self._quiet_next_highlight = False
        # Holding j should only repaint list rows: the story pane follows once the cursor rests.
        if self._show_timer is not None:
            self._show_timer.stop()
        if self._read_timer is not None:
            self._read_timer.stop()
        story_id = event.row.id
        self._show_timer = self.set_timer(SHOW_DELAY, lambda: self.show_story(story_id, mark_read=False))
        if not quiet:
            self._read_timer = self.set_timer(self.read_after, lambda: self._read_if_still_shown(story_id))

    @on(StoryList.Selected)
    def _selected(self, event: StoryList.Selected) -> None:
        self.show_story(event.row.id, mark_read=True, force=True)
        if self.one_pane:
            self.show_pane(story=True)

    # --- showing a story -----------------------------------------------------------

    def show_story(self, article_id: int, *, mark_read: bool = True, force: bool = False) -> None:
        store = self.briefing.store
        if article_id == self._shown_id and not force:
            return
        article = store.get_article(article_id)
        if article is None:
            return
        self._shown_id = article_id
        analysis = store.get_analysis(article_id)
        feed = store.get_feed(article.feed_id)
        self.reader.show(article, analysis, tags=feed.tags if feed else ())
        fulltext_view.show_note(self, article)
        self._show_panels(analysis)
        if analysis is None:
            self._analyse(article)
        if mark_read and self.briefing.settings.ui.mark_read_on_open and not article.read:
            self._set_read(article.id, True, asked=False)

    def feed_changed(self) -> None:
        """A feed was renamed or tagged (Feeds screen): the story pane and filter bar show it anew."""
        self._update_filter_bar()
        if self._shown_id is not None:
            self.show_story(self._shown_id, mark_read=False, force=True)

    def _read_if_still_shown(self, article_id: int) -> None:
        current = self.story_list.current
        if article_id == self._shown_id and current is not None and current.id == article_id and not current.read:
            if self.briefing.settings.ui.mark_read_on_open:
                self._set_read(article_id, True, asked=False)

    def open_story(self, article_id: int) -> None:
        """Open a story chosen elsewhere (search, briefing, palette): show it and find it in the list."""
        self.show_story(article_id, mark_read=True, force=True)
        index = self.story_list.window.find(article_id) if self.story_list.window else None
        if index is None:
            index = self._position(article_id)
        if index is not None:
            self._quiet_next_highlight = True
            self.story_list.move_to(index)

    def _position(self, article_id: int) -> int | None:
        finder = getattr(self.briefing.store, "story_position", None)
        if finder is None:
            return None
        try:
            return finder(article_id, filter=self.shown_filter)
        except TypeError:
            return None

    def _show_panels(self, analysis: Analysis | None) -> None:
        self.query_one(PeoplePanel).show_people(analysis.people if analysis else None)
        if not self.filter.person:
            self.query_one(QuotesPanel).show_quotes(analysis.quotes if analysis else None)

    @work(thread=True, exclusive=True, group="analyse", exit_on_error=False)
    def _analyse(self, article: Article) -> None:
        """The story opened before its analysis landed: the backlog's one path, for this id (saved
        unless the archive is read-only: a cache, not the user's work, worked out again next time)."""
        from briefing.core.backlog import AnalysisOptions, analyse_pending  # heavy: imported on first need

        store = self.briefing.store
        options = AnalysisOptions.from_settings(self.briefing.settings.summary)
        result = None
        problem: str | None = None
        try:
            result = analyse_pending(store, options, ids=[article.id])
        except Exception as exc:  # noqa: BLE001 - the archive failed; the story still reads without panels
            problem = f"{type(exc).__name__}: {exc}"
        else:
            problem = result.errors[0].partition(": ")[2] if result.errors else None
        if problem is not None:
            self.app.call_from_thread(
                self.notify, sanitize_line(f"Could not analyse this story: {problem}"), severity="warning", markup=False
            )
        analysis = (result.analyses.get(article.id) if result else None) or store.get_analysis(article.id) or Analysis()
        self.post_message(AnalysisReady(article.id, analysis))

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        if self.reader.article is not None and self.reader.article.id == message.article_id:
            self.reader.show_analysis(message.analysis)
            self._show_panels(message.analysis)

    @work(thread=True, exclusive=True, group="person-quotes", exit_on_error=False)
    def _load_person_quotes(self, name: str) -> None:
        quotes = self.briefing.store.quotes_by(name)
        self.app.call_from_thread(self.query_one(QuotesPanel).show_person_quotes, name, quotes)

    # --- read / star ---------------------------------------------------------------

    def _set_read(self, article_id: int, read: bool, *, asked: bool = True) -> None:
        """Mark a story read/unread: stored, or put back with a message saying it was not.
        ``asked=False`` (the resting cursor) stays quiet on a read-only archive."""
        app = self.briefing
        if app.read_only and not asked:
            return
        title = self._title_of(article_id)
        what = f"{'read' if read else 'unread'} mark on “{title}”"
        if app.store_write(
            what,
            lambda store: store.set_read([article_id], read),
            undo=lambda: self._reverted(article_id, read=not read),
            done=lambda: self.app.post_message(StoriesChanged()),
        ):
            self.story_list.mark(article_id, read=read)

    def _set_star(self, article_id: int, starred: bool) -> None:
        app = self.briefing
        what = (
            f"the star on “{self._title_of(article_id)}”"
            if starred
            else f"the star taken off “{self._title_of(article_id)}”"
        )
        if app.store_write(
            what,
            lambda store: store.set_starred(article_id, starred),
            undo=lambda: self._reverted(article_id, starred=not starred),
        ):
            self._show_starred(article_id, starred)

    def _title_of(self, article_id: int) -> str:
        row = self.story_list.current
        if row is not None and row.id == article_id:
            title = row.title
        elif self.reader.article is not None and self.reader.article.id == article_id:
            title = self.reader.article.title
        else:
            title = ""
        title = sanitize_line(title) or "this story"
        return title if len(title) <= 60 else title[:59] + "…"

    def _reverted(self, article_id: int, *, read: bool | None = None, starred: bool | None = None) -> None:
        """A write failed: the list and the pane show what is really stored again."""
        if read is not None:
            self.story_list.mark(article_id, read=read)
        if starred is not None:
            self._show_starred(article_id, starred)

    def _show_starred(self, article_id: int, starred: bool) -> None:
        self.story_list.mark(article_id, starred=starred)
        article = self.reader.article
        if article is not None and article.id == article_id and article.starred != starred:
            from dataclasses import replace

            self.reader.show(replace(article, starred=starred), self.reader.analysis)

    def action_toggle_read(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()  # the user's m wins over the resting cursor
        row = self.story_list.current
        if row is not None:
            self._set_read(row.id, not row.read)

    def action_toggle_star(self) -> None:
        row = self.story_list.current
        if row is not None:
            self._set_star(row.id, not row.starred)

    def action_mark_all_read(self) -> None:
        """newsboat's A: every story the list shows (its filter, hide-read too) becomes read."""
        if self.story_list.total == 0:
            self.notify("No stories here to mark read.", timeout=3)
            return
        self._write_all_read(self.shown_filter)

    @work(thread=True, group="writes", exit_on_error=False)
    def _write_all_read(self, story_filter: StoryFilter) -> None:
        from briefing.core.retry import retry_locked

        reader = self.briefing
        try:
            changed = retry_locked(lambda: reader.writer.mark_read_where(filter=story_filter), **reader.write_retry())
        except Exception as exc:  # noqa: BLE001 - a one-line message, nothing lost
            self.app.call_from_thread(
                self.notify, sanitize_line(f"Could not mark stories read: {exc}"), severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._all_read_done, changed)

    def _all_read_done(self, changed: int) -> None:
        self.notify(f"Marked {changed:,} {'story' if changed == 1 else 'stories'} read.", timeout=3)
        self.reload(keep_current=True)
        self.app.post_message(StoriesChanged())

    def action_toggle_hide_read(self) -> None:
        self.hide_read = not self.hide_read
        self.briefing.save_ui_state(hide_read=self.hide_read)
        self._update_filter_bar()
        self.reload(keep_current=True)
        self.notify("Showing unread stories only." if self.hide_read else "Showing read stories too.", timeout=2)

    def action_next_unread(self) -> None:
        self._find_unread(+1)

    def action_previous_unread(self) -> None:
        self._find_unread(-1)

    def _find_unread(self, step: int) -> None:
        index = self._next_unread_index(step)
        if index is None:
            self.notify("No more unread stories that way.", timeout=3)
        else:
            self.story_list.move_to(index)

    def _next_unread_index(self, step: int) -> int | None:
        """The nearest unread story after (or before) the cursor, looking at most so far."""
        window = self.story_list.window
        if window is None:
            return None
        index = self.story_list.cursor + step
        for _ in range(UNREAD_SCAN_LIMIT):
            row = window.row(index)
            if row is None:
                return None
            if not row.read:
                return index
            index += step
        return None

    # --- panels and the rest -----------------------------------------------------------

    def action_toggle_people(self) -> None:
        self.toggle_class("-no-people")
        self.briefing.save_ui_state(show_people=not self.has_class("-no-people"))

    def action_toggle_quotes(self) -> None:
        self.toggle_class("-no-quotes")
        self.briefing.save_ui_state(show_quotes=not self.has_class("-no-quotes"))

    def action_read_on(self) -> None:
        """newsboat's space: page the story; at its end, open the next unread story."""
        caught_up = self._catch_up()  # the story was not on show yet: space shows its top first
        reader = self.reader
        if self.one_pane and not self.reading and reader.article is not None:
            self.show_story(reader.article.id, mark_read=True, force=True)
            self.show_pane(story=True)
            return
        if caught_up:
            return
        if reader.article is not None and reader.scroll_y < reader.max_scroll_y:
            reader.scroll_page_down(animate=False)
            return
        index = self._next_unread_index(+1)
        if index is None:
            self.notify("No more unread stories.", timeout=3)
            return
        row = self.story_list.window.row(index) if self.story_list.window else None
        if row is None:
            return
        self._quiet_next_highlight = True
        self.story_list.move_to(index)
        self.show_story(row.id, mark_read=True, force=True)

    def action_clear_filter(self) -> None:
        """escape: from the story back to the list in one-pane mode, else show all stories."""
        if self.reading:
            self.show_pane(story=False)
        elif self.filter != StoryFilter():
            self.set_filter(StoryFilter())

    def _catch_up(self) -> bool:
        """Show the story under the cursor now if the pane has not followed it yet (True if it had not)."""
        if self._show_timer is not None:
            self._show_timer.stop()
        row = self.story_list.current
        if row is not None and row.id != self._shown_id:
            self.show_story(row.id)
            return True
        return False

    def action_open_link(self) -> None:
        self._catch_up()
        article = self.reader.article
        if article is None or not article.link:
            self.notify("This story has no link.", severity="warning", timeout=3)
            return
        external.open_link(self.app, article.link)  # says what happened, never "opening…" on faith

    def _story_on_show(self) -> Article | None:
        self._catch_up()
        if self.reader.article is None:
            self.notify("Choose a story first.", severity="warning", timeout=3)
        return self.reader.article

    def action_show_links(self) -> None:
        from briefing.core.links import story_links
        from briefing.screens.links import LinksScreen

        article = self._story_on_show()
        if article is not None:
            self.app.push_screen(
                LinksScreen(article.title, story_links(article)),
                lambda url: external.open_link(self.app, url) if url else None,
            )

    def action_save_story(self) -> None:
        article = self._story_on_show()
        if article is not None:
            external.save_story(self.app, article, self.reader.analysis)

    def action_pipe_story(self) -> None:
        article = self._story_on_show()
        if article is not None:
            external.pipe_story(self.app, article, self.reader.analysis)

    @on(PeoplePanel.PersonChosen)
    def _person_chosen(self, event: PeoplePanel.PersonChosen) -> None:
        self.set_filter(StoryFilter(person=event.name))

    # --- refresh progress ---------------------------------------------------------------

    def refresh_started(self) -> None:
        self.query_one("#refresh-label", Static).update("Refreshing feeds…")
        self.query_one("#refresh-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#refresh-row").display = True

    def refresh_progress(self, progress: RefreshProgress) -> None:
        if progress.pages is not None:  # the article pages, after the feeds (issue 11)
            fulltext_view.pages_progress(self, progress.pages)
            return
        bar = self.query_one("#refresh-progress", ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.done)
        label = f"Refreshing {progress.done}/{progress.total} feeds · {progress.new} new"
        self.query_one("#refresh-label", Static).update(label)

    def refresh_finished(self) -> None:
        self.query_one("#refresh-row").display = False
        self.reload(keep_current=True)
        fulltext_view.recheck(self)

    def action_fetch_full_text(self) -> None:
        """The story on show: fetch its article page now (a worker), whatever the feed's mode."""
        fulltext_view.fetch_now(self)


def default_open_url(url: str) -> bool:
    """The system's web browser; False when none could be started."""
    return webbrowser.open(url, new=2)
