"""Links, save and pipe: the configured browser command runs (no shell), a link nothing could open
says so, the URL view lists every link and opens only web links, a story saves as plain text
(never silently replacing a file) and pipes to a command's standard input."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import replace
from pathlib import Path

from textual.widgets import Input, OptionList

from briefing.screens.confirm import ConfirmScreen
from briefing.screens.links import LinksScreen
from briefing.screens.main import MainScreen
from briefing.screens.prompt import PromptScreen

from .conftest import SETTINGS, Story, fill, make_app, settle
from .test_writes import key, toasts

LINKED = Story(
    "Harbour Gazette",
    "Harbour board publishes the dredging plan",
    1,
    "The plan is at https://gazette.example/plans/dredging.pdf, with maps on "
    "(https://maps.example/quay?zoom=4). Old scans sit on ftp://files.example/scans and the "
    "board answers at mailto:board@gazette.example. The plan again: https://gazette.example/plans/dredging.pdf.",
    summary=("The dredging plan is out.",),
    link="https://gazette.example/dredging",
)


def recorder(tmp_path: Path) -> tuple[Path, Path]:
    """A real program standing in for a browser: it writes its arguments, one a line, to a file."""
    out = tmp_path / "argv.txt"
    script = tmp_path / "fake-browser"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(out)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, out


def with_browser(*command: str):
    return replace(SETTINGS, ui=replace(SETTINGS.ui, browser=tuple(command)))


async def test_the_configured_browser_command_gets_the_link(store, tmp_path):
    fill(store, [LINKED])
    script, out = recorder(tmp_path)
    app = make_app(store, settings=with_browser(str(script), "--new-tab", "%u"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(app, "open-link"))
        await settle(pilot)
        assert out.read_text().splitlines() == ["--new-tab", "https://gazette.example/dredging"]
        assert any("Opened https://gazette.example/dredging" in m for m in toasts(app))


async def test_a_link_nothing_could_open_says_so(store, tmp_path):
    fill(store, [LINKED])
    app = make_app(store, settings=with_browser(str(tmp_path / "no-such-browser")))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(app, "open-link"))
        await settle(pilot)
        messages = toasts(app)
        assert any("Could not run the browser" in m and "no such program" in m for m in messages), messages
        assert not any("Opened" in m or "Opening" in m for m in messages)
    nothing = make_app(store, open_url=lambda url: False)  # the system found no browser
    async with nothing.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(nothing, "open-link"))
        await settle(pilot)
        messages = toasts(nothing)
        assert any("Could not open" in m and "[ui] browser" in m for m in messages), messages
        assert not any("Opened" in m or "Opening" in m for m in messages)


async def test_the_url_view_lists_every_link_and_opens_web_links_only(store):
    fill(store, [LINKED])
    opened: list[str] = []
    app = make_app(store, open_url=opened.append)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(app, "show-links"))
        await settle(pilot)
        assert isinstance(app.screen, LinksScreen)
        links = app.screen.query_one("#links", OptionList)
        labels = [links.get_option_at_index(i).prompt.plain for i in range(links.option_count)]
        assert [label.split()[1] for label in labels] == [
            "https://gazette.example/dredging",
            "https://gazette.example/plans/dredging.pdf",
            "https://maps.example/quay?zoom=4",
            "ftp://files.example/scans",
            "mailto:board@gazette.example",
        ]
        assert "not a web link" in labels[3] and "not a web link" in labels[4]
        assert links.get_option_at_index(3).disabled and not links.get_option_at_index(2).disabled
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert opened == ["https://maps.example/quay?zoom=4"]
        await pilot.press("u", "end")  # the cursor never rests on ftp: or mailto:
        await settle(pilot)
        assert app.screen.query_one("#links", OptionList).highlighted == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def answer(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_saving_a_story_writes_plain_text_and_asks_before_replacing(store, tmp_path):
    fill(store, [LINKED])
    target = tmp_path / "saved" / "dredging.txt"
    target.parent.mkdir()
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(app, "save-story"))
        await settle(pilot)
        assert app.screen.query_one(Input).value.endswith("harbour-board-publishes-the-dredging-plan.txt")
        await answer(pilot, str(target))
        text = target.read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0] == LINKED.title
        assert lines[1].startswith("Harbour Gazette · by Staff reporter · ")
        assert lines[2] == "https://gazette.example/dredging"
        assert "- The dredging plan is out." in lines
        assert text.rstrip().endswith("The plan again: https://gazette.example/plans/dredging.pdf.")
        assert any("Saved the story to" in m for m in toasts(app))
        target.write_text("my own notes\n", encoding="utf-8")
        await pilot.press(key(app, "save-story"))
        await settle(pilot)
        await answer(pilot, str(target))
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "my own notes\n"  # nothing lost
        await pilot.press(key(app, "save-story"))
        await settle(pilot)
        await answer(pilot, str(target.parent))  # a folder: the story's own file name inside it
        assert (target.parent / "harbour-board-publishes-the-dredging-plan.txt").read_text(encoding="utf-8") == text
        await pilot.press(key(app, "save-story"))
        await settle(pilot)
        await answer(pilot, str(tmp_path / "missing" / "x.txt"))
        assert any("Could not save to" in m and "No such file" in m for m in toasts(app))


async def test_piping_a_story_gives_its_text_to_the_command(store, tmp_path):
    fill(store, [LINKED])
    out = tmp_path / "piped.txt"
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(key(app, "pipe-story"))
        await settle(pilot)
        await answer(pilot, f"tee '{out}'")
        await settle(pilot)
        text = out.read_text(encoding="utf-8")
        assert text.startswith(LINKED.title + "\n") and "https://gazette.example/dredging" in text
        assert "The plan is at" in text
        await pilot.press(key(app, "pipe-story"))
        await settle(pilot)
        assert app.screen.query_one(Input).value == f"tee '{out}'"  # offered again
        await answer(pilot, "no-such-program-here --flag")
        assert any("Could not run" in m and "no such program" in m for m in toasts(app))
    assert os.path.exists(out)
