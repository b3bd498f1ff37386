"""Full text in the archive (issue 11): which stories get their page, fetching them, storing what
lands, and the analysis redone on it through the one backlog path.

Called by the refresh after it has stored the feeds (``refresh(full_text=...)``), by ``briefing
fulltext`` for stories already in the archive, and by the reader for the story on screen.

    summary = fill_full_texts(store, default_mode="auto", options=AnalysisOptions())

Stories are judged when undecided (``full_text_status IS NULL``: new, changed by their feed, or
left by an interrupted run): the feed's mode (its own, else ``default_mode``) and, in ``auto``, the
teaser rule (``teaser.needs_full_text``, with the feed's recent stories as context). A story that
needs no page is "skipped" with the reason. Pages are fetched in threads and extracted in worker
processes (``batch.fetch_full_texts``); results are written as they land, a batch per transaction
(every ``FLUSH_EVERY`` results or ``FLUSH_SECONDS``), so a kill loses at most the pages in the air:
those stories are still undecided and are fetched by the next run. Each stored batch is then
analysed by ``backlog.analyse_pending(ids=...)``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from typing import Any

from briefing.core.backlog import AnalysisOptions, analyse_pending
from briefing.core.fulltext.batch import PROCESS_THRESHOLD, FullText, PageJob, fetch_full_texts
from briefing.core.fulltext.pages import PageFetcher
from briefing.core.fulltext.records import (
    MODE_NEVER_REASON,
    NO_LINK_REASON,
    NOT_TEASER_REASON,
    Candidate,
    Outcome,
    StoredStatus,
)
from briefing.core.fulltext.teaser import FeedTextStats, Mode, feed_stats, needs_full_text
from briefing.core.models import PagesSummary

log = logging.getLogger(__name__)

PAGES_PER_RUN = 1000  # stories judged per run (the newest first); the rest wait for the next one
FLUSH_EVERY = 40  # results written per transaction (and analysed together: the backlog's pool size)
FLUSH_SECONDS = 1.0  # ... or after this long, whichever comes first
FEED_CONTEXT = 20  # a feed's newest stories that say whether it is a teaser feed

Progress = Callable[[PagesSummary], None]


def fill_full_texts(
    store: Any,
    *,
    default_mode: Mode = "auto",
    feed_id: int | None = None,
    ids: Sequence[int] | None = None,
    limit: int = PAGES_PER_RUN,
    statuses: Iterable[StoredStatus] = (),
    force: bool = False,
    options: AnalysisOptions | None = None,
    fetcher: PageFetcher | None = None,
    pool: Executor | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PagesSummary:
    """Judge, fetch, store and analyse; never raises for a page. Returns what came of it.

    ``statuses``: decided stories to judge again too ("failed", "teaser": ``--retry-failed``;
    "skipped": a feed filled in after the fact). ``ids``: only these stories, whatever their
    status (the reader's "fetch this one now"); ``force``: fetch their pages even when the rule or
    the feed's mode would not. ``options``: the analysis settings; None leaves the stories pending
    analysis. ``pool``: a process pool to extract and analyse in (else one is started for 12+ pages).
    """
    stop = cancelled or (lambda: False)
    try:
        candidates = store.full_text_candidates(
            feed_id=feed_id, limit=limit, statuses=statuses, ids=ids, undecided=ids is None
        )
    except Exception as exc:  # a locked or damaged archive: nothing to do now
        return PagesSummary(refused=_refusal(exc))
    jobs, skipped = _judge(store, candidates, default_mode, force)
    run = _Run(store, options, progress, stop, PagesSummary(wanted=len(jobs), skipped=len(skipped)))
    run.hashes = {c.article_id: c.content_hash for c in candidates}
    if skipped:
        run.write(skipped)
    if not jobs or run.refused():
        return run.summary
    own_pool = None
    if pool is None and len(jobs) >= PROCESS_THRESHOLD:
        from briefing.core import procs

        own_pool = pool = procs.start_pool(min(2, os.cpu_count() or 1))
    run.pool = pool
    run.report()
    try:
        fetch_full_texts(
            jobs,
            fetcher=fetcher,
            processes=0 if pool is None else None,
            pool=pool,
            on_result=run.landed,
            cancelled=lambda: stop() or run.refused(),
        )
        run.flush()
    finally:
        if own_pool is not None:
            if stop():
                from briefing.core import procs

                procs.end_pool(own_pool)
            else:
                own_pool.shutdown(wait=True, cancel_futures=True)
    return run.summary


def _judge(
    store: Any, candidates: Sequence[Candidate], default_mode: Mode, force: bool
) -> tuple[list[PageJob], list[Outcome]]:
    """The jobs (pages to fetch) and the stories that need none, with the reason."""
    jobs: list[PageJob] = []
    skipped: list[Outcome] = []
    stats: dict[int, FeedTextStats] = {}
    for c in candidates:
        mode: Mode = "always" if force else _mode(c.mode, default_mode)
        if not c.link or not c.link.lower().startswith(("http://", "https://")):
            skipped.append(Outcome(c.article_id, "skipped", error=NO_LINK_REASON, content_hash=c.content_hash))
            continue
        if mode == "never":
            skipped.append(Outcome(c.article_id, "skipped", error=MODE_NEVER_REASON, content_hash=c.content_hash))
            continue
        if mode == "auto" and c.feed_id not in stats:
            stats[c.feed_id] = feed_stats(store.feed_texts(c.feed_id, FEED_CONTEXT))
        if needs_full_text(mode, c.title, c.text, feed=stats.get(c.feed_id)):
            jobs.append(PageJob(c.article_id, c.link, c.title, c.text, c.feed_url))
        else:
            skipped.append(Outcome(c.article_id, "skipped", error=NOT_TEASER_REASON, content_hash=c.content_hash))
    return jobs, skipped


def _mode(own: str | None, default: Mode) -> Mode:
    if own in ("auto", "always", "never"):
        return own  # type: ignore[return-value]
    return default


class _Run:
    """Results waiting to be written, the summary so far, and the writes."""

    def __init__(
        self,
        store: Any,
        options: AnalysisOptions | None,
        progress: Progress | None,
        stop: Callable[[], bool],
        summary: PagesSummary,
    ) -> None:
        self.store = store
        self.options = options
        self.progress = progress
        self.stop = stop
        self.summary = summary
        self.pool: Executor | None = None
        self.waiting: list[Outcome] = []
        # The content hash each story was judged on: a story its feed changed meanwhile is left alone.
        self.hashes: dict[int, str] = {}
        self.last_flush = time.monotonic()

    def refused(self) -> bool:
        return self.summary.refused is not None

    def landed(self, result: FullText) -> None:
        """One page done (on the calling thread of ``fetch_full_texts``)."""
        status: StoredStatus = result.status
        outcome = Outcome(result.key, status, result.text, result.error, self.hashes.get(result.key))
        self.waiting.append(outcome)
        s = self.summary
        self.summary = replace(
            s,
            fetched=s.fetched + (status == "fetched"),
            teaser=s.teaser + (status == "teaser"),
            failed=s.failed + (status not in ("fetched", "teaser")),
        )
        if len(self.waiting) >= FLUSH_EVERY or time.monotonic() - self.last_flush >= FLUSH_SECONDS:
            self.flush()
        self.report()

    def flush(self) -> None:
        """Write what has landed, then analyse the stories that got their full text."""
        waiting, self.waiting = self.waiting, []
        self.last_flush = time.monotonic()
        if not waiting or self.refused():
            return
        replaced = self.write(waiting)
        if replaced and self.options is not None and not self.stop():
            result = analyse_pending(self.store, self.options, ids=replaced, pool=self.pool, cancelled=self.stop)
            self.summary = replace(self.summary, analysed=self.summary.analysed + result.analysed)
            if result.refused:
                self.summary = replace(self.summary, refused=result.refused)
        self.report()

    def write(self, outcomes: list[Outcome]) -> list[int]:
        from briefing.core.retry import retry_locked
        from briefing.core.store import DatabaseLocked

        try:
            replaced: list[int] = retry_locked(lambda: self.store.save_full_texts(outcomes))
        except DatabaseLocked:
            # Another writer kept the archive: these stories stay undecided and are done next time.
            log.warning("full text of %d stories not stored now: the archive was locked", len(outcomes))
            return []
        except Exception as exc:
            problem = _refusal(exc)
            if problem is None:
                raise
            self.summary = replace(self.summary, refused=problem)
            return []
        return replaced

    def report(self) -> None:
        if self.progress is None:
            return
        try:
            self.progress(self.summary)
        except Exception:  # a broken progress display must not stop the pages
            log.exception("pages progress callback failed")


def _refusal(exc: BaseException) -> str | None:
    from briefing.core.store import StoreError

    if isinstance(exc, StoreError):
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None
