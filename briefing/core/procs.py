"""The refresh's parse processes: how they start, how they behave, how they end.

- They start by fork while the caller is the only thread (the CLI: milliseconds, everything
  already imported), else from a forkserver (the reader: forking a process that runs threads is
  unsafe) or by spawn. Inside Textual ``sys.stderr`` is a capture without a file descriptor, which
  multiprocessing's helper processes cannot start under: they are started under the null device.
- They print nothing (the reader's screen is the terminal), ignore Ctrl-C (the parent decides),
  and end when the process that started the refresh is gone, even after its kill -9.
- ``end_pool`` ends them at once when a refresh is cancelled or interrupted.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor


def start_pool(processes: int) -> ProcessPoolExecutor:
    """A pool of ``processes`` parse workers (they start on the first task)."""
    context = _process_context()
    _start_helpers(context)
    return ProcessPoolExecutor(
        max_workers=processes, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
    )


def end_pool(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now (SIGTERM, then SIGKILL after a second); their tasks are dropped.
    ``shutdown(cancel_futures=True)`` alone would wait for the tasks already running."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError, AttributeError):
            process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join(0.5)


def ready() -> bool:
    """A no-op task: submitting it makes the pool start its processes."""
    return True


def fork_is_safe() -> bool:
    """Forking copies one consistent process only while no other thread runs (the CLI, before its
    fetch threads start); on Linux only (elsewhere system libraries may not survive a fork)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _process_context() -> multiprocessing.context.BaseContext:
    """fork while that is safe (see ``fork_is_safe``); otherwise forkserver where there is one:
    forking a process that runs threads (the fetchers, the UI) is unsafe, and spawn re-imports
    everything per worker."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and fork_is_safe():
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["briefing.core.feeds", "briefing.core.refresh", "briefing.core.analysis"])
        return context
    return multiprocessing.get_context("spawn")


def _worker_start(parent_pid: int) -> None:
    """Set up a parse process: silent, deaf to Ctrl-C, and gone as soon as the refresh's process is.

    Worker processes share the terminal (maybe the TUI's screen): they must never print; their
    failures travel back to the parent as exceptions or error strings instead. Ctrl-C reaches the
    whole process group: the parent decides what happens and ends its workers itself. After a
    kill -9 of the parent nothing would ever end a worker blocked on its task queue (its siblings
    hold that pipe open), so each worker watches its parent (see ``_watch_parent``).
    """
    logging.getLogger().addHandler(logging.NullHandler())
    warnings.simplefilter("ignore")
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)  # even an interpreter's dying words must not reach the reader's screen
        os.dup2(null, 2)
        os.close(null)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(parent_pid)


def _watch_parent(parent_pid: int) -> None:
    """End this process when the parent that started it is gone.

    Linux: PR_SET_PDEATHSIG makes the kernel kill us when our parent (the refresh's process, or
    the forkserver that follows it) dies. Everywhere: a daemon thread checks twice a second that
    the refresh's process still exists, which also covers the moment before prctl took effect.
    """
    watched = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes  # here, not at the top: only worker processes pay for it

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG

    def orphaned() -> bool:
        return os.getppid() != watched or not _process_exists(parent_pid)

    if orphaned():
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if orphaned():
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists (owned by another user)
        return True
    return True


@contextlib.contextmanager
def _stderr_with_descriptor() -> Iterator[None]:
    """multiprocessing's helper processes (resource tracker, forkserver) are started with
    ``sys.stderr.fileno()`` among the descriptors they keep. Inside Textual ``sys.stderr`` is a
    capture whose ``fileno()`` is -1, which makes that start fail ("bad value(s) in fds_to_keep"):
    while they start, ``sys.stderr`` is the null device instead."""
    try:
        valid = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        valid = False
    if valid:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w", encoding="utf-8") as null:
        sys.stderr = null
        try:
            yield
        finally:
            sys.stderr = saved


def _start_helpers(context: multiprocessing.context.BaseContext) -> None:
    """Start the resource tracker (and forkserver) now, under a stderr that has a descriptor: once
    running they are reused, and the pool never looks at ``sys.stderr`` again."""
    method = context.get_start_method()
    if method == "fork":
        return
    from multiprocessing import resource_tracker

    with _stderr_with_descriptor():
        resource_tracker.ensure_running()
        if method == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
