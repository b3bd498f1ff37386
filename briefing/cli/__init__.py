"""The command line: ``briefing`` opens the reader, sub-commands script the archive.

The output is a stable contract (scripts and our own checks read it). Every
error is one line on stderr, exit status 2 for usage and 1 for everything
else; a traceback never reaches the user (set ``BRIEFING_DEBUG=1`` to see one).
Every piece of feed-derived text is passed through ``clean.sanitize`` before
it is printed, so no escape sequence from a feed reaches the terminal.

One module per group of commands; each exposes ``add_parsers(subparsers)``, whose parsers set
``run=`` (a function of the ``Session``) with ``set_defaults``. ``COMMAND_MODULES`` is the order
they appear in ``--help``; a new group of commands is one more entry.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from briefing import __version__, paths
from briefing.cli import archive, feeds, fetch, fulltext, reading
from briefing.cli.errors import CliError, describe, fail, route_logging, silence_stdout
from briefing.cli.output import PROG, is_terminal, out, out_json
from briefing.cli.parsing import Parser, common_options, positive
from briefing.cli.session import Session

COMMAND_MODULES = (feeds, fulltext, fetch, reading, archive)

# Names other modules (and branches) import from ``briefing.cli``.
_positive = positive
_fail = fail
_route_logging = route_logging
_is_terminal = is_terminal
__all__ = ["PROG", "CliError", "Session", "build_parser", "main", "out", "out_json"]


def build_parser() -> argparse.ArgumentParser:
    # The global options are accepted before or after the sub-command.
    parser = Parser(
        prog=PROG,
        parents=[common_options()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A terminal news briefing reader. Without a command it opens the reader.",
        epilog=f"files:\n  database  {paths.default_db_path()}\n  demo      {paths.demo_db_path()}\n"
        f"  settings  {paths.config_path()}",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.add_parsers(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status. Never raises (bar SystemExit from --help)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    route_logging()
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        return Session(args).run()
    except CliError as exc:
        return fail(str(exc), exc.code)
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except BrokenPipeError:
        silence_stdout()
        return 1
    except Exception as exc:  # the promise: one line, never a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        return fail(describe(exc), 1)
