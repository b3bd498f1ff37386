"""Analysis of stored articles: the one backlog path every caller uses.

A refresh analyses new articles in its parse processes before they are stored (``refresh.py``);
whatever is left without an analysis (stored with ``--no-analysis``, a failed analysis, an
archive older than the analysis) is worked off here: by the refresh itself, by ``analyze
--pending``, by ``show`` and the digest, and by the reader for the one story it opens. Every one
of them honours the user's ``[summary] words/method`` through ``AnalysisOptions``.

No Textual, no briefing.config (the options are duck-typed from ``Settings.summary``), and the
analysis modules are imported on first use only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any

from briefing.core.models import Analysis

log = logging.getLogger(__name__)

BATCH = 200  # articles read, analysed and saved per transaction
POOL_MIN = 40  # a batch smaller than this is analysed on the calling thread, even with a pool


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """How stories are analysed: the ``[summary]`` settings (words, method)."""

    summary_words: int = 75
    method: str = "news"

    @classmethod
    def from_settings(cls, summary: Any) -> AnalysisOptions:
        """From anything with ``words`` and ``method`` (``briefing.config.SummarySettings``)."""
        return cls(summary_words=int(getattr(summary, "words", 75)), method=str(getattr(summary, "method", "news")))


@dataclass(frozen=True, slots=True)
class BacklogResult:
    analysed: int = 0
    errors: tuple[str, ...] = ()  # "article 12: ValueError: ..." per failed analysis
    analyses: dict[int, Analysis] = field(default_factory=dict)  # only when asked for ``ids``
    refused: str | None = None  # the archive took no analysis (read-only, full, locked): why


def analyse_article(title: str | None, body: str, options: AnalysisOptions | None = None) -> Analysis:
    """The analysis of one stored article (its body is already text), with ``options``."""
    from briefing.core.analysis import analyse

    options = options or AnalysisOptions()
    return analyse(body or "", title=title, summary_words=options.summary_words, method=options.method)


def analyse_safely(title: str | None, body: str, options: AnalysisOptions | None = None) -> Analysis | str:
    """``analyse_article``, a failure turned into its one-line description (module level: runs in
    worker processes)."""
    try:
        return analyse_article(title, body, options)
    except Exception as exc:  # noqa: BLE001 - one bad article must never stop the others
        return f"{type(exc).__name__}: {exc}"


def analyse_pending(
    store: Any,
    options: AnalysisOptions | None = None,
    *,
    ids: Iterable[int] | None = None,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    pool: Executor | None = None,
) -> BacklogResult:
    """Analyse stored articles without an analysis and save them, a batch per transaction.

    ``ids``: only these (the story being read); their analyses are also returned, so a
    read-only archive still shows them. ``limit``: at most this many. ``pool``: a process pool
    to analyse big batches in. ``progress(done)`` after each batch. One failure is an error line,
    never fatal; an archive that refuses writes stops the run (``refused``)."""
    options = options or AnalysisOptions()
    stop = cancelled or (lambda: False)
    wanted = None if ids is None else list(dict.fromkeys(ids))
    keep: dict[int, Analysis] = {}
    done = 0
    errors: list[str] = []
    tried: set[int] = set()
    left = limit
    while not stop() and (left is None or left > 0):
        size = BATCH if left is None else min(BATCH, left)
        batch = [row for row in store.articles_to_analyse(size + len(tried), ids=wanted) if row[0] not in tried][:size]
        if not batch:
            break
        tried.update(row[0] for row in batch)
        results: list[tuple[int, Analysis]] = []
        for article_id, outcome in _analyse_batch(batch, options, pool, stop):
            if isinstance(outcome, str):
                errors.append(f"article {article_id}: {outcome}")
            else:
                results.append((article_id, outcome))
        if wanted is not None:
            keep.update(results)
        if results:
            try:
                done += store.save_analyses(results)
            except Exception as exc:
                refused = _refusal(exc)
                if refused is None:
                    raise
                return BacklogResult(done, tuple(errors), keep, refused)
        if left is not None:
            left -= len(batch)
        if progress is not None:
            progress(done)
    for error in errors:
        log.warning("analysis failed: %s", error)
    return BacklogResult(done, tuple(errors), keep)


def _analyse_batch(
    batch: Sequence[tuple[int, str, str]], options: AnalysisOptions, pool: Executor | None, stop: Callable[[], bool]
) -> Iterable[tuple[int, Analysis | str]]:
    if pool is not None and len(batch) >= POOL_MIN:
        try:
            futures: list[tuple[int, Future[Analysis | str]]] = [
                (article_id, pool.submit(analyse_safely, title, body, options)) for article_id, title, body in batch
            ]
        except (RuntimeError, OSError):  # the pool is broken or shut down: analyse here
            pass
        else:
            for article_id, future in futures:
                if stop():
                    for _id, rest in futures:
                        rest.cancel()
                    return
                try:
                    yield article_id, future.result()
                except Exception:  # the worker process died (or was ended): analyse it here instead
                    log.debug("an analysis process failed; analysing article %s here", article_id, exc_info=True)
                    yield article_id, analyse_safely(*_title_body(batch, article_id), options)
            return
    for article_id, title, body in batch:
        if stop():
            return
        yield article_id, analyse_safely(title, body, options)


def _title_body(batch: Sequence[tuple[int, str, str]], article_id: int) -> tuple[str, str]:
    for row_id, title, body in batch:
        if row_id == article_id:
            return title, body
    raise KeyError(article_id)


def _refusal(exc: BaseException) -> str | None:
    """The archive as a whole refuses writes: its one-line reason; None for any other failure."""
    from briefing.core.store import StoreError

    if isinstance(exc, StoreError) and type(exc).__name__ in (
        "ArchiveReadOnly",
        "DiskFull",
        "DatabaseLocked",
        "DatabaseCorrupt",
    ):
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None
