"""Ending a long command cleanly on SIGINT, SIGTERM and SIGHUP.

    with stop_on_signals() as stop:
        refresh(store, cancelled=stop)      # stop() is True once a signal came
    if stop.signal is not None:
        ...                                 # report, exit with 128 + stop.signal

The first signal only asks the work to stop (it finishes the write in progress, so whatever was
committed stays and nothing half-written is left); a second Ctrl-C raises KeyboardInterrupt.
Only the main thread can install handlers; elsewhere nothing is installed and stop() stays False.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class StopRequest:
    """Callable: whether a stop was asked; ``signal`` is the first signal's number."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __call__(self) -> bool:
        return self.signal is not None

    @property
    def name(self) -> str:
        return signal.Signals(self.signal).name if self.signal is not None else ""

    @property
    def exit_status(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number."""
        return 128 + (self.signal or 0)


@contextlib.contextmanager
def stop_on_signals(signals: tuple[int, ...] = STOP_SIGNALS) -> Iterator[StopRequest]:
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return

    def asked(signum: int, _frame: FrameType | None) -> None:
        if request.signal is None:
            request.signal = signum
        elif signum == signal.SIGINT:  # Ctrl-C again: the user will not wait
            raise KeyboardInterrupt

    previous = {}
    for signum in signals:
        if signal.getsignal(signum) is signal.SIG_IGN:  # nohup, or a background job: keep ignoring it
            continue
        with contextlib.suppress(OSError, ValueError):
            previous[signum] = signal.signal(signum, asked)
    try:
        yield request
    finally:
        for signum, handler in previous.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(signum, handler)
