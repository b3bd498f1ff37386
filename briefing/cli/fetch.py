"""``briefing fetch``: every due feed now, with a progress line (or one line per feed when not on
a terminal), a summary, and the exit status a cron job can read."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

from briefing.cli import fulltext
from briefing.cli.errors import CliError, analysis_failed, fail, route_logging, silence_stdout
from briefing.cli.output import is_terminal, out, out_json, safe_line
from briefing.cli.parsing import command
from briefing.core.clean import sanitize_line

if TYPE_CHECKING:
    from briefing.cli.session import Session
    from briefing.core.models import RefreshProgress
    from briefing.core.store import Store


def add_parsers(subparsers: Any) -> None:
    fetch = command(subparsers, "fetch", "fetch every feed now (feeds in back-off are skipped unless --force)")
    fetch.add_argument("--force", action="store_true", help="also fetch feeds that are backing off")
    fetch.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    fetch.add_argument("--no-analysis", action="store_true", help="store only; analyse later")
    fetch.set_defaults(run=cmd_fetch)


def cmd_fetch(session: Session) -> int:
    from briefing.core.feeds import Fetcher
    from briefing.core.refresh import refresh
    from briefing.stopping import stop_on_signals

    args = session.args
    store = session.store
    if store.read_only:  # say so once, before asking any server for anything
        raise CliError(
            f"{store.path}: the archive is read-only ({store.read_only_reason}); "
            "fetch needs to write to it: nothing was fetched"
        )
    to_json = args.json
    stream = sys.stderr if to_json else sys.stdout
    bar = is_terminal(stream) and os.environ.get("TERM") != "dumb"

    def progress(p: RefreshProgress) -> None:
        if p.pages is not None:
            if bar:
                stream.write("\r" + fulltext.pages_progress(p.pages) + "\x1b[K")
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

    route_logging()  # every failure reaches the user as its feed's one line, never a traceback
    options = session.settings.refresh
    wanted = not args.no_analysis
    fetcher = Fetcher(timeout=options.timeout, max_connections=options.workers)
    with stop_on_signals() as stop:
        try:
            result = refresh(
                store,
                fetcher=fetcher,
                force=args.force,
                progress=progress,
                cancelled=stop,
                analyse=wanted,
                analysis=session._analysis_options(),
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
            session._note(analysis_failed(error))
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
                + (f"; {fulltext.pages_line(result.pages)}" if result.pages.wanted else "")
            )
            for error in summary["errors"]:
                out(f"  {sanitize_line(error['feed'])}: {sanitize_line(error['error'])}")
        sys.stdout.flush()
    except OSError:  # the terminal or pipe went away (SIGHUP): the exit status still tells
        silence_stdout()
    with contextlib.suppress(OSError):
        if result.refused:
            fail(result.refused, status)
        elif stop():
            fail(f"stopped by {stop.name}: what was stored is kept; the rest waits for the next fetch", status)
        elif stored_nothing:
            fail("nothing was stored: every feed failed (see above)", status)
    if stop():
        _exit_if_threads_linger(status, store)
    return status


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
