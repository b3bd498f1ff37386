"""Refresh: fetch every due feed in parallel, parse in worker processes, write on the calling thread.

The shape, and why:
- Retrieval runs in a thread pool (network waits release the GIL), at most ``workers`` at once and
  ``per_host`` per host, so one slow publisher cannot hog the pool and no server gets hammered.
- Parsing, cleaning and the analysis of new entries are CPU-bound pure Python: for a large refresh
  they run in a small process pool (one process per core), otherwise in the fetch threads
  (``parse_and_analyse``: pure, its result picklable). Entries the archive already holds unchanged
  with their analysis are not analysed again. How those processes start, behave and end is
  ``core.procs``.
- Every write happens on the calling thread. Feeds parsed while the last write ran are written
  together in one transaction (``Store.store_many``; one commit and one full-text flush for many
  small feeds), each article with its analysis (people, quotes and the search row in the same
  pass), so an interrupted refresh leaves whole feeds, never half an article, and loses at
  most the feeds of the transaction in flight. A failing batch is redone feed by feed.
- What is still without analysis afterwards (a failed analysis, an older backlog) is worked off by
  ``core.backlog.analyse_pending`` in the same processes; stories are readable before that.
- One feed's failure is that feed's result (with a readable error and a back-off), never an
  exception out of ``refresh``.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from briefing.core import procs
from briefing.core.backlog import POOL_MIN, AnalysisOptions, analyse_pending, analyse_safely
from briefing.core.feeds import Fetcher, FetchResult, NotAFeed, local_path, parse_feed
from briefing.core.models import (
    Analysis,
    Feed,
    FeedResult,
    PagesSummary,
    ParsedFeed,
    RefreshProgress,
    RefreshResult,
)
from briefing.core.times import utc_now

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_CAP = timedelta(hours=24)
# Below this many feeds to fetch, worker processes cost more to start than they save.
PROCESS_POOL_MIN_FEEDS = 12
STORE_BATCH_ARTICLES = 2000  # at most this many entries per write transaction (bounds the lock time)

ProgressCallback = Callable[[RefreshProgress], None]
Analyses = tuple[Analysis | None, ...]  # alongside a ParsedFeed's entries; None = not analysed
_CANCELLED = "cancelled before it was asked"
NOT_STORED = "not stored: the archive refused the write"


def backoff_delay(failures: int) -> timedelta:
    """How long a feed rests after ``failures`` consecutive failures: 15 min doubling, capped at 24 h."""
    if failures <= 0:
        return timedelta(0)
    delay: timedelta = BACKOFF_BASE * (2 ** min(failures - 1, 16))
    return min(delay, BACKOFF_CAP)


def is_due(feed: Feed, now: datetime) -> bool:
    """A feed is asked unless it is gone or resting (back-off after failures, or Retry-After)."""
    return not feed.gone and (feed.next_due is None or feed.next_due <= now)


def refresh(
    store: Any,
    *,
    fetcher: Fetcher | None = None,
    force: bool = False,
    feed_ids: Iterable[int] | None = None,
    progress: ProgressCallback | None = None,
    analyse: bool = True,
    cancelled: Callable[[], bool] | None = None,
    workers: int = 8,
    per_host: int = 2,
    processes: int | None = None,
    analysis: AnalysisOptions | None = None,
    full_text: str | None = None,
) -> RefreshResult:
    """Fetch, parse and store the due feeds (all of ``feed_ids``' if ``force``). Never raises for a feed.

    ``processes``: parse workers; None picks one per core for large refreshes and none for small ones.
    ``analyse``: new articles are stored with their analysis (``analysis``: the summary settings).
    ``full_text``: the full-text mode of feeds without their own ("auto", "always", "never"; the
    ``[refresh] full_text`` setting): after the feeds are stored, the pages of their new teaser
    stories are fetched (``core.fulltext.pipeline``); None fetches no pages.
    """
    run = _Refresh(store, fetcher, progress, cancelled, workers, per_host)
    run.options = (analysis or AnalysisOptions()) if analyse else None
    run.full_text = full_text
    try:
        return run.run(feed_ids, force, analyse, processes)
    except BaseException:  # KeyboardInterrupt, SystemExit: end the workers, wait for nothing
        run.stop()
        raise
    finally:
        run.close()


class _Refresh:
    def __init__(
        self,
        store: Any,
        fetcher: Fetcher | None,
        progress: ProgressCallback | None,
        cancelled: Callable[[], bool] | None,
        workers: int,
        per_host: int,
    ) -> None:
        self.store = store
        self.own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(max_connections=max(1, workers))
        self.progress = progress
        self.refused: str | None = None  # set when the archive refuses writes: nothing more can be stored
        self._asked = cancelled
        self.workers = max(1, workers)
        self.per_host = max(1, per_host)
        self.results: list[FeedResult] = []
        self.total = 0
        self.new = 0
        self.processes = 0  # parse processes planned; the pool starts when the first body arrives
        self.pool: ProcessPoolExecutor | None = None
        self.to_store: list[tuple[Feed, FetchResult, ParsedFeed, Analyses | None]] = []  # waiting for the writer
        self.options: AnalysisOptions | None = None  # None: store without analysis
        self.analysed = 0  # articles stored with their analysis
        self.full_text: str | None = None  # the default full-text mode; None: no article pages
        self.pages = PagesSummary()

    def cancelled(self) -> bool:
        """The caller asked to stop, or the archive refuses writes (nothing more can be stored)."""
        return self.refused is not None or (self._asked is not None and self._asked())

    def close(self) -> None:
        if self.cancelled():
            self.stop()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.own_fetcher:
            self.fetcher.close()

    def stop(self) -> None:
        """Stop now: fetches in flight are aborted, parse processes ended (their work is lost,
        nothing of it was written), so a cancelled or interrupted refresh returns in moments."""
        abort = getattr(self.fetcher, "abort", None)
        if callable(abort):
            abort()
        pool, self.pool, self.processes = self.pool, None, 0
        if pool is not None:
            procs.end_pool(pool)

    # --- the run ------------------------------------------------------------------------------

    def run(self, feed_ids: Iterable[int] | None, force: bool, analyse: bool, processes: int | None) -> RefreshResult:
        now = _now()
        feeds = self._feeds(feed_ids)
        self.total = len(feeds)
        due = [feed for feed in feeds if force or is_due(feed, now)]
        for feed in feeds:
            if not (force or is_due(feed, now)):
                self._done(FeedResult(feed.id, feed.url, "skipped"))
        if processes is None:
            processes = min(2, os.cpu_count() or 1) if len(due) >= PROCESS_POOL_MIN_FEEDS else 0
        self.processes = max(0, processes)
        if self.processes and due and procs.fork_is_safe():
            # Fork the parse processes now, while this is the only thread (before any fetch thread
            # starts): a fork costs milliseconds and the children start with everything imported,
            # where a forkserver first boots a fresh interpreter (~0.2-0.3 s before the first parse).
            gc.freeze()  # the children's collector then skips (and so never copies) the inherited heap
            try:
                self._pool().submit(procs.ready)
            except (BrokenProcessPool, RuntimeError, OSError):
                self._drop_pool()
            finally:
                gc.unfreeze()
        self._fetch_all(due)
        if self.full_text is not None and not self.cancelled():
            self._fetch_pages()
        errors: tuple[str, ...] = ()
        if self.options is not None and not self.cancelled():
            errors = self._analyse_backlog()
        return RefreshResult(tuple(self.results), self.analysed, errors, self.refused, self.pages)

    def _feeds(self, feed_ids: Iterable[int] | None) -> list[Feed]:
        if feed_ids is None:
            return list(self.store.list_feeds())
        feeds = []
        for feed_id in dict.fromkeys(feed_ids):
            feed = self.store.get_feed(feed_id)
            if feed is not None:
                feeds.append(feed)
        return feeds

    def _fetch_all(self, feeds: Sequence[Feed]) -> None:
        if not feeds:
            return
        limits: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(self.per_host))
        for feed in feeds:
            limits[_host(feed.url)]  # create them all up front: no race in the threads
        parse_in_thread = self.processes == 0
        pending: dict[Future[Any], tuple[str, Feed, FetchResult | None]] = {}  # stage, feed, fetched
        threads = ThreadPoolExecutor(max_workers=min(self.workers, len(feeds)), thread_name_prefix="fetch")
        try:
            for feed in _interleave_hosts(feeds):
                future = threads.submit(self._fetch_one, feed, limits[_host(feed.url)], parse_in_thread)
                pending[future] = ("fetch", feed, None)
            while pending:
                if self.cancelled():
                    self.stop()  # the fetches in flight end now, not at their timeout
                    self._write_parsed()
                    self._cancel(pending)
                    return
                finished, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._finished(future, pending)
                self._write_parsed()
        finally:
            # On cancel, fetches in flight finish on their own (bounded by the timeout) unobserved.
            threads.shutdown(wait=not self.cancelled(), cancel_futures=True)

    def _finished(self, future: Future[Any], pending: dict[Future[Any], tuple[str, Feed, FetchResult | None]]) -> None:
        stage, feed, fetched = pending.pop(future)
        if stage == "parse":
            assert fetched is not None
            self._settle(feed, fetched, *_split(self._parse_result(future, fetched, feed)))
            return
        fetched, parsed, known = future.result()  # _fetch_one never raises
        if fetched.error is _CANCELLED:  # never asked: no failure, no back-off
            self._done(FeedResult(feed.id, feed.url, "skipped"))
            return
        if parsed is None and fetched.ok:
            submitted = self._submit_parse(fetched, known) if self.processes else None
            if submitted is not None:
                pending[submitted] = ("parse", feed, fetched)
                return
            parsed = self._parse_safely(fetched, known)
        self._settle(feed, fetched, *_split(parsed))

    def _fetch_one(
        self, feed: Feed, limit: threading.Semaphore, parse_here: bool
    ) -> tuple[FetchResult, ParsedFeed | tuple[ParsedFeed, Analyses | None] | str | None, dict[str, str] | None]:
        try:
            with limit:
                if self.cancelled():
                    return FetchResult(feed.url, error=_CANCELLED), None, None
                fetched = self.fetcher.fetch(feed)
            known = self._known(feed) if fetched.ok and self.options is not None else None
            parsed = self._parse_safely(fetched, known) if parse_here and fetched.ok else None
            return fetched, parsed, known
        except Exception as exc:  # a bug, not a network failure: report it on this feed
            log.exception("fetching %s failed", feed.url)
            return (
                FetchResult(feed.url, error=f"internal error while fetching: {type(exc).__name__}: {exc}"),
                None,
                None,
            )

    def _known(self, feed: Feed) -> dict[str, str] | None:
        """The feed's articles already stored with their analysis (guid -> content hash): read in
        the fetch thread, so the parse process analyses only what will be written."""
        try:
            return dict(self.store.known_hashes(feed.id))
        except Exception:  # no harm: everything gets analysed, the store keeps what is new
            log.debug("reading the known articles of %s failed", feed.url, exc_info=True)
            return None

    def _parse_safely(
        self, fetched: FetchResult, known: dict[str, str] | None
    ) -> tuple[ParsedFeed, Analyses | None] | str:
        """parse_and_analyse on this thread, with every failure turned into the feed's readable error."""
        assert fetched.body is not None
        try:
            return parse_and_analyse(
                fetched.body, fetched.headers, fetched.final_url or fetched.url, known, self.options
            )
        except NotAFeed as exc:
            return str(exc)
        except Exception as exc:
            log.exception("parsing %s failed", fetched.url)
            return f"cannot parse the feed: {type(exc).__name__}: {exc}"

    def _submit_parse(self, fetched: FetchResult, known: dict[str, str] | None) -> Future[Any] | None:
        assert fetched.body is not None
        try:
            return self._pool().submit(
                parse_and_analyse, fetched.body, fetched.headers, fetched.final_url or fetched.url, known, self.options
            )
        except (BrokenProcessPool, RuntimeError, OSError):
            log.warning("parse processes unavailable; parsing on this thread")
            self._drop_pool()
            return None

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = procs.start_pool(self.processes)
        return self.pool

    def _drop_pool(self) -> None:
        """After a worker died: carry on without processes."""
        self.processes = 0
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def _parse_result(
        self, future: Future[Any], fetched: FetchResult, feed: Feed
    ) -> tuple[ParsedFeed, Analyses | None] | str:
        try:
            outcome: tuple[ParsedFeed, Analyses | None] | str = future.result()
            return outcome
        except NotAFeed as exc:
            return str(exc)
        except BrokenProcessPool:
            log.warning("a parse process died; parsing the rest on this thread")
            self._drop_pool()
            return self._parse_safely(fetched, self._known(feed) if self.options is not None else None)
        except Exception as exc:
            log.exception("parsing %s failed", fetched.url)
            return f"cannot parse the feed: {type(exc).__name__}: {exc}"

    def _cancel(self, pending: dict[Future[Any], tuple[str, Feed, FetchResult | None]]) -> None:
        for future, (_stage, feed, _fetched) in pending.items():
            future.cancel()
            self._done(FeedResult(feed.id, feed.url, "skipped", error=None))
        pending.clear()

    # --- writing outcomes (calling thread only) -----------------------------------------------

    def _settle(
        self,
        feed: Feed,
        fetched: FetchResult,
        parsed: ParsedFeed | str | None,
        analyses: Analyses | None = None,
        batch: bool = True,
    ) -> None:
        """Record one feed's outcome; a parsed feed waits in ``to_store`` for ``_write_parsed``."""
        now = _now()
        try:
            if fetched.not_modified:
                result = self._not_modified(feed, fetched, now)
            elif fetched.ok and isinstance(parsed, ParsedFeed) and batch:
                self.to_store.append((feed, fetched, parsed, analyses))
                return
            elif fetched.ok and isinstance(parsed, ParsedFeed):
                result = self._store(feed, fetched, parsed, analyses, now)
            else:
                error = parsed if isinstance(parsed, str) else fetched.error or f"HTTP {fetched.status}"
                result = self._failed(feed, fetched, error, now)
        except Exception as exc:  # the archive refused this feed's write: report, go on
            problem = archive_problem(exc, self.store)
            if problem is not None:  # no later write can succeed either: stop here
                self._refuse(problem)
                result = FeedResult(feed.id, feed.url, "failed", error=NOT_STORED)
            else:
                log.warning("storing %s failed", feed.url, exc_info=log.isEnabledFor(logging.DEBUG))
                result = FeedResult(feed.id, feed.url, "failed", error=f"cannot store: {_one_line(exc)}")
        self._done(result)

    def _refuse(self, problem: str) -> None:
        """The archive takes no more writes: record why once, stop fetching."""
        if self.refused is None:
            log.debug("the archive refused a write: %s", problem)
            self.refused = problem

    def _not_modified(self, feed: Feed, fetched: FetchResult, now: datetime) -> FeedResult:
        status: dict[str, Any] = {
            "last_fetched": now,
            "last_status": 304,
            "failures": 0,
            "next_due": None,
            "gone": False,
        }
        if feed.failures:  # the last fetch failed; a problem noted on a good parse still stands
            status["last_error"] = None
        if fetched.etag:
            status["etag"] = fetched.etag
        if fetched.last_modified:
            status["last_modified"] = fetched.last_modified
        self._record_with_move(feed, fetched, status)
        return FeedResult(feed.id, feed.url, "not_modified")

    def _write_parsed(self) -> None:
        """Write the feeds parsed so far, several per transaction; if a batch fails, feed by feed."""
        waiting, self.to_store = self.to_store, []
        while waiting:
            if self.refused is not None:  # fetched and parsed, but there is nowhere to put them
                for feed, _fetched, _parsed, _analyses in waiting:
                    self._done(FeedResult(feed.id, feed.url, "failed", error=NOT_STORED))
                return
            batch: list[Any] = []
            size = 0
            while waiting and (not batch or size + len(waiting[0][2].entries) <= STORE_BATCH_ARTICLES):
                batch.append(waiting.pop(0))
                size += len(batch[-1][2].entries)
            if len(batch) > 1 and self._store_batch(batch):
                continue
            for feed, fetched, parsed, analyses in batch:
                self._settle(feed, fetched, parsed, analyses, batch=False)

    def _store_batch(self, batch: list[tuple[Feed, FetchResult, ParsedFeed, Analyses | None]]) -> bool:
        """One transaction for the whole batch; False (nothing written) when the store refused it."""
        now = _now()
        writes = []
        for feed, fetched, parsed, analyses in batch:
            if _moved(feed, fetched):
                return False  # a move may clash with another subscription: the single path handles it
            writes.append((feed.id, parsed.entries, self._store_status(fetched, parsed, now), analyses))
        try:
            counts = self.store.store_many(writes, now)
            self.analysed += int(getattr(self.store, "last_analysed", 0) or 0)
        except Exception as exc:
            problem = archive_problem(exc, self.store)
            if problem is None:
                log.debug("a batch write failed; writing its feeds one by one", exc_info=True)
                return False
            self._refuse(problem)
            for feed, _fetched, _parsed, _analyses in batch:
                self._done(FeedResult(feed.id, feed.url, "failed", error=NOT_STORED))
            return True
        for (feed, _fetched, parsed, _analyses), (new, updated) in zip(batch, counts):
            self.new += new
            self._done(FeedResult(feed.id, feed.url, "ok", new, updated, error=parsed.problem))
        return True

    def _store_status(self, fetched: FetchResult, parsed: ParsedFeed, now: datetime) -> dict[str, Any]:
        status: dict[str, Any] = {
            "etag": fetched.etag,
            "last_modified": fetched.last_modified,
            "last_fetched": now,
            "last_status": fetched.status,
            "last_error": parsed.problem,
            "failures": 0,
            "next_due": None,
            "gone": False,
        }
        if parsed.title:
            status["title"] = parsed.title
        if parsed.link:
            status["link"] = parsed.link
        return status

    def _store(
        self, feed: Feed, fetched: FetchResult, parsed: ParsedFeed, analyses: Analyses | None, now: datetime
    ) -> FeedResult:
        status = self._store_status(fetched, parsed, now)
        moved = _moved(feed, fetched)
        if moved:
            status["url"] = moved
        extra = {"analyses": analyses} if analyses is not None else {}
        try:
            new, updated = self.store.store_entries(feed.id, parsed.entries, now, status, **extra)
        except Exception as exc:
            if not moved or type(exc).__name__ != "FeedExists":
                raise
            del status["url"]  # another subscription already has the new URL: keep ours
            status["last_error"] = f"moved to {moved}, which is already subscribed"
            new, updated = self.store.store_entries(feed.id, parsed.entries, now, status, **extra)
        if analyses is not None:
            self.analysed += int(getattr(self.store, "last_analysed", 0) or 0)
        self.new += new
        return FeedResult(feed.id, moved or feed.url, "ok", new, updated, error=status["last_error"])

    def _failed(self, feed: Feed, fetched: FetchResult, error: str, now: datetime) -> FeedResult:
        failures = feed.failures + 1
        wait_for = backoff_delay(failures)
        if fetched.status in (429, 503) and fetched.retry_after is not None:
            wait_for = timedelta(seconds=fetched.retry_after)
        status: dict[str, Any] = {
            "last_fetched": now,
            "last_status": fetched.status,
            "last_error": error,
            "failures": failures,
            "next_due": now + wait_for,
        }
        if fetched.gone:
            status["gone"] = True
        self.store.record_fetch(feed.id, **status)
        return FeedResult(feed.id, feed.url, "failed", error=error)

    def _record_with_move(self, feed: Feed, fetched: FetchResult, status: dict[str, Any]) -> None:
        moved = _moved(feed, fetched)
        if moved:
            try:
                self.store.record_fetch(feed.id, **status, url=moved)
                return
            except Exception as exc:
                if type(exc).__name__ != "FeedExists":
                    raise
        self.store.record_fetch(feed.id, **status)

    def _done(self, result: FeedResult) -> None:
        self.results.append(result)
        if self.progress is not None:
            try:
                self.progress(RefreshProgress(len(self.results), self.total, self.new, result))
            except Exception:  # a broken progress display must not stop the refresh
                log.exception("progress callback failed")

    def _fetch_pages(self) -> None:
        """Article pages of the new teaser stories (issue 11), stored and analysed as they land."""
        from briefing.core.fulltext.pipeline import fill_full_texts

        def report(pages: PagesSummary) -> None:
            self.pages = pages
            if self.progress is not None:
                try:
                    self.progress(RefreshProgress(len(self.results), self.total, self.new, None, pages))
                except Exception:
                    log.exception("progress callback failed")

        from briefing.core.fulltext.teaser import parse_mode

        mode = parse_mode(self.full_text or "auto")
        self.pages = fill_full_texts(
            self.store,
            default_mode=mode,
            options=self.options,
            pool=self.pool,
            progress=report,
            cancelled=self.cancelled,
        )
        self.analysed += self.pages.analysed
        if self.pages.refused:
            self._refuse(self.pages.refused)

    # --- analysis -----------------------------------------------------------------------------

    def _analyse_backlog(self) -> tuple[str, ...]:
        """Articles still without analysis (failed in a worker, stored earlier without): the one
        backlog path, in the parse processes when there are any. Never fatal."""
        pool = self.pool
        try:
            if pool is None and self.processes and self.store.count_unanalysed() >= POOL_MIN:
                pool = self._pool()
            result = analyse_pending(self.store, self.options, pool=pool, cancelled=self.cancelled)
        except (BrokenProcessPool, RuntimeError, OSError):
            self._drop_pool()
            result = analyse_pending(self.store, self.options, cancelled=self.cancelled)
        except Exception as exc:
            problem = archive_problem(exc, self.store)
            if problem is None:
                raise
            self._refuse(problem)
            return ()
        if result.refused:
            self._refuse(result.refused)
        self.analysed += result.analysed
        return result.errors


# --- helpers (module level so worker processes can run them) -------------------------------------


def parse_and_analyse(
    data: bytes, headers: Any, url: str, known: dict[str, str] | None, options: AnalysisOptions | None
) -> tuple[ParsedFeed, Analyses | None]:
    """``parse_feed``, then (``options`` given) the analysis of every entry the archive does not
    already hold unchanged with its analysis (``known``: guid -> content hash). Runs in the parse
    processes; raises what ``parse_feed`` raises. A failed analysis leaves its entry None (stored
    pending; the backlog retries it and reports the error with the article's id)."""
    parsed = parse_feed(data, headers, url)
    if options is None:
        return parsed, None
    from briefing.core.store import content_hash, entry_guid, storable

    known = known or {}
    seen: set[str] = set()
    analyses: list[Analysis | None] = []
    for entry in parsed.entries:
        guid = storable(entry_guid(entry)) or ""
        if guid in seen or known.get(guid) == content_hash(entry):
            analyses.append(None)  # the store keeps the first of a guid, and does not rewrite the unchanged
            continue
        seen.add(guid)
        outcome = analyse_safely(storable(entry.title) or "", storable(entry.body) or "", options)
        analyses.append(outcome if isinstance(outcome, Analysis) else None)
    return parsed, tuple(analyses)


def _split(
    parsed: ParsedFeed | tuple[ParsedFeed, Analyses | None] | str | None,
) -> tuple[ParsedFeed | str | None, Analyses | None]:
    """(parsed feed or error, its analyses) from what a parse returned."""
    if isinstance(parsed, tuple):
        return parsed[0], parsed[1]
    return parsed, None


def archive_problem(exc: BaseException, store: Any = None) -> str | None:
    """One line saying why the archive as a whole refuses writes (read-only, disk full, locked,
    an I/O error, damage); None when the failure is this write's own."""
    name = type(exc).__name__
    text = _one_line(exc, with_type=False)
    lowered = text.lower()
    path = getattr(store, "path", None)
    where = f"{path}: " if path is not None else ""
    if name == "ArchiveReadOnly":
        return text
    if "readonly" in lowered or "read-only" in lowered:
        return f"{where}the archive is read-only ({text.removeprefix(where)}); nothing more could be stored"
    if "disk is full" in lowered or "no space" in lowered:
        return f"{where}the disk is full: nothing more could be stored; free some space and fetch again"
    if "disk i/o" in lowered:
        return (
            f"{where}disk I/O error while writing (a failing disk, or the file was changed or removed "
            "under briefing); nothing more could be stored"
        )
    if name in ("DatabaseLocked", "DatabaseCorrupt"):
        return text
    return None


def _one_line(exc: BaseException, with_type: bool = True) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if with_type and not type(exc).__module__.startswith("briefing.core.store"):
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text or type(exc).__name__


def _moved(feed: Feed, fetched: FetchResult) -> str | None:
    moved = fetched.permanent_url
    return moved if moved and moved != feed.url else None


def _host(url: str) -> str:
    if local_path(url) is not None:
        return "(local files)"
    try:
        return (urlsplit(url).hostname or url).lower()
    except ValueError:  # a malformed URL: its fetch fails on its own, it just needs a bucket
        return url.lower()


def _interleave_hosts(feeds: Sequence[Feed]) -> list[Feed]:
    """Round-robin over hosts, so per-host limits never leave fetch threads idle behind one host."""
    queues: dict[str, deque[Feed]] = defaultdict(deque)
    for feed in feeds:
        queues[_host(feed.url)].append(feed)
    order: list[Feed] = []
    while queues:
        for host in list(queues):
            order.append(queues[host].popleft())
            if not queues[host]:
                del queues[host]
    return order


def _now() -> datetime:
    return utc_now()
