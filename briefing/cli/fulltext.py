"""The command line of issue 11: full text for teaser feeds.

- ``briefing add URL --full-text auto|always|never`` (the option is added to ``add`` here);
- ``briefing edit FEED [--title T] [--full-text MODE] [--tag TAG]...`` changes a feed;
- ``briefing fulltext [FEED] [--limit N] [--retry-failed] [--json]`` fills in stories already in
  the archive (those stored before full text existed, or skipped by the feed's old mode);
- ``feeds --json`` / ``show --json`` / ``fetch`` use ``feed_modes``, ``show_fields`` and
  ``pages_line`` from here.

``FullTextCommands`` is a mixin of the CLI's session (``cli.session.Session``): its ``cmd_*`` methods use
the session's ``store``, ``settings``, ``args`` and ``_find_feed``. ``briefing.cli`` is imported lazily (it
imports this module).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from briefing.cli.parsing import command, positive

if TYPE_CHECKING:
    from briefing.config import Settings
    from briefing.core.models import Feed, PagesSummary
    from briefing.core.store import Store

MODES = ("auto", "always", "never")
WRITING = frozenset({"edit", "fulltext"})


def mode_argument(text: str) -> str:
    """argparse type for a full-text mode (a usage error, exit 2, names the choices)."""
    mode = text.strip().lower()
    if mode not in MODES:
        raise argparse.ArgumentTypeError(f"must be one of {', '.join(MODES)} (not {text.strip()[:40]!r})")
    return mode


def add_full_text_option(add: argparse.ArgumentParser) -> None:
    """``add --full-text MODE``."""
    add.add_argument(
        "--full-text",
        type=mode_argument,
        metavar="MODE",
        help="fetch article pages: auto (for teaser stories; the default), always, never",
    )


def add_parsers(subparsers: Any) -> None:
    """The ``edit`` and ``fulltext`` sub-commands (run by ``FullTextCommands`` through the session)."""
    edit = command(subparsers, "edit", "change a feed: its title, tags or full-text mode")
    edit.add_argument("feed", metavar="URL_OR_ID")
    edit.add_argument("--title", help="your own name for the feed (an empty one: the feed's own)")
    edit.add_argument(
        "--full-text", type=mode_argument, metavar="MODE", help="auto (pages of teaser stories), always or never"
    )
    edit.add_argument("--tag", action="append", default=None, help="the feed's tags: replace them (repeat for more)")

    fulltext = command(subparsers, "fulltext", "fetch the full text of stories already in the archive (teaser feeds)")
    fulltext.add_argument("feed", nargs="?", metavar="URL_OR_ID", help="only this feed")
    fulltext.add_argument("--limit", type=positive, default=500, metavar="N", help="at most N stories (newest first)")
    fulltext.add_argument(
        "--retry-failed", action="store_true", help="also try again stories whose page failed or was a wall"
    )
    fulltext.add_argument("--json", action="store_true", help="print the outcome as one JSON object")


def feed_modes(store: Store, default: str) -> dict[int, str]:
    """Each feed's full-text mode as it applies (its own, else the configured default)."""
    return {feed_id: mode or default for feed_id, mode in store.feed_full_text_modes().items()}


def show_fields(store: Store, article_id: int) -> dict[str, Any]:
    """``show --json``'s ``teaser`` and ``full_text``."""
    info = store.full_text_info(article_id)
    if info is None:
        return {"teaser": None, "full_text": {"status": None, "error": None, "fetched": None}}
    return {"teaser": info.teaser, "full_text": info.as_json()}


def show_line(store: Store, article_id: int) -> str | None:
    """The line ``show`` prints about the story's text: full text, or teaser and why."""
    from briefing.core.fulltext.records import LEGACY_REASON

    info = store.full_text_info(article_id)
    if info is None or info.status == "fetched":
        return "Full text from the article page." if info is not None else None
    if info.status is None:
        return "Feed text only: the article page is still to be fetched (briefing fetch)."
    if info.status == "skipped" and info.error in (LEGACY_REASON,):
        return "Feed text only: stored before full text existed (briefing fulltext)."
    if info.status == "skipped":
        return None if info.error and "whole story" in info.error else f"Feed text only: {info.error}."
    return f"Feed text only: {info.status}: {info.error or 'no reason recorded'}."


def pages_line(pages: PagesSummary) -> str:
    """The summary of a run's article pages, one line."""
    kept = f", {pages.teaser} kept the feed text (not the article)" if pages.teaser else ""
    return f"pages: {pages.fetched} full text(s), {pages.failed} failed{kept}"


def pages_progress(pages: PagesSummary) -> str:
    return f"Pages: {pages.done}/{pages.wanted}, {pages.fetched} full text(s), {pages.failed} failed"


class FullTextCommands:
    """``edit`` and ``fulltext``: methods of the CLI session."""

    if TYPE_CHECKING:
        args: argparse.Namespace

        @property
        def store(self) -> Store: ...
        @property
        def settings(self) -> Settings: ...
        def _find_feed(self, key: str) -> Feed: ...
        def _analysis_options(self) -> Any: ...

    def _set_full_text(self, feed_id: int, mode: str | None) -> None:
        if mode is not None:
            self.store.set_feed_full_text(feed_id, mode)

    def cmd_edit(self) -> int:
        from briefing.cli import CliError, out
        from briefing.core.clean import sanitize_line
        from briefing.core.subscribe import clean_tags

        feed = self._find_feed(self.args.feed)
        if self.args.title is None and self.args.full_text is None and self.args.tag is None:
            raise CliError("nothing to change: give --title, --full-text or --tag", 2)
        changed = []
        if self.args.title is not None:
            title = sanitize_line(self.args.title).strip() or None
            self.store.rename_feed(feed.id, title)
            changed.append(f"title {title!r}" if title else "title: the feed's own")
        if self.args.tag is not None:
            tags = tuple(clean_tags(self.args.tag))
            self.store.set_feed_tags(feed.id, tags)
            changed.append("tags " + (", ".join(tags) if tags else "(none)"))
        if self.args.full_text is not None:
            self._set_full_text(feed.id, self.args.full_text)
            changed.append(f"full text {self.args.full_text}")
        updated = self.store.get_feed(feed.id)
        out(f"Feed {feed.id}: {sanitize_line((updated or feed).name)}: " + "; ".join(changed))
        return 0

    def cmd_fulltext(self) -> int:
        from briefing.cli import _fail, _is_terminal, _route_logging, out, out_json
        from briefing.core.fulltext.pipeline import fill_full_texts
        from briefing.core.fulltext.teaser import parse_mode
        from briefing.stopping import stop_on_signals

        feed = self._find_feed(self.args.feed) if self.args.feed else None
        statuses: tuple[Any, ...] = ("skipped",) + (("failed", "teaser") if self.args.retry_failed else ())
        stream = sys.stderr
        bar = _is_terminal(stream)

        def progress(pages: PagesSummary) -> None:
            if bar:
                stream.write("\r" + pages_progress(pages) + "\x1b[K")
                stream.flush()

        _route_logging()
        with stop_on_signals() as stop:
            try:
                pages = fill_full_texts(
                    self.store,
                    default_mode=parse_mode(self.settings.refresh.full_text),
                    feed_id=None if feed is None else feed.id,
                    limit=self.args.limit,
                    statuses=statuses,
                    options=self._analysis_options(),
                    progress=progress,
                    cancelled=stop,
                )
            finally:
                if bar:
                    stream.write("\r\x1b[K")
                    stream.flush()
        if self.args.json:
            out_json(pages.as_json() | {"analysed": pages.analysed, "refused": pages.refused})
        else:
            looked = pages.wanted + pages.skipped
            out(
                f"{looked} stor{'y' if looked == 1 else 'ies'} looked at; {pages.skipped} need no page; "
                + pages_line(pages)
            )
        if pages.refused:
            return _fail(pages.refused, 1)
        if stop():
            return _fail("stopped: what was stored is kept; the rest waits for the next run", stop.exit_status)
        return 0
