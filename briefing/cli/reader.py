"""``briefing`` without a command: open the reader (the Textual app, imported only here)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from briefing import paths
from briefing.cli.errors import CliError
from briefing.cli.output import is_terminal

if TYPE_CHECKING:
    from briefing.cli.session import Session
    from briefing.config import Settings


def open_reader(session: Session) -> int:
    try:
        from briefing.app import run_app
    except ImportError as exc:
        if exc.name == "briefing.app":
            raise CliError("the reader is not built yet; see `briefing --help` for the commands") from None
        raise
    settings = session.settings
    _check_reader_settings(session, settings)
    if not (is_terminal(sys.stdin) and is_terminal(sys.stdout)):
        raise CliError("the reader needs a terminal; see `briefing --help` for the commands")
    _ = session.store  # builds the demo archive first when --demo, and fails early on a bad database
    session.close_store()
    run_app(session.target.db_path, settings)
    return 0


def _check_reader_settings(session: Session, settings: Settings) -> None:
    """A bad keymap or theme stops the reader before it takes the screen: one line, exit 1."""
    from briefing.bindings import settings_problems

    problems = settings_problems(settings)
    if problems:
        path = getattr(session.args, "config", None) or paths.config_path()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CliError(f"{path}: {problems[0]}{more}")
