"""What the reader hands to other programs: links to a browser, a story to a file or a command.

A configured command (``[ui] browser``, a pipe) runs without a shell, with the reader's screen
suspended and restored (Textual's ``App.suspend``) so a console program owns the terminal; where
suspending is impossible (headless, web) it runs in a worker with its output kept off the screen.
Every outcome is said in one line; a link that nothing could open never claims it was opened."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

from briefing.core.clean import sanitize_line
from briefing.core.links import browser_command, file_name_for, openable, story_text
from briefing.core.locations import mask_credentials
from briefing.core.models import Analysis, Article
from briefing.services import services

BriefingApp = App[Any]  # the running reader; its parts come through services(app)

NO_BROWSER = (
    'no web browser could be started. Set one in config.toml, e.g. [ui] browser = "lynx", '
    "or copy the link from the story pane."
)
Outcome = int | str | BaseException  # exit status, "interrupted", or why it could not start


def shown_url(url: str) -> str:
    """A URL as it may appear on screen: one clean line, any password masked."""
    return mask_credentials(sanitize_line(url))


def open_link(app: BriefingApp, url: str) -> None:
    """Open one link: the configured browser command, else the system's browser (``Services.open_url``)."""
    url = url.strip()
    if not openable(url):
        app.notify("Not a web link; it will not be opened.", severity="warning", timeout=4, markup=False)
        return
    browser = services(app).settings.ui.browser
    if browser:
        run_command(
            app, browser_command(browser, url), what=f"the browser {browser[0]}", success=f"Opened {shown_url(url)}"
        )
        return

    def work() -> None:
        try:
            result: Any = services(app).open_url(url)
        except Exception as exc:  # noqa: BLE001 - said to the user
            result = exc
        app.call_from_thread(_opened, app, url, result)

    app.run_worker(work, thread=True, group="browser", exit_on_error=False)


def _opened(app: BriefingApp, url: str, result: Any) -> None:
    if result is False:  # webbrowser.open found nothing to run
        app.notify(f"Could not open {shown_url(url)}: {NO_BROWSER}", severity="error", timeout=10, markup=False)
    elif isinstance(result, BaseException):
        app.notify(
            sanitize_line(f"Could not open {shown_url(url)}: {type(result).__name__}: {result}"),
            severity="error",
            timeout=10,
            markup=False,
        )
    else:
        app.notify(f"Opened {shown_url(url)} in your browser.", timeout=3, markup=False)


def run_command(
    app: BriefingApp, argv: list[str], *, what: str, stdin_text: str | None = None, success: str | None = None
) -> None:
    """Run ``argv`` (no shell) with the screen suspended; ``stdin_text`` goes to its standard input."""
    data = stdin_text.encode("utf-8") if stdin_text is not None else None
    outcome: Outcome
    try:
        with app.suspend():
            try:  # nothing may escape here: it would skip the screen's restore
                outcome = subprocess.run(argv, input=data, check=False).returncode
            except KeyboardInterrupt:
                outcome = "interrupted"
            except (OSError, ValueError) as exc:
                outcome = exc
    except SuspendNotSupported:

        def work() -> None:
            quiet: Outcome
            try:
                quiet = subprocess.run(
                    argv,
                    input=data,
                    stdin=None if data is not None else subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                    timeout=60,
                ).returncode
            except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
                quiet = exc
            app.call_from_thread(_ran, app, what, quiet, success)

        app.run_worker(work, thread=True, group="external", exit_on_error=False)
        return
    _ran(app, what, outcome, success)


def _ran(app: BriefingApp, what: str, outcome: Outcome, success: str | None) -> None:
    if outcome == 0:
        if success:
            app.notify(success, timeout=3, markup=False)
        return
    if isinstance(outcome, FileNotFoundError):
        reason = "no such program"
    elif isinstance(outcome, BaseException):
        reason = getattr(outcome, "strerror", None) or str(outcome) or type(outcome).__name__
    elif outcome == "interrupted":
        reason = "interrupted"
    else:
        reason = f"it exited with status {outcome}"
    app.notify(sanitize_line(f"Could not run {what}: {reason}."), severity="error", timeout=8, markup=False)


# --- save and pipe -------------------------------------------------------------------------------


def save_story(app: BriefingApp, article: Article, analysis: Analysis | None) -> None:
    """Ask for a path and write the story there as plain text (asking before replacing a file)."""
    from briefing.screens.prompt import PromptScreen

    text = story_text(article, analysis)
    default = f"~/{file_name_for(article)}"

    def chosen(answer: str | None) -> None:
        if answer:
            app.run_worker(
                lambda: _write_story(app, answer, article, text, replace=False),
                thread=True,
                group="save",
                exit_on_error=False,
            )

    app.push_screen(PromptScreen("Save the story as plain text to:", value=default), chosen)


def _target(answer: str, article: Article) -> Path:
    path = Path(answer).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.is_dir():
        path = path / file_name_for(article)
    return path


def _write_story(app: BriefingApp, answer: str, article: Article, text: str, *, replace: bool) -> None:
    """In a worker: create the file (never silently replacing one), or say why not."""
    path = _target(answer, article)
    shown = sanitize_line(str(path))
    try:
        with open(path, "w" if replace else "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        app.call_from_thread(_ask_replace, app, answer, article, text, shown)
        return
    except OSError as exc:
        app.call_from_thread(
            app.notify,
            sanitize_line(f"Could not save to {shown}: {exc.strerror or exc}"),
            severity="error",
            timeout=8,
            markup=False,
        )
        return
    app.call_from_thread(app.notify, f"Saved the story to {shown}", timeout=4, markup=False)


def _ask_replace(app: BriefingApp, answer: str, article: Article, text: str, shown: str) -> None:
    from briefing.screens.confirm import ConfirmScreen

    def decided(yes: bool | None) -> None:
        if yes:
            app.run_worker(
                lambda: _write_story(app, answer, article, text, replace=True),
                thread=True,
                group="save",
                exit_on_error=False,
            )
        else:
            app.notify("Not saved: the file is still as it was.", timeout=3, markup=False)

    app.push_screen(ConfirmScreen(f"{shown} exists. Replace it?", yes="Replace"), decided)


def pipe_story(app: BriefingApp, article: Article, analysis: Analysis | None) -> None:
    """Ask for a command and run it with the story's text on its standard input."""
    from briefing.screens.prompt import PromptScreen

    text = story_text(article, analysis)

    def chosen(answer: str | None) -> None:
        if not answer:
            return
        try:
            argv = shlex.split(answer)
        except ValueError as exc:
            app.notify(sanitize_line(f"Not run: {exc}."), severity="error", timeout=5, markup=False)
            return
        if not argv:
            return
        services(app).session["last_pipe_command"] = answer  # offered again next time
        run_command(app, argv, what=f"“{argv[0]}”", stdin_text=text, success=f"Piped the story to {argv[0]}.")

    app.push_screen(
        PromptScreen(
            "Pipe the story to a command (its text on standard input; no shell):",
            value=services(app).session.get("last_pipe_command", ""),
            placeholder="less",
        ),
        chosen,
    )
