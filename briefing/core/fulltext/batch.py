"""Fetch and extract many article pages at once: the part of issue 11 the refresh pipeline calls.

Pages are fetched in threads (``PageFetcher``: per-host limits hold across all feeds) and
extracted in worker processes (trafilatura is CPU-bound: in threads it would hold the GIL and
stall the UI), then handed back one by one through ``on_result`` as they finish, so the caller
can store each story's full text as soon as it lands. Nothing here touches the archive.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from briefing.core.fulltext.extract import Extracted, extract_article
from briefing.core.fulltext.pages import AddressClass, PageFetcher, PageResult, feed_network

Status = Literal["fetched", "teaser", "failed"]
# Below this many pages extraction runs in the fetch threads: starting processes costs more.
PROCESS_THRESHOLD = 12


@dataclass(frozen=True, slots=True)
class PageJob:
    """One story whose article page is wanted; ``key`` is the caller's (e.g. the article id)."""

    key: int
    url: str
    title: str = ""
    teaser: str = ""
    feed_url: str | None = None


@dataclass(frozen=True, slots=True)
class FullText:
    """What came of one job. ``text`` is the article when ``status`` is "fetched"; otherwise the
    story keeps its teaser and ``error`` says why ("teaser": the page was no article; "failed":
    fetching or extracting failed, ``permanent`` telling whether a later retry may help)."""

    key: int
    status: Status
    text: str = ""
    error: str | None = None
    permanent: bool = False
    final_url: str | None = None
    fetched: datetime | None = None


def fetch_full_texts(
    jobs: Iterable[PageJob],
    *,
    fetcher: PageFetcher | None = None,
    processes: int | None = None,
    workers: int = 16,
    on_result: Callable[[FullText], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    pool: Executor | None = None,
) -> list[FullText]:
    """Fetch and extract every job's page; results in completion order (also given to ``on_result``).

    ``processes``: extraction processes (None: 2 from ``PROCESS_THRESHOLD`` jobs, else extract in
    the fetch threads; 0: never). ``cancelled``: checked between pages; jobs not started are dropped.
    ``pool``: the caller's process pool to extract in (not shut down here; ``processes`` is then unused).
    """
    jobs = list(jobs)
    if not jobs:
        return []
    if processes is None:
        processes = min(2, os.cpu_count() or 1) if len(jobs) >= PROCESS_THRESHOLD else 0
    own_fetcher = fetcher is None
    fetcher = fetcher or PageFetcher(workers=workers)
    networks: dict[str | None, AddressClass] = {}
    for job in jobs:
        if job.feed_url not in networks:
            networks[job.feed_url] = feed_network(job.feed_url, fetcher.resolver)
    own_pool = pool is None
    context = _context()
    if pool is None and processes:
        pool = ProcessPoolExecutor(processes, mp_context=context)
    if own_pool and pool is not None and context.get_start_method() == "fork":
        # With fork, every worker is forked at the first submit: do it now, before the fetch
        # threads exist (forking a process that runs threads is unsafe).
        pool.submit(int).result()
    results: list[FullText] = []
    lock = threading.Lock()

    def deliver(result: FullText) -> None:
        with lock:
            results.append(result)
        if on_result is not None:
            on_result(result)

    def fetch_one(job: PageJob) -> tuple[PageJob, PageResult] | None:
        if cancelled is not None and cancelled():
            return None
        return job, fetcher.fetch(job.url, network=networks[job.feed_url])

    try:
        with ThreadPoolExecutor(max_workers=min(workers, len(jobs)), thread_name_prefix="fulltext") as threads:
            pending: set[Future[tuple[PageJob, PageResult] | None]] = {threads.submit(fetch_one, job) for job in jobs}
            extracting: dict[Future[Extracted], tuple[PageJob, PageResult]] = {}
            while pending or extracting:
                running: list[Future[Any]] = [*pending, *extracting]
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    if future in extracting:
                        job, page = extracting.pop(future)
                        try:
                            deliver(_outcome(job, page, future.result()))
                        except (BrokenProcessPool, OSError, RuntimeError):
                            pool = None  # a worker died: extract the rest here
                            deliver(_outcome(job, page, _extract(page.html, page.final_url, job.title, job.teaser)))
                        continue
                    pending.discard(future)
                    fetched = future.result()
                    if fetched is None:
                        continue
                    job, page = fetched
                    if not page.ok:
                        deliver(
                            FullText(
                                job.key, "failed", error=page.error, permanent=page.permanent, final_url=page.final_url
                            )
                        )
                    elif pool is not None:
                        try:
                            extracting[pool.submit(_extract, page.html, page.final_url, job.title, job.teaser)] = (
                                job,
                                page,
                            )
                        except (BrokenProcessPool, RuntimeError):
                            pool = None
                            deliver(_outcome(job, page, _extract(page.html, page.final_url, job.title, job.teaser)))
                    else:
                        deliver(_outcome(job, page, _extract(page.html, page.final_url, job.title, job.teaser)))
    finally:
        if own_pool and pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if own_fetcher:
            fetcher.close()
    return results


def _extract(html: str, url: str | None, title: str, teaser: str) -> Extracted:
    return extract_article(html, url, title=title, teaser=teaser)


def _outcome(job: PageJob, page: PageResult, extracted: Extracted) -> FullText:
    now = datetime.now(UTC).replace(microsecond=0)
    if extracted.status == "fetched":
        return FullText(job.key, "fetched", extracted.text, final_url=page.final_url, fetched=now)
    # A wall or a page without an article: permanent for this page as it is now.
    return FullText(
        job.key, extracted.status, "", extracted.reason, permanent=True, final_url=page.final_url, fetched=now
    )


def _context() -> multiprocessing.context.BaseContext:
    """fork when no other thread runs (Linux); else forkserver (forking a threaded process is
    unsafe), else spawn. Workers preload the extractor once."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["briefing.core.fulltext.extract", "trafilatura"])
        return context
    return multiprocessing.get_context("spawn")
