"""Archive commands: analyze (files, stdin or the archive's backlog), backup and check."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.cli.errors import CliError
from briefing.cli.output import PROG, analysis_json, analysis_lines, is_terminal, out, out_json
from briefing.cli.parsing import command
from briefing.core.clean import sanitize_line

if TYPE_CHECKING:
    from briefing.cli.session import Session
    from briefing.core.models import Analysis


def add_parsers(subparsers: Any) -> None:
    analyze = command(subparsers, "analyze", "summarise text or HTML and find its people and quotes")
    analyze.add_argument("files", nargs="*", metavar="FILE", help="files to analyse; - or none: stdin")
    analyze.add_argument("--json", action="store_true", help="one JSON object per input, one per line")
    analyze.add_argument(
        "--pending", action="store_true", help="analyse the archive's articles that have not been analysed yet"
    )
    analyze.set_defaults(run=cmd_analyze)

    backup = command(subparsers, "backup", "copy the archive safely (SQLite's online backup: consistent, WAL included)")
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(run=cmd_backup)

    check = command(subparsers, "check", "check the archive for damage (SQLite integrity and the search index)")
    check.add_argument(
        "--repair", action="store_true", help="rebuild the search index when it is the only damaged part"
    )
    check.set_defaults(run=cmd_check)


_HTML_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]"
    r"|</?(p|div|br|article|section|h[1-6]|span|a|li|ul|ol|em|strong|b|i|blockquote)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True for markup (a document or a fragment with common tags), not for prose with a ``<``."""
    return bool(_HTML_HINT.search(text[:20000]))


def _analyse(session: Session, text: str, html: bool = False) -> Analysis:
    """The analysis of free text (``analyze FILE``) with the user's summary settings."""
    from briefing.core.analysis import analyse

    options = session._analysis_options()
    return analyse(text, html=html, summary_words=options.summary_words, method=options.method)


def cmd_analyze(session: Session) -> int:
    args = session.args
    if args.pending:
        if args.files:
            raise CliError("analyze: give files or --pending, not both", code=2)
        done = session.analyse_backlog(session.store)
        if args.json:
            out_json({"analysed": done})
        else:
            out(f"Analysed {done} article(s).")
        return 0
    if not args.files and is_terminal(sys.stdin):
        raise CliError("analyze: give FILE(s), pipe text in (or use -), or --pending", code=2)
    inputs = list(_read_inputs(args.files or ["-"]))
    for index, (name, text) in enumerate(inputs):
        analysis = _analyse(session, text, html=looks_like_html(text))
        if args.json:
            out_json(analysis_json(analysis))
            continue
        if len(inputs) > 1:
            out(("\n" if index else "") + f"== {name} ==")
        for line in analysis_lines(analysis):
            out(line)
    return 0


def _read_inputs(names: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Every input read before any is analysed, so a bad path fails fast."""
    texts: list[tuple[str, str]] = []
    for name in names:
        if name == "-":
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
            texts.append(("stdin", data.decode("utf-8", errors="replace")))
            continue
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CliError(f"{name}: {exc.strerror or exc}") from None
        texts.append((name, data.decode("utf-8-sig", errors="replace")))
    return iter(texts)


def cmd_backup(session: Session) -> int:
    session.existing_archive()
    dest: Path = session.args.file.expanduser()
    count = session.store.backup(dest, overwrite=session.args.force)
    out(f"Backed up {count} article(s) to {dest}")
    return 0


def cmd_check(session: Session) -> int:
    """One-line verdict; exit 1 when damaged, with what to do about it."""
    from briefing.core.store import DatabaseCorrupt

    path = session.existing_archive()
    try:
        problems = session.store.integrity_check()
        feeds, articles = (0, 0) if problems else (len(session.store.list_feeds()), session.store.count_stories())
    except DatabaseCorrupt as exc:  # too damaged to open
        problems, feeds, articles = [str(exc).removeprefix(f"{path}: ")], 0, 0
    index_only = bool(problems) and all(p.startswith("full-text index") for p in problems)
    if index_only and session.args.repair:
        try:
            session.store.rebuild_search_index()
        except DatabaseCorrupt:  # the index's own records are past rebuilding
            out(f"{path}: damaged: the search index could not be rebuilt; restore your last `{PROG} backup`")
            return 1
        problems = session.store.integrity_check()
        feeds, articles = len(session.store.list_feeds()), session.store.count_stories()
        if not problems:
            out(f"{path}: repaired: search index rebuilt; {feeds} feed(s), {articles} article(s)")
            return 0
        index_only = False  # rebuilt and still damaged: the advice is a backup
    if not problems:
        index = (
            "search index not checked (its check needs a writable archive)"
            if session.store.read_only
            else "search index consistent"
        )
        out(f"{path}: ok: {feeds} feed(s), {articles} article(s), {index}")
        return 0
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    if index_only:
        advice = f"the articles are whole; `{PROG} check --repair` rebuilds the search index"
    else:
        advice = (
            f"restore your last `briefing backup`, or rescue what can be read with "
            f"`sqlite3 {path} .recover | sqlite3 recovered.db`"
        )
    out(f"{path}: damaged: {sanitize_line(problems[0])}{more}; {advice}")
    return 1
