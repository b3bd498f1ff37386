"""One run of the CLI: the parsed arguments, the settings and (lazily) the store, and the
services the command modules share (analysis with the user's settings, finding a feed)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import paths
from briefing.cli import fulltext
from briefing.cli.errors import CliError, analysis_failed
from briefing.cli.output import PROG, is_terminal, safe_line

if TYPE_CHECKING:
    from briefing.config import Settings
    from briefing.core.backlog import AnalysisOptions
    from briefing.core.models import Analysis, Article, Feed
    from briefing.core.store import Store

WRITING_COMMANDS = frozenset({"add", "remove", "fetch", "import"}) | fulltext.WRITING  # (and analyze --pending)
Handler = Callable[["Session"], int]


@dataclass
class Target:
    """Which database a command uses, and whether it is the demo."""

    db_path: Path
    demo: bool


class Session(fulltext.FullTextCommands):
    """The parsed arguments, the settings and the store of one command; ``run`` dispatches to the
    handler the command's module set with ``set_defaults(run=...)``."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: Store | None = None
        self._settings: Settings | None = None
        demo = bool(getattr(args, "demo", False))
        db = getattr(args, "db", None)
        if db is None:
            db = paths.demo_db_path() if demo else paths.default_db_path()
        self.target = Target(Path(db).expanduser(), demo)

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

    def _ensure_demo(self, store: Store) -> None:
        from briefing.demo.archive import DemoBuildFailed, ensure_demo

        try:
            ensure_demo(store, self.target.db_path, self._analysis_options(), note=self._note)
        except DemoBuildFailed as exc:
            raise CliError(str(exc)) from None

    def _note(self, message: str) -> None:
        sys.stderr.write(safe_line(message) + "\n")
        sys.stderr.flush()

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # running a command

    def run(self) -> int:
        command = self.args.command
        _ = self.settings  # a mistake in the settings file is reported whatever the command
        if command is None:
            from briefing.cli.reader import open_reader

            return open_reader(self)
        handler: Handler | None = getattr(self.args, "run", None)
        try:
            if command in WRITING_COMMANDS or command == "analyze" and self.args.pending:
                self.require_writable(command)
            if handler is not None:
                return handler(self)
            method: Callable[[], int] = getattr(self, "cmd_" + command.replace("-", "_"))  # a mixin's command
            return method()
        finally:
            self._finish_store()

    def require_writable(self, command: str) -> None:
        """Said once, up front, before any work is done and lost."""
        store = self.store
        if store.read_only:
            raise CliError(
                f"{store.path}: read-only archive ({store.read_only_reason}); `{PROG} {command}` needs to write to it"
            )

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
            self.close_store()

    # shared by several commands

    def _analysis_options(self) -> AnalysisOptions:
        """The user's ``[summary]`` settings, as every analysis path takes them."""
        from briefing.core.backlog import AnalysisOptions

        return AnalysisOptions.from_settings(self.settings.summary)

    def analyse_and_save(self, article: Article) -> Analysis | None:
        """Analyse an article on the spot (it was opened before its turn) through the backlog, and
        keep the result when the archive can be written. A failed analysis is a note: the article
        is still shown; a read-only archive still shows the analysis."""
        from briefing.core.backlog import analyse_pending

        result = analyse_pending(self.store, self._analysis_options(), ids=[article.id])
        for error in result.errors:
            self._note(analysis_failed(error))
        return result.analyses.get(article.id) or self.store.get_analysis(article.id)

    def analyse_backlog(self, store: Store) -> int:
        """Analyse every stored article that has no analysis yet (``core.backlog``); return how many.

        An article whose analysis fails is reported on stderr and left for a later run.
        """
        from briefing.core.backlog import analyse_pending

        show = is_terminal(sys.stderr)

        def progress(done: int) -> None:
            if show:
                sys.stderr.write(f"\rAnalysed {done} article(s)\x1b[K")
                sys.stderr.flush()

        result = analyse_pending(store, self._analysis_options(), progress=progress)
        if show and result.analysed:
            sys.stderr.write("\r\x1b[K")
        for error in result.errors:
            self._note(analysis_failed(error))
        if result.refused:
            raise CliError(result.refused)
        return result.analysed

    def _find_feed(self, key: str) -> Feed:
        """The feed named by id, URL or (for local files) path; ``CliError`` when there is none."""
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

    def existing_archive(self) -> Path:
        """The archive's path; ``CliError`` when there is none (checking or copying a typo must
        not create an empty archive)."""
        path = self.target.db_path
        if not path.is_file():
            raise CliError(f"{path}: no archive here (see `{PROG} --help` for where it lives)")
        return path
