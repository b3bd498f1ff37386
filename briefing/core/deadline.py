"""A total time limit for one HTTP exchange: connect, request, status line, headers and body together.

httpx's timeouts apply to each socket operation: a server that sends its status line and headers
one byte at a time never lets a single read time out, and can hold a request for hours. Here every
socket operation of the exchange gets at most the time left until the deadline, so the whole
exchange ends when the deadline passes (the name lookup before connecting is the system's and is
not covered).

    client = limited_client(timeout=20, ...)          # an httpx.Client whose sockets obey deadlines
    with within(20):                                  # this thread's requests end within 20 s
        with client.stream("GET", url) as response:
            ...
    # raises httpx.TimeoutException (ConnectTimeout / ReadTimeout / WriteTimeout) when time is up

``deadline.stop()`` ends the exchange working under that deadline at once, from any thread (its
socket is shut down, so a blocked read returns): a refresh told to stop does not wait for slow servers.

Used by ``core.feeds.Fetcher``; any other fetching (article pages) should use the same pieces.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

import httpx  # httpcore is imported where needed: httpx itself loads it only when a client is made

log = logging.getLogger(__name__)

_local = threading.local()
_streams: weakref.WeakSet[_Stream] = weakref.WeakSet()  # every open stream of every limited client
_streams_lock = threading.Lock()


class Deadline:
    """A moment on the monotonic clock; ``left()`` is the time until then (never below zero).
    ``stop()`` ends it early: the exchange under it fails at once with "the fetch was stopped"."""

    __slots__ = ("seconds", "ends", "stopped")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.stopped = False

    def left(self) -> float:
        return 0.0 if self.stopped else max(0.0, self.ends - time.monotonic())

    @property
    def passed(self) -> bool:
        return self.stopped or time.monotonic() >= self.ends

    def stop(self) -> None:
        """End the exchange under this deadline now: later socket operations fail, and the
        sockets it is using are shut down (which wakes a read blocked in another thread)."""
        self.stopped = True
        with _streams_lock:
            using = [stream for stream in _streams if stream.user is self]
        for stream in using:
            stream.shutdown()


@contextlib.contextmanager
def within(seconds: float) -> Iterator[Deadline]:
    """Limit this thread's HTTP exchanges (on a ``limited_client``) to ``seconds`` in total.
    Nested limits keep the earlier deadline."""
    outer: Deadline | None = getattr(_local, "deadline", None)
    deadline = Deadline(seconds)
    if outer is not None and outer.ends < deadline.ends:
        deadline = outer
    _local.deadline = deadline
    try:
        yield deadline
    finally:
        _local.deadline = outer


def current() -> Deadline | None:
    """The deadline this thread is working under, if any."""
    return getattr(_local, "deadline", None)


def _clip(timeout: float | None, error: str) -> float | None:
    """The timeout for one socket operation: the configured one, or less when the deadline is near.
    ``error`` names the httpcore exception raised when no time is left (httpx maps it to its own)."""
    deadline = current()
    if deadline is None:
        return timeout
    if deadline.stopped:
        raise _stopped()
    left = deadline.left()
    if left <= 0:
        import httpcore

        raise getattr(httpcore, error)(f"timed out after {deadline.seconds:g} s")
    return left if timeout is None else min(timeout, left)


def _stopped() -> Exception:
    import httpcore

    return httpcore.ConnectError("the fetch was stopped")


class _Stream:
    """A network stream (httpcore's NetworkStream interface) whose reads and writes never outlast
    the deadline of the thread using it; ``user`` is that deadline, for ``Deadline.stop``."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.user: Deadline | None = current()
        with _streams_lock:
            _streams.add(self)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.user = current()
        data: bytes = self._inner.read(max_bytes, _clip(timeout, "ReadTimeout"))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.user = current()
        self._inner.write(buffer, _clip(timeout, "WriteTimeout"))

    def close(self) -> None:
        with _streams_lock:
            _streams.discard(self)
        self._inner.close()

    def shutdown(self) -> None:
        sock = self._inner.get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError, ValueError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> _Stream:
        self.user = current()
        wrapped = _Stream(self._inner.start_tls(ssl_context, server_hostname, _clip(timeout, "ConnectTimeout")))
        with _streams_lock:
            _streams.discard(self)  # the TLS stream owns the socket now
        return wrapped

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def _connected(stream: _Stream) -> _Stream:
    """A stream just opened, unless its deadline was stopped meanwhile (a connect cannot be woken)."""
    if stream.user is not None and stream.user.stopped:
        stream.close()
        raise _stopped()
    return stream


class _Backend:
    """httpcore's network backend (its NetworkBackend interface) with every connect, read and
    write held to the deadline of the thread asking."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _Stream:
        return _connected(
            _Stream(
                self._inner.connect_tcp(host, port, _clip(timeout, "ConnectTimeout"), local_address, socket_options)
            )
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> _Stream:
        return _connected(
            _Stream(self._inner.connect_unix_socket(path, _clip(timeout, "ConnectTimeout"), socket_options))
        )

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def limited_client(**options: Any) -> httpx.Client:
    """An ``httpx.Client`` (same options) whose connections obey ``within`` deadlines.

    httpx offers no public hook for its network backend: this wraps the backend of each of the
    client's connection pools (direct and proxied). The tests in tests/net/test_deadline.py hold
    it to its promise, so an httpx release that moves these parts fails there, loudly.
    """
    import httpcore

    client = httpx.Client(**options)
    wrapped = 0
    for pool in _pools(client):
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = _Backend(backend)
            wrapped += 1
    if not wrapped:
        log.warning("httpx changed: fetches are limited per socket operation only, not in total")
    return client


def _pools(client: httpx.Client) -> list[Any]:
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    return [pool for pool in (getattr(t, "_pool", None) for t in transports) if pool is not None]
