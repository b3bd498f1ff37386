"""The virtual story list: a line-API ScrollView that renders only the lines on screen.

Lines come from a StoryWindow (day headers + keyset pages). Nothing here holds more than the
window's page cache, so the list behaves the same with ten stories or a million.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing.bindings import bindings_for
from briefing.core.models import StoryRow
from briefing.core.times import local_day
from briefing.widgets.contrast import readable
from briefing.widgets.literal import safe
from briefing.widgets.story_window import HeaderLine, RowLine, StorySource, StoryWindow

OUTLET_MAX_WIDTH = 18  # cells for the outlet, less when the headline's second line needs them
ROW_LINES = 2  # a story is two lines: the headline wraps; its time and outlet sit at the right of line 2
INDENT = 4  # " ●★ " before the headline; its second line lines up under the first


def wrap_headline(title: str, width: int, last_width: int) -> tuple[str, str]:
    """The headline in two lines: the first breaks between words within ``width``; the second is the
    rest, cut with an ellipsis to ``last_width`` (it shares its line with the time and outlet)."""
    title = " ".join(title.split())
    width = max(width, 1)
    if len(title) <= width:
        return title, ""
    cut = title.rfind(" ", 0, width + 1)
    if cut <= width // 3:  # a very long word: break it rather than waste most of the line
        cut = width
    first, rest = title[:cut].rstrip(), title[cut:].strip()
    if len(rest) > max(last_width, 1):
        rest = rest[: max(last_width - 1, 0)].rstrip() + "…"
    return first, rest


def short_outlet(name: str, width: int) -> str:
    """The outlet in at most ``width`` cells, without a leading "The ": whole words ("Civic Desk Radio"
    -> "Civic Desk"); a single long word is cut with an ellipsis."""
    name = " ".join(name.split())
    if name.lower().startswith("the ") and len(name) > 4:  # always, so "The X" and "Y" line up alike
        name = name[4:]
    if len(name) <= width:
        return name
    kept = ""
    for word in name.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) > width:
            break
        kept = candidate
    return kept or name[: max(width - 1, 1)] + "…"


def day_label(day: date, today: date) -> str:
    """'Today', 'Yesterday', else a weekday and date."""
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if day.year == today.year:
        return f"{day:%A} {day.day} {day:%B}"
    return f"{day:%A} {day.day} {day:%B %Y}"


class StoryList(ScrollView, can_focus=True):
    """Newest-first stories under day headers; j/k, arrows, page keys, home/end, mouse."""

    BINDINGS = bindings_for("story-list")  # briefing/keys.py; enter is not in the footer: room for / b ?

    COMPONENT_CLASSES = {
        "story-list--header",
        "story-list--row",
        "story-list--unread",
        "story-list--outlet",
        "story-list--time",
        "story-list--star",
        "story-list--cursor",
        "story-list--empty",
    }

    DEFAULT_CSS = "StoryList { height: 1fr; }"

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved onto a story."""

        def __init__(self, row: StoryRow, index: int) -> None:
            super().__init__()
            self.row = row
            self.index = index

    class Selected(Message):
        """A story was chosen with enter or a click."""

        def __init__(self, row: StoryRow, index: int) -> None:
            super().__init__()
            self.row = row
            self.index = index

    class Loaded(Message):
        """A new window is showing (after a reload or a filter change)."""

        def __init__(self, total: int) -> None:
            super().__init__()
            self.total = total

    class _WindowReady(Message):
        def __init__(
            self,
            window: StoryWindow,
            generation: int,
            keep_id: int | None,
            position: int | None,
            *,
            refine: bool = False,
        ) -> None:
            super().__init__()
            self.window = window
            self.generation = generation
            self.keep_id = keep_id
            self.position = position
            self.refine = refine  # the same list with its day counts: nothing above moves

    def __init__(
        self,
        tz: tzinfo,
        today: date | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """``clock`` is the app's (injectable) clock: "Today" and "Yesterday" are read from it, in
        ``tz``, each time the list is (re)loaded; a fixed ``today`` is for a list without one."""
        super().__init__(name=name, id=id)
        self.tz = tz
        self.clock = clock
        self.today = today if today is not None else local_day(clock() if clock else datetime.now(tz), tz)
        self.window: StoryWindow | None = None
        self.empty_text = "No stories yet — press r to refresh your feeds."
        self._generation = 0
        self._starts: list[int] = []
        self._starts_of: StoryWindow | None = None

    # --- data ------------------------------------------------------------------

    def set_source(self, source: StorySource, keep_id: int | None = None) -> None:
        """Show another filter (or reload): builds the window off the UI thread."""
        self._generation += 1
        self._build_window(source, self._generation, keep_id)

    @work(thread=True, exclusive=True, group="story-list", exit_on_error=False)
    def _build_window(self, source: StorySource, generation: int, keep_id: int | None) -> None:
        """First page first (one keyset query): the list paints its first rows without waiting for
        the grouped day counts, which ``_count_days`` adds once that page is on screen."""
        try:
            window = StoryWindow.from_first_page(source, self.tz)
            position = window.find(keep_id) if keep_id is not None else None
            if keep_id is not None and position is None and not window.complete:
                window = window.refined()  # the story to keep is further down: it needs the counts
                position = window.find(keep_id)
                if position is None and hasattr(source, "position"):
                    position = source.position(keep_id)
                if position is not None:
                    window.row(position)  # warm that page too
        except Exception as exc:  # noqa: BLE001 - say so in the list rather than stay blank
            self.app.call_from_thread(self._show_error, f"Could not read the archive: {exc}")
            return
        self.post_message(self._WindowReady(window, generation, keep_id, position))

    @work(thread=True, exclusive=True, group="story-list", exit_on_error=False)
    def _count_days(self, window: StoryWindow, generation: int) -> None:
        """The day counts for a provisional window (a pass over the index: 0.3 s or more at 1M).
        Started after the first page is painted so it does not compete with the first screen."""
        try:
            counted = window.refined()
        except Exception as exc:  # noqa: BLE001 - the first page stays; say why the rest is missing
            self.app.call_from_thread(
                self.notify, f"Could not count the stories: {exc}", severity="error", markup=False
            )
            return
        self.post_message(self._WindowReady(counted, generation, None, None, refine=True))

    def _show_error(self, message: str) -> None:
        self.empty_text = message
        self.refresh()

    def on_story_list__window_ready(self, message: _WindowReady) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        if message.refine:
            self._refine(message.window)
            return
        self.window = message.window
        if self.clock is not None:  # a reload after midnight moves "Today" on
            self.today = local_day(self.clock(), self.tz)
        self.virtual_size = Size(self.size.width, self.total_lines)
        index = 0
        if message.keep_id is not None:
            found = message.position
            index = found if found is not None else min(self.cursor, max(self.window.total_rows - 1, 0))
        self._rich_style_cache.clear()
        self.refresh()
        self.post_message(self.Loaded(self.window.total_rows))
        if self.window.total_rows:
            self.cursor = index
        if not self.window.complete:
            window, generation = self.window, message.generation
            self.call_after_refresh(lambda: self._count_days_if_current(window, generation))

    def _count_days_if_current(self, window: StoryWindow, generation: int) -> None:
        if generation == self._generation and self.window is window:
            self._count_days(window, generation)

    def _refine(self, window: StoryWindow) -> None:
        """Swap in the counted window: headers get their counts, the scrollbar its full extent; the
        cursor index (and so the rows on screen) stays, and no new highlight is posted."""
        self.window = window
        self.virtual_size = Size(self.size.width, self.total_lines)
        self.refresh()

    @property
    def pending(self) -> bool:
        """True while the day counts have not landed (the list shows its first page only)."""
        return self.window is not None and not self.window.complete

    @property
    def total(self) -> int:
        return self.window.total_rows if self.window else 0

    @property
    def current(self) -> StoryRow | None:
        return self.window.row(self.cursor) if self.window else None

    def mark(self, story_id: int, **fields: bool) -> None:
        """Reflect a read/star change in the cached row and repaint its line."""
        if self.window is None:
            return
        index = self.window.mark(story_id, **fields)
        if index is not None:
            self._refresh_row(index)

    # --- display lines: a day header is one line, a story ROW_LINES ----------------

    @property
    def total_lines(self) -> int:
        if self.window is None:
            return 0
        return self.window.total_lines + (ROW_LINES - 1) * self.window.total_rows

    def line_of_row(self, index: int) -> int:
        """The display line where a story's first line is."""
        assert self.window is not None
        return self.window.line_of_row(index) + (ROW_LINES - 1) * index

    def entry_at(self, y: int) -> tuple[HeaderLine | RowLine | None, int]:
        """What display line ``y`` shows, and which of a story's lines it is."""
        window = self.window
        if window is None or not 0 <= y < self.total_lines:
            return None, 0
        if self._starts_of is not window:  # each day header's display line, worked out once per window
            self._starts = [line + (ROW_LINES - 1) * row for line, row in zip(window.line_starts, window.row_starts)]
            self._starts_of = window
        starts = self._starts
        day = bisect.bisect_right(starts, y) - 1
        offset = y - starts[day]
        if offset == 0:
            return HeaderLine(window.days[day], window.counts[day], window.count_known(day)), 0
        sub, part = divmod(offset - 1, ROW_LINES)
        return RowLine(window.row_starts[day] + sub), part

    def _refresh_row(self, index: int) -> None:
        top = self.scroll_offset.y
        first = self.line_of_row(index) - top
        for part in range(ROW_LINES):
            self.refresh_line(first + part)

    # --- cursor ------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.total - 1)) if self.total else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if self.window is None or not self.total:
            return
        line = self.line_of_row(new)
        first = line - 1 if new == self.window.row_starts[self.window.day_of_row(new)] else line
        last = line + ROW_LINES - 1
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
            self.refresh()
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)
            self.refresh()
        else:  # only the two rows that changed need painting
            if 0 <= old < self.total:
                self._refresh_row(old)
            self._refresh_row(new)
        row = self.window.row(new)
        if row is not None:
            self.post_message(self.Highlighted(row, new))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_LINES - 1)

    def action_page_down(self) -> None:
        self.cursor += self._page_rows()

    def action_page_up(self) -> None:
        self.cursor -= self._page_rows()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(row, self.cursor))

    def move_to(self, index: int) -> None:
        self.cursor = index

    def on_click(self, event: events.Click) -> None:
        if self.window is None:
            return
        entry, _ = self.entry_at(event.y + self.scroll_offset.y)
        if isinstance(entry, RowLine):
            self.cursor = entry.index
            self.action_select()

    # --- rendering ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.window is None or not self.window.total_rows:
            if y == 1:
                text = Text(" " + self.empty_text, style=self.get_component_rich_style("story-list--empty"))
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        entry, part = self.entry_at(y + self.scroll_offset.y)
        if entry is None:
            return Strip.blank(width, base)
        if isinstance(entry, HeaderLine):
            return self._header(entry, width)
        row = self.window.row(entry.index)
        if row is None:
            return Strip.blank(width, base)
        return self._row(row, entry.index == self.cursor, width, part)

    def _header(self, header: HeaderLine, width: int) -> Strip:
        style = self.get_component_rich_style("story-list--header")
        label = day_label(header.day, self.today)
        count = f"{header.count:,}" if header.final else ""  # a pending count would only grow
        text = Text(f" {label}", style=style)
        text.append(" " * max(1, width - len(label) - len(count) - 2) + count + " ")
        return self._strip(text, width, style)

    def _row(self, row: StoryRow, is_cursor: bool, width: int, part: int = 0) -> Strip:
        """Line ``part`` of a story: " ●★ headline…" then "    …rest of it     09:00 Outlet"."""
        style = self.get_component_rich_style("story-list--row")
        if not row.read:
            style = style + self.get_component_rich_style("story-list--unread")
        # Part colours are whole styles, resolved against the list's background: a partial style drops
        # a theme colour's alpha and its "auto" (white times on a light theme). The cursor row is one
        # colour on the cursor's own background, so no part can vanish into it.
        if is_cursor:
            style = style + self.get_component_rich_style("story-list--cursor")
            style = style + Style(color=readable(style.color, style.bgcolor))

        def colour(name: str) -> Style:
            return style if is_cursor else self.get_component_rich_style(name)

        local = row.published.astimezone(self.tz)
        time = f"{local:%H:%M} "
        room = width - INDENT
        # The headline may take the outlet's room (the story pane names the outlet); the time stays.
        first, rest = wrap_headline(safe(row.title), room, room - len(time) - 2)  # never markup
        outlet_width = min(OUTLET_MAX_WIDTH, room - len(rest) - len(time) - 3)
        outlet = short_outlet(safe(row.feed or ""), outlet_width) if outlet_width >= 4 else ""
        meta = time + (f"{outlet} " if outlet else "")
        text = Text(style=style, no_wrap=True, overflow="ellipsis", end="")
        if part == 0:
            marker = "●" if not row.read else " "
            star = "★" if row.starred else " "
            text.append(f" {marker}{star} ", style=colour("story-list--star"))
            text.append(first)
            return self._strip(text, width, style)
        text.append(" " * INDENT + rest)
        text.append(" " * max(2, width - INDENT - len(rest) - len(meta)))
        text.append(time, style=colour("story-list--time"))
        if outlet:
            text.append(f"{outlet} ", style=colour("story-list--outlet"))
        return self._strip(text, width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.stylize_before(style)  # under every span: Text.render leaves text without spans unstyled
        text.truncate(max(width, 1), overflow="ellipsis", pad=False)
        segments = list(text.render(self.app.console))
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def on_resize(self, event: events.Resize) -> None:
        if self.window is not None:
            self.virtual_size = Size(event.size.width, self.total_lines)
