"""The command line: ``briefing`` opens the reader, sub-commands script the archive.

The output is a stable contract (scripts and our own checks read it). Every
error is one line on stderr, exit status 2 for usage and 1 for everything
else; a traceback never reaches the user (set ``BRIEFING_DEBUG=1`` to see one).
Every piece of feed-derived text is passed through ``clean.sanitize`` before
it is printed, so no escape sequence from a feed reaches the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import sqlite3
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from briefing import __version__, cli_fulltext, paths
from briefing.core.clean import sanitize, sanitize_line
from briefing.core.models import HIT_END, HIT_START, Analysis, Article, Feed, RefreshProgress
from briefing.core.redact import mask_urls

if TYPE_CHECKING:
    from briefing.config import Settings
    from briefing.core.backlog import AnalysisOptions
    from briefing.core.store import Store

PROG = "briefing"
_SPACES = re.compile(r"\s+")
FEED_SCHEMES = ("http", "https", "file")
WRITING_COMMANDS = frozenset({"add", "remove", "fetch", "import"}) | cli_fulltext.WRITING  # (and analyze --pending)


class CliError(Exception):
    """A failure to report as one line; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# --- argument parsing -------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of the usage block."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see `{self.prog} --help`)", code=2)


def build_parser() -> argparse.ArgumentParser:
    # The global options are accepted before or after the sub-command.
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

    parser = _Parser(
        prog=PROG,
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="A terminal news briefing reader. Without a command it opens the reader.",
        epilog=f"files:\n  database  {paths.default_db_path()}\n  demo      {paths.demo_db_path()}\n"
        f"  settings  {paths.config_path()}",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=help_text, description=help_text)  # type: ignore[list-item]

    add = command("add", "add a feed by URL (http, https, file) or local path")
    add.add_argument("url", metavar="URL_OR_PATH")
    add.add_argument("--title", help="your own name for the feed")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    cli_fulltext.add_parsers(command, add)  # add --full-text, edit, fulltext

    remove = command("remove", "remove a feed and its articles")
    remove.add_argument("feed", metavar="URL_OR_ID")

    feeds = command("feeds", "list feeds with status, unread/total, last fetch and last error")
    feeds.add_argument("--json", action="store_true")

    fetch = command("fetch", "fetch every feed now (feeds in back-off are skipped unless --force)")
    fetch.add_argument("--force", action="store_true", help="also fetch feeds that are backing off")
    fetch.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    fetch.add_argument("--no-analysis", action="store_true", help="store only; analyse later")

    import_ = command("import", "import feeds from an OPML file (folders become tags)")
    import_.add_argument("file", type=Path, metavar="FILE.opml")

    export = command("export", "export feeds as OPML 2.0 (tags become folders)")
    export.add_argument("file", type=Path, nargs="?", metavar="FILE", help="default: standard output")
    export.add_argument(
        "--with-credentials",
        action="store_true",
        help="keep passwords in feed URLs (they are written as *** otherwise)",
    )

    search = command("search", 'search the archive: words, "phrases", person:, quote:, feed:, tag:, since:')
    search.add_argument("query", nargs="+", metavar="QUERY")
    search.add_argument("--limit", type=_positive, default=20, metavar="N")
    search.add_argument(
        "--sort",
        choices=("rank", "date"),
        default="rank",
        help="best match first (rank, the default) or newest first (date)",
    )
    search.add_argument("--json", action="store_true")

    show = command("show", "print one article with its summary, people and quotes")
    show.add_argument("id", type=_positive, metavar="ID")
    show.add_argument("--json", action="store_true")

    analyze = command("analyze", "summarise text or HTML and find its people and quotes")
    analyze.add_argument("files", nargs="*", metavar="FILE", help="files to analyse; - or none: stdin")
    analyze.add_argument("--json", action="store_true", help="one JSON object per input, one per line")
    analyze.add_argument(
        "--pending", action="store_true", help="analyse the archive's articles that have not been analysed yet"
    )

    people = command("people", "people across the archive, with story counts")
    people.add_argument("--limit", type=_positive, default=None, metavar="N")
    people.add_argument("--json", action="store_true")

    quotes = command("quotes", "what a person said, newest first")
    quotes.add_argument("name", nargs="+", metavar="NAME")
    quotes.add_argument("--json", action="store_true")

    backup = command("backup", "copy the archive safely (SQLite's online backup: consistent, WAL included)")
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")

    check = command("check", "check the archive for damage (SQLite integrity and the search index)")
    check.add_argument(
        "--repair", action="store_true", help="rebuild the search index when it is the only damaged part"
    )

    digest = command("digest", "the briefing: new stories with summaries, people and quotes")
    digest.add_argument("--since", metavar="WHEN", help="24h, 7d, 2w or a date (default: since you last read, or 24h)")
    digest.add_argument("--format", choices=("text", "md", "json"), default="text")
    digest.add_argument("--group-by", choices=("day", "outlet"), default="day")
    digest.add_argument("--limit", type=_positive, default=200, metavar="N")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


# --- entry point ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status. Never raises (bar SystemExit from --help)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    _route_logging()
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        return _Session(args).run()
    except CliError as exc:
        return _fail(str(exc), exc.code)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except Exception as exc:  # the promise: one line, never a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        return _fail(_describe(exc), 1)


def _route_logging() -> None:
    """The core logs its failures with tracebacks; every one of them also reaches the user as a
    result line (a feed's error, the one-line failure), so without ``BRIEFING_DEBUG`` they are not
    printed again (Python's last-resort handler would print each traceback to stderr)."""
    import logging

    logger = logging.getLogger("briefing")
    if any(getattr(h, "_briefing_cli", False) for h in logger.handlers):
        return
    handler: logging.Handler = logging.StreamHandler() if os.environ.get("BRIEFING_DEBUG") else logging.NullHandler()
    handler._briefing_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def _exit_if_threads_linger(status: int, store: Store) -> None:
    """After a stop signal, a fetch thread may still wait in a connect or a name lookup that
    nothing can wake; the interpreter would wait for it at exit (up to the fetch timeout). Give
    them a second, then end the process without them: everything stored is already committed."""
    import threading
    import time

    ends = time.monotonic() + 1.0
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(max(0.0, ends - time.monotonic()))
    if any(t.is_alive() and not t.daemon and t is not threading.current_thread() for t in threading.enumerate()):
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
            store.close()
        os._exit(status)


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"{PROG}: {safe_line(message)}\n")
    sys.stderr.flush()
    return code


def _silence_stdout() -> None:
    """After a closed pipe (``briefing search x | head``) make the final flush harmless."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _analysis_failed(error: str) -> str:
    """The backlog's "article 12: ValueError: ..." as the note the CLI prints."""
    article, _, why = error.partition(": ")
    return f"{PROG}: {sanitize_line(article)}: analysis failed: {sanitize_line(why)}"


def _describe(exc: BaseException) -> str:
    """One readable line for an exception from the store, the file system or SQLite."""
    from briefing.core.store import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc)
        if "locked" in text or "busy" in text:
            return "the database is busy (locked by another briefing?); try again in a moment"
        if "not a database" in text:
            return f"the database file is not a usable SQLite database ({text})"
        if "malformed" in text or "corrupt" in text:
            return f"the archive is damaged ({text}); run `briefing check`"
        if "is full" in text:
            return "the disk is full, nothing was written; free some space and try again"
        return f"database error: {text}"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


# --- output helpers ---------------------------------------------------------------------------


def safe_line(text: str | None) -> str:
    """One line of outside text fit to print: sanitised and with URL passwords masked
    (fetch progress lines, error lines)."""
    return sanitize_line(mask_urls(text or ""))


def out(text: str = "") -> None:
    """Print feed-derived text to stdout, sanitised and URL passwords masked; newlines and tabs survive."""
    sys.stdout.write(sanitize(mask_urls(text)) + "\n")


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(mask_urls(value))
    if isinstance(value, dict):
        return {k: _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    return value


def out_json(value: Any) -> None:
    """One JSON document on one line, every string sanitised."""
    sys.stdout.write(json.dumps(_clean_json(value), ensure_ascii=False) + "\n")


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _short_time(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def _styled(stream: Any) -> bool:
    """Whether to use ANSI bold on ``stream``: a terminal, colour not refused, not a dumb one."""
    return _is_terminal(stream) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def highlight(snippet: str, bold: bool) -> str:
    """A search snippet with its HIT markers as ANSI bold (terminal) or ``**`` (anything else)."""
    start, end = ("\x1b[1m", "\x1b[22m") if bold else ("**", "**")
    parts: list[str] = []
    for i, chunk in enumerate(snippet.split(HIT_START)):
        if i == 0:
            parts.append(_flat(chunk))
            continue
        hit, _, rest = chunk.partition(HIT_END)
        parts.append(start + _flat(hit) + end + _flat(rest))
    return "".join(parts).strip()


def _flat(text: str) -> str:
    """Sanitised, on one line, keeping the spaces at its ends (they sit between words)."""
    return _SPACES.sub(" ", sanitize(text.replace(HIT_END, "")))


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def _wrap(text: str, indent: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in sanitize(text).split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines += textwrap.wrap(paragraph, _width(), initial_indent=indent, subsequent_indent=indent) or [""]
    return lines


def _analysis_json(analysis: Analysis) -> dict:
    return {
        "summary": list(analysis.summary),
        "people": [
            {"name": p.name, "role": p.role, "mentions": p.mentions, "aliases": list(p.aliases)}
            for p in analysis.people
        ],
        "quotes": [{"text": q.text, "speaker": q.speaker} for q in analysis.quotes],
    }


def _analysis_lines(analysis: Analysis) -> list[str]:
    lines: list[str] = []
    if analysis.summary:
        lines.append("Summary:")
        for bullet in analysis.summary:
            lines += textwrap.wrap(sanitize_line(bullet), _width(), initial_indent="  - ", subsequent_indent="    ")
    if analysis.people:
        lines.append("People:")
        for person in analysis.people:
            role = f", {sanitize_line(person.role)}" if person.role else ""
            also = f" (also: {', '.join(sanitize_line(a) for a in person.aliases)})" if person.aliases else ""
            lines.append(f"  {sanitize_line(person.name)}{role}: {person.mentions} mention(s){also}")
    if analysis.quotes:
        lines.append("Quotes:")
        for quote in analysis.quotes:
            who = sanitize_line(quote.speaker) if quote.speaker else "unattributed"
            lines += textwrap.wrap(
                f"“{sanitize_line(quote.text)}” ({who})", _width(), initial_indent="  ", subsequent_indent="    "
            )
    if not lines:
        lines.append("(nothing found)")
    return lines


_HTML_HINT = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]"
    r"|</?(p|div|br|article|section|h[1-6]|span|a|li|ul|ol|em|strong|b|i|blockquote)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True for markup (a document or a fragment with common tags), not for prose with a ``<``."""
    return bool(_HTML_HINT.search(text[:20000]))


# --- the commands -----------------------------------------------------------------------------


@dataclass
class _Target:
    """Which database a command uses, and whether it is the demo."""

    db_path: Path
    demo: bool


class _Session(cli_fulltext.FullTextCommands):
    """One run of the CLI: the parsed arguments, the settings and (lazily) the store."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: Store | None = None
        self._settings: Settings | None = None
        demo = bool(getattr(args, "demo", False))
        db = getattr(args, "db", None)
        if db is None:
            db = paths.demo_db_path() if demo else paths.default_db_path()
        self.target = _Target(Path(db).expanduser(), demo)

    # lazily opened resources

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from briefing.config import ConfigError, load_settings

            named = getattr(self.args, "config", None)
            path = named or paths.config_path()
            try:
                self._settings = load_settings(Path(path).expanduser(), must_exist=named is not None)
            except ConfigError as exc:
                raise CliError(str(exc)) from None
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self._open_store()
            if self.target.demo:
                self._ensure_demo(self._store)
        return self._store

    def _open_store(self) -> Store:
        from briefing.core.store import Store

        path = self.target.db_path
        if path.is_dir():
            raise CliError(f"{path}: is a directory, not a database file")
        folder = path.parent
        if not folder.is_dir():
            if folder.exists() or getattr(self.args, "db", None) is not None:  # --db: never make folders
                raise CliError(f"{folder}: no such folder for the archive; create it first or check --db")
            paths.ensure_parent(path)  # the default data folder (or $BRIEFING_DB's, as before)
        if not path.exists() and not os.access(folder, os.W_OK):
            raise CliError(f"{folder}: read-only folder, cannot create an archive in it")
        return Store(path)  # StoreError / OSError become one line in main()

    def _note(self, message: str) -> None:
        sys.stderr.write(safe_line(message) + "\n")
        sys.stderr.flush()

    def run(self) -> int:
        command = self.args.command
        _ = self.settings  # a mistake in the settings file is reported whatever the command
        if command is None:
            return self.cmd_open()
        handler: Callable[[], int] = getattr(self, "cmd_" + command.replace("-", "_"))
        try:
            if command in WRITING_COMMANDS or command == "analyze" and self.args.pending:
                store = self.store
                if store.read_only:  # said once, up front, before any work is done and lost
                    raise CliError(
                        f"{store.path}: read-only archive ({store.read_only_reason}); "
                        f"`{PROG} {command}` needs to write to it"
                    )
            return handler()
        finally:
            self._finish_store()

    def _finish_store(self) -> None:
        """Fold the WAL into the archive file before leaving (so a copy of the file alone, or a
        read-only mount of it, holds everything), then close. Never waits: with the reader or a
        cron fetch busy on the same archive, the rest is left for them."""
        from briefing.core.store import StoreError

        store = self._store
        if store is None:
            return
        try:
            if not store.read_only:
                store.checkpoint(wait=False)
        except StoreError:
            pass
        finally:
            self._close_store()

    # (none): the TUI

    def cmd_open(self) -> int:
        try:
            from briefing.app import run_app
        except ImportError as exc:
            if exc.name == "briefing.app":
                raise CliError("the reader is not built yet; see `briefing --help` for the commands") from None
            raise
        settings = self.settings
        self._check_reader_settings(settings)
        if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
            raise CliError("the reader needs a terminal; see `briefing --help` for the commands")
        _ = self.store  # builds the demo archive first when --demo, and fails early on a bad database
        self._close_store()
        run_app(self.target.db_path, settings)
        return 0

    def _check_reader_settings(self, settings: Settings) -> None:
        """A bad keymap or theme stops the reader before it takes the screen: one line, exit 1."""
        from briefing.bindings import settings_problems

        problems = settings_problems(settings)
        if problems:
            path = getattr(self.args, "config", None) or paths.config_path()
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise CliError(f"{path}: {problems[0]}{more}")

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # --demo

    def _ensure_demo(self, store: Store) -> None:
        """Fill the demo archive from the bundled feeds, offline, when it is empty or stale."""
        from briefing import demo

        fingerprint = demo_fingerprint()
        built_at = _parse_iso(store.get_state(DEMO_BUILT_KEY))
        fresh = built_at is not None and datetime.now(timezone.utc) - built_at < DEMO_MAX_AGE
        if store.list_feeds() and store.get_state(DEMO_BUNDLE_KEY) == fingerprint and fresh:
            return
        self._note("Building the demo archive from the bundled feeds (offline)...")
        for feed in store.list_feeds():
            store.remove_feed(feed.id)
        feed_dir = self.target.db_path.with_name(self.target.db_path.stem + "-feeds")
        for path in demo.demo_feed_paths(dest=feed_dir):
            demo_feed = store.add_feed(str(path.resolve()), tags=("demo",))
            store.set_feed_full_text(demo_feed.id, "never")  # fictional outlets: no pages to fetch
        from briefing.core.refresh import refresh

        result = refresh(store, force=True, analysis=self._analysis_options())
        failed = [r for r in result.results if r.outcome == "failed"]
        if failed:
            raise CliError(f"could not build the demo archive: {failed[0].url}: {failed[0].error}")
        analysed = result.analysed
        store.set_state(DEMO_BUNDLE_KEY, fingerprint)
        store.set_state(DEMO_BUILT_KEY, _iso(datetime.now(timezone.utc)))
        self._note(
            f"Demo archive ready: {result.new} stories from {len(result.results)} outlets"
            + (f", {analysed} analysed now" if analysed else "")
            + "."
        )

    # feeds

    def cmd_add(self) -> int:
        url = normalise_feed_location(self.args.url)
        title = self.args.title.strip() if self.args.title else None
        tags = tuple(dict.fromkeys(t.strip() for t in self.args.tag if t.strip()))
        existing = self.store.get_feed(url)
        if existing is not None:
            raise CliError(f"feed already added: {url} (id {existing.id})")
        feed = self.store.add_feed(url, title=title, tags=tags)
        self._set_full_text(feed.id, self.args.full_text)
        out(f"Added feed {feed.id}: {feed.name}")
        out("Run `briefing fetch` to fetch it.")
        return 0

    def _find_feed(self, key: str) -> Feed:
        store = self.store
        feed = store.get_feed(int(key)) if key.strip().isdigit() else None
        if feed is None:
            feed = store.get_feed(key.strip())
        if feed is None and "://" not in key:
            try:
                feed = store.get_feed(str(Path(key).expanduser().resolve()))
            except (OSError, RuntimeError):
                feed = None
        if feed is None:
            raise CliError(f"no feed with id or URL {key!r} (see `briefing feeds`)")
        return feed

    def cmd_remove(self) -> int:
        feed = self._find_feed(self.args.feed)
        self.store.remove_feed(feed.id)
        out(f"Removed feed {feed.id}: {feed.name} ({feed.total} article(s))")
        return 0

    def cmd_feeds(self) -> int:
        feeds = self.store.list_feeds()
        if self.args.json:
            modes = cli_fulltext.feed_modes(self.store, self.settings.refresh.full_text)
            out_json([_feed_json(f) | {"full_text": modes.get(f.id)} for f in feeds])
            return 0
        if not feeds:
            out("No feeds yet. Add one with `briefing add URL`.")
            return 0
        out(f"{'ID':>4}  {'STATUS':<13} {'UNREAD/TOTAL':>12}  {'LAST FETCHED':<16}  FEED")
        for feed in feeds:
            counts = f"{feed.unread}/{feed.total}"
            out(
                f"{feed.id:>4}  {feed_status(feed):<13} {counts:>12}  {_short_time(feed.last_fetched):<16}  "
                f"{sanitize_line(feed.name)}"
            )
            if feed.name != feed.url:
                out(f"{'':>4}  {'':<13} {'':>12}  {'':<16}  {sanitize_line(feed.url)}")
            if feed.last_error:
                out(f"{'':>4}  error: {sanitize_line(feed.last_error)}")
        return 0

    def cmd_fetch(self) -> int:
        from briefing.core.feeds import Fetcher
        from briefing.core.refresh import refresh
        from briefing.stopping import stop_on_signals

        store = self.store
        if store.read_only:  # say so once, before asking any server for anything
            raise CliError(
                f"{store.path}: the archive is read-only ({store.read_only_reason}); "
                "fetch needs to write to it: nothing was fetched"
            )
        to_json = self.args.json
        stream = sys.stderr if to_json else sys.stdout
        bar = _is_terminal(stream) and os.environ.get("TERM") != "dumb"

        def progress(p: RefreshProgress) -> None:
            if p.pages is not None:
                if bar:
                    stream.write("\r" + cli_fulltext.pages_progress(p.pages) + "\x1b[K")
                    stream.flush()
                return
            if bar:
                stream.write(f"\rFetching: {p.done}/{p.total} feeds, {p.new} new article(s)\x1b[K")
            elif p.last is not None:
                r = p.last
                detail = f"+{r.new} new, {r.updated} updated" if r.outcome == "ok" else r.outcome.replace("_", " ")
                if r.error:
                    detail += f": {safe_line(r.error)}"
                stream.write(f"[{p.done}/{p.total}] {safe_line(r.url)}: {detail}\n")
            stream.flush()

        _route_logging()  # every failure reaches the user as its feed's one line, never a traceback
        options = self.settings.refresh
        wanted = not self.args.no_analysis
        fetcher = Fetcher(timeout=options.timeout, max_connections=options.workers)
        with stop_on_signals() as stop:
            try:
                result = refresh(
                    store,
                    fetcher=fetcher,
                    force=self.args.force,
                    progress=progress,
                    cancelled=stop,
                    analyse=wanted,
                    analysis=self._analysis_options(),
                    workers=options.workers,
                    full_text=options.full_text,
                )
            finally:
                fetcher.close()
                if bar:
                    with contextlib.suppress(OSError, ValueError):  # after SIGHUP the terminal may be gone
                        stream.write("\r\x1b[K")
                        stream.flush()
            analysed_now = result.analysed
            for error in result.analysis_errors:
                self._note(_analysis_failed(error))
        summary = result.as_json()
        stored_nothing = summary["failed"] > 0 and summary["ok"] + summary["not_modified"] == 0
        status = stop.exit_status if stop() else 1 if result.refused or stored_nothing else 0
        try:
            if to_json:
                out_json(summary)
            else:
                analysed = f"; {analysed_now} analysed" if analysed_now else ""
                out(
                    f"{summary['feeds']} feed(s): {summary['ok']} ok, {summary['not_modified']} not modified, "
                    f"{summary['failed']} failed, {summary['skipped']} skipped; "
                    f"{summary['new']} new and {summary['updated']} updated article(s){analysed}"
                    + (f"; {cli_fulltext.pages_line(result.pages)}" if result.pages.wanted else "")
                )
                for error in summary["errors"]:
                    out(f"  {sanitize_line(error['feed'])}: {sanitize_line(error['error'])}")
            sys.stdout.flush()
        except OSError:  # the terminal or pipe went away (SIGHUP): the exit status still tells
            _silence_stdout()
        with contextlib.suppress(OSError):
            if result.refused:
                _fail(result.refused, status)
            elif stop():
                _fail(f"stopped by {stop.name}: what was stored is kept; the rest waits for the next fetch", status)
            elif stored_nothing:
                _fail("nothing was stored: every feed failed (see above)", status)
        if stop():
            _exit_if_threads_linger(status, store)
        return status

    # OPML

    def cmd_import(self) -> int:
        """Subscribe to an OPML file's feeds. The file may come from anywhere, so each outline is
        checked as ``origin="opml"`` (http and https only: never a local file) and a refused one
        is one line on stderr; the summary counts added, already present and refused."""
        from briefing.core.locations import LocationRefused, check_feed_location
        from briefing.core.opml import OpmlError, read_opml
        from briefing.core.store import FeedExists

        try:
            entries = read_opml(self.args.file)
        except OpmlError as exc:
            raise CliError(str(exc)) from None
        store = self.store
        added = present = refused = 0
        for entry in entries:
            try:
                url = check_feed_location(entry.url, origin="opml")
            except LocationRefused as exc:
                refused += 1
                name = f" {_shown(entry.title)}" if entry.title else ""
                self._note(f"{PROG}: {self.args.file}: outline{name} refused: {exc}")
                continue
            if store.get_feed(url) is not None:
                present += 1
                continue
            try:
                store.add_feed(url, title=entry.title, tags=entry.tags)
            except FeedExists:  # added by another process meanwhile
                present += 1
                continue
            added += 1
        out(f"Imported {self.args.file}: {added} added, {present} already present, {refused} refused")
        return 0

    def cmd_export(self) -> int:
        from briefing.core.opml import export_opml

        document = export_opml(self.store.list_feeds(), with_credentials=self.args.with_credentials)
        if self.args.file is None:
            sys.stdout.write(sanitize(document))
            return 0
        path: Path = self.args.file
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(document, encoding="utf-8")
        os.replace(tmp, path)
        out(f"Exported {len(self.store.list_feeds())} feed(s) to {path}")
        return 0

    # safety

    def cmd_backup(self) -> int:
        self._existing_archive()
        dest: Path = self.args.file.expanduser()
        count = self.store.backup(dest, overwrite=self.args.force)
        out(f"Backed up {count} article(s) to {dest}")
        return 0

    def _existing_archive(self) -> Path:
        """The archive's path; ``CliError`` when there is none (checking or copying a typo must
        not create an empty archive)."""
        path = self.target.db_path
        if not path.is_file():
            raise CliError(f"{path}: no archive here (see `{PROG} --help` for where it lives)")
        return path

    def cmd_check(self) -> int:
        """One-line verdict; exit 1 when damaged, with what to do about it."""
        from briefing.core.store import DatabaseCorrupt

        path = self._existing_archive()
        try:
            problems = self.store.integrity_check()
            feeds, articles = (0, 0) if problems else (len(self.store.list_feeds()), self.store.count_stories())
        except DatabaseCorrupt as exc:  # too damaged to open
            problems, feeds, articles = [str(exc).removeprefix(f"{path}: ")], 0, 0
        index_only = bool(problems) and all(p.startswith("full-text index") for p in problems)
        if index_only and self.args.repair:
            try:
                self.store.rebuild_search_index()
            except DatabaseCorrupt:  # the index's own records are past rebuilding
                out(f"{path}: damaged: the search index could not be rebuilt; restore your last `{PROG} backup`")
                return 1
            problems = self.store.integrity_check()
            feeds, articles = len(self.store.list_feeds()), self.store.count_stories()
            if not problems:
                out(f"{path}: repaired: search index rebuilt; {feeds} feed(s), {articles} article(s)")
                return 0
            index_only = False  # rebuilt and still damaged: the advice is a backup
        if not problems:
            index = (
                "search index not checked (its check needs a writable archive)"
                if self.store.read_only
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

    # reading

    def cmd_search(self) -> int:
        from briefing.core.query import parse

        query = " ".join(self.args.query)
        warnings = parse(query).warnings
        if warnings:
            raise CliError(warnings[0], code=2)
        hits = self.store.search(query, limit=self.args.limit, order=self.args.sort)
        if self.args.json:
            out_json(
                [
                    {
                        "id": h.id,
                        "title": h.title,
                        "link": h.link,
                        "feed": h.feed,
                        "published": _iso(h.published),
                        "snippet": highlight(h.snippet, bold=False),
                    }
                    for h in hits
                ]
            )
            return 0
        if not hits:
            out(f"No stories match {sanitize_line(query)!r}.")
            return 0
        bold = _styled(sys.stdout)
        for hit in hits:
            out(f"[{hit.id}] {sanitize_line(hit.title)}")
            out(f"     {sanitize_line(hit.feed)} · {_short_time(hit.published)}")
            snippet = highlight(hit.snippet, bold=bold)  # already sanitised piece by piece
            for line in textwrap.wrap(snippet, _width() - 5) if not bold else [snippet]:
                sys.stdout.write(f"     {line}\n")
        return 0

    def cmd_show(self) -> int:
        store = self.store
        article = store.get_article(self.args.id)
        if article is None:
            raise CliError(f"no article with id {self.args.id}")
        analysis = store.get_analysis(article.id) or self._analyse_and_save(article)
        if self.args.json:
            data = {
                "id": article.id,
                "title": article.title,
                "link": article.link,
                "feed": article.feed,
                "feed_id": article.feed_id,
                "author": article.author,
                "published": _iso(article.published),
                "updated": _iso(article.updated),
                "read": article.read,
                "starred": article.starred,
                "body": article.body,
            }
            data.update(cli_fulltext.show_fields(store, article.id))
            data.update(_analysis_json(analysis or Analysis()))
            out_json(data)
            return 0
        out(sanitize_line(article.title))
        byline = [sanitize_line(article.feed), _short_time(article.published) + " UTC"]
        if article.author:
            byline.insert(1, sanitize_line(article.author))
        out(" · ".join(byline))
        if article.link:
            out(sanitize_line(article.link))
        out()
        if analysis is not None:
            for line in _analysis_lines(analysis):
                out(line)
            out()
        if (text_line := cli_fulltext.show_line(store, article.id)) is not None:
            out(text_line)
            out()
        for line in _wrap(article.body):
            out(line)
        return 0

    def _analysis_options(self) -> AnalysisOptions:
        """The user's ``[summary]`` settings, as every analysis path takes them."""
        from briefing.core.backlog import AnalysisOptions

        return AnalysisOptions.from_settings(self.settings.summary)

    def _analyse(self, text: str, title: str | None = None, html: bool = False) -> Analysis:
        """The analysis of free text (``analyze FILE``) with the user's summary settings."""
        from briefing.core.analysis import analyse

        options = self._analysis_options()
        return analyse(text, title=title, html=html, summary_words=options.summary_words, method=options.method)

    def _analyse_and_save(self, article: Article) -> Analysis | None:
        """Analyse an article on the spot (it was opened before its turn) through the backlog, and
        keep the result when the archive can be written. A failed analysis is a note: the article
        is still shown; a read-only archive still shows the analysis."""
        from briefing.core.backlog import analyse_pending

        result = analyse_pending(self.store, self._analysis_options(), ids=[article.id])
        for error in result.errors:
            self._note(_analysis_failed(error))
        return result.analyses.get(article.id) or self.store.get_analysis(article.id)

    # analysis

    def cmd_analyze(self) -> int:
        if self.args.pending:
            if self.args.files:
                raise CliError("analyze: give files or --pending, not both", code=2)
            return self._analyse_pending()
        if not self.args.files and _is_terminal(sys.stdin):
            raise CliError("analyze: give FILE(s), pipe text in (or use -), or --pending", code=2)
        inputs = list(self._read_inputs(self.args.files or ["-"]))
        for index, (name, text) in enumerate(inputs):
            analysis = self._analyse(text, html=looks_like_html(text))
            if self.args.json:
                out_json(_analysis_json(analysis))
                continue
            if len(inputs) > 1:
                out(("\n" if index else "") + f"== {name} ==")
            for line in _analysis_lines(analysis):
                out(line)
        return 0

    def _read_inputs(self, names: Sequence[str]) -> Iterator[tuple[str, str]]:
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

    def _analyse_pending(self) -> int:
        done = self._analyse_backlog(self.store)
        if self.args.json:
            out_json({"analysed": done})
        else:
            out(f"Analysed {done} article(s).")
        return 0

    def _analyse_backlog(self, store: Store) -> int:
        """Analyse every stored article that has no analysis yet (``core.backlog``); return how many.

        An article whose analysis fails is reported on stderr and left for a later run.
        """
        from briefing.core.backlog import analyse_pending

        show = _is_terminal(sys.stderr)

        def progress(done: int) -> None:
            if show:
                sys.stderr.write(f"\rAnalysed {done} article(s)\x1b[K")
                sys.stderr.flush()

        result = analyse_pending(store, self._analysis_options(), progress=progress)
        if show and result.analysed:
            sys.stderr.write("\r\x1b[K")
        for error in result.errors:
            self._note(_analysis_failed(error))
        if result.refused:
            raise CliError(result.refused)
        return result.analysed

    def cmd_people(self) -> int:
        people = self.store.people(limit=self.args.limit)
        if self.args.json:
            out_json(
                [{"id": p.id, "name": p.name, "role": p.role, "stories": p.stories, "quotes": p.quotes} for p in people]
            )
            return 0
        if not people:
            out("No people yet (they appear once articles are analysed: `briefing analyze --pending`).")
            return 0
        for p in people:
            role = f", {sanitize_line(p.role)}" if p.role else ""
            out(
                f"{sanitize_line(p.name)}{role}: {p.stories} stor{'y' if p.stories == 1 else 'ies'}, "
                f"{p.quotes} quote(s)"
            )
        return 0

    def cmd_quotes(self) -> int:
        name = " ".join(self.args.name).strip()
        quotes = self.store.quotes_by(name)
        if not quotes:
            self._known_person_or_fail(name)
        if self.args.json:
            out_json(
                [
                    {
                        "text": q.text,
                        "speaker": q.speaker,
                        "article_id": q.article_id,
                        "title": q.title,
                        "feed": q.feed,
                        "published": _iso(q.published),
                    }
                    for q in quotes
                ]
            )
            return 0
        if not quotes:
            out(f"No quotes from {sanitize_line(name)!r} (see `briefing people`).")
            return 0
        for q in quotes:
            for line in textwrap.wrap(f"“{sanitize_line(q.text)}”", _width(), subsequent_indent=" "):
                out(line)
            who = sanitize_line(q.speaker) if q.speaker else "unattributed"
            out(
                f"    ({who}) in [{q.article_id}] {sanitize_line(q.title)}, "
                f"{sanitize_line(q.feed)}, {_short_time(q.published)}"
            )
        return 0

    def _known_person_or_fail(self, name: str) -> None:
        """``CliError`` (exit 1) naming close matches when nobody in the archive is called ``name``."""
        import difflib

        from briefing.core.store import person_key

        key = person_key(name)
        people = self.store.people()
        by_key = {person_key(p.name): p.name for p in people}
        if key and (key in by_key or sum(k.rsplit(" ", 1)[-1] == key for k in by_key) == 1):
            return  # a known person (or a unique surname) who has no quotes yet
        close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
        close += [k for k in by_key if key and key in k.split() and k not in close][: 3 - len(close)]
        hint = f"; did you mean {', '.join(repr(by_key[k]) for k in close)}?" if close else ""
        raise CliError(f"no one called {_shown(name)} in the archive{hint} (see `{PROG} people`)")

    def cmd_digest(self) -> int:
        from briefing.core.digest import as_json, build_digest, parse_since, render_markdown, render_text

        since = None
        if self.args.since:
            try:
                since = parse_since(self.args.since)
            except ValueError as exc:
                raise CliError(str(exc), code=2) from None
        digest = build_digest(
            self.store, since, group_by=self.args.group_by, limit=self.args.limit, analyse=self._analyse_and_save
        )
        if self.args.format == "json":
            out_json(as_json(digest))
        elif self.args.format == "md":
            sys.stdout.write(sanitize(render_markdown(digest)))
        else:
            sys.stdout.write(sanitize(render_text(digest, width=_width())))
        return 0


# --- demo and feed helpers ----------------------------------------------------------------------------


DEMO_BUNDLE_KEY = "demo_bundle"
DEMO_BUILT_KEY = "demo_built_at"
DEMO_MAX_AGE = timedelta(hours=24)  # then rebuild, so the demo's dates look like today's news


def demo_fingerprint() -> str:
    """Changes whenever the bundled demo stories or the program version change."""
    import hashlib

    from briefing.demo import demo_articles

    digest = hashlib.sha256(__version__.encode())
    for article in demo_articles():
        digest.update(repr(article).encode("utf-8"))
    return digest.hexdigest()[:16]


def _parse_iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _shown(text: str, limit: int = 80) -> str:
    """User input quoted for an error line, cut short when long."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def normalise_feed_location(text: str, must_exist: bool = True) -> str:
    """A feed URL (http, https, file) or an existing file's absolute path, as typed on the command
    line; else ``CliError`` (exit 2). Other ways in use ``core.locations`` with their own origin."""
    from briefing.core.locations import LocationRefused, check_feed_location

    try:
        return check_feed_location(text, origin="cli", must_exist=must_exist)
    except LocationRefused as exc:
        raise CliError(str(exc), code=2) from None


def feed_status(feed: Feed) -> str:
    """A short word for a feed's health, as `briefing feeds` prints it."""
    if feed.gone:
        return "gone"
    if feed.last_fetched is None and not feed.last_error:
        return "new"
    if feed.failures:
        return f"failing ({feed.failures})"
    if feed.last_error:
        return "problem"
    return "ok"


def _feed_json(feed: Feed) -> dict:
    return {
        "id": feed.id,
        "url": feed.url,
        "title": feed.name,
        "feed_title": feed.title,
        "user_title": feed.user_title,
        "link": feed.link,
        "tags": list(feed.tags),
        "status": feed_status(feed).split(" ")[0],
        "unread": feed.unread,
        "total": feed.total,
        "last_fetched": _iso(feed.last_fetched),
        "last_status": feed.last_status,
        "last_error": feed.last_error,
        "failures": feed.failures,
        "next_due": _iso(feed.next_due),
        "gone": feed.gone,
    }
