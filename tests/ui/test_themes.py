"""Every built-in Textual theme keeps the story rows readable: WCAG contrast of at least 4.5:1 between
each piece of text and what is behind it, measured on the rows as rendered (the list's own strips
after the app's line filters), not from our CSS."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.theme import BUILTIN_THEMES

from briefing.widgets.story_list import StoryList

from .conftest import make_app, settle

MINIMUM = 4.5  # WCAG 2 AA for normal text


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(segment: Segment, app) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The segment's text and background colours as the terminal would show them (ANSI colours and
    the default through the app's own ANSI theme)."""
    style = segment.style or Style()
    terminal = app.ansi_theme
    fg = tuple((style.color or RichColor.default()).get_truecolor(terminal, foreground=True))
    bg = tuple((style.bgcolor or RichColor.default()).get_truecolor(terminal, foreground=False))
    if style.reverse:
        fg, bg = bg, fg
    if style.dim:  # a terminal's dim: half way to the background
        fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
    return fg, bg  # type: ignore[return-value]


def rendered_rows(app, story_list: StoryList) -> list[list[Segment]]:
    width, height = story_list.size
    strips = story_list.render_lines(Region(0, 0, width, height))
    background = Color.parse(app.theme_variables["background"])
    rows = []
    for strip in strips:
        for line_filter in app.get_line_filters():
            strip = strip.apply_filter(line_filter, background)
        rows.append(list(strip))
    return rows


async def test_story_rows_are_readable_in_every_builtin_theme(archive, ids):
    archive.set_read([ids["Library extends weekend opening hours"], ids["Bridge repairs close the river road"]])
    archive.set_starred(ids["Orchard growers report a record apple harvest"])
    app = make_app(archive)
    failures: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        story_list = app.main_screen.query_one(StoryList)
        for name in BUILTIN_THEMES:
            app.theme = name
            for focused in (story_list, app.main_screen.reader):  # the cursor row focused and blurred
                focused.focus()
                await settle(pilot)
                seen = set()
                for y, row in enumerate(rendered_rows(app, story_list)):
                    for segment in row:
                        if not segment.text.strip():
                            continue
                        state = "focused" if focused is story_list else "blurred"
                        style = segment.style
                        if not BUILTIN_THEMES[name].ansi and (style is None or not style.color or not style.bgcolor):
                            # left to the terminal's own colours, whatever they are: not the theme's
                            failures.append(f"{name} ({state}) line {y}: {segment.text.strip()[:24]!r} has no colours")
                            continue
                        fg, bg = colours(segment, app)
                        ratio = contrast(fg, bg)
                        text = segment.text.strip()
                        seen.update(
                            part
                            for part in ("09:00", "Harbour", "Valley", "Ferry timetable", "Library", "●", "★")
                            if part in text
                        )
                        if ratio < MINIMUM:
                            failures.append(
                                f"{name} ({state}) line {y}: {text[:24]!r} {ratio:.2f}:1 "
                                f"(#{bytes(fg).hex()} on #{bytes(bg).hex()})"
                            )
                # the rows measured hold the cursor row's time, feed names, headlines read and unread, markers
                assert seen == {"09:00", "Harbour", "Valley", "Ferry timetable", "Library", "●", "★"}, (name, seen)
    assert not failures, "\n".join(failures)
