"""The pieces every command module builds its parser from: one-line usage errors, the global
options (accepted before or after the sub-command) and argument types."""

from __future__ import annotations

import argparse
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from briefing.cli.errors import CliError


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of the usage block."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see `{self.prog} --help`)", code=2)


@cache
def common_options() -> argparse.ArgumentParser:
    """--db, --config and --demo, a parent of the main parser and of every sub-command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the archive database (default: $BRIEFING_DB or the user data dir)",
    )
    common.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the settings file (default: $BRIEFING_CONFIG or the user config dir)",
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use a separate demo archive built offline from the bundled demo feeds",
    )
    return common


def command(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    """A sub-command's parser, with the global options; the module sets ``run=`` on it."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, parents=[common_options()], help=help_text, description=help_text
    )
    return parser


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value
