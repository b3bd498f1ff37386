"""A raw socket server on 127.0.0.1 that answers every request by trickling its status line and
headers one byte at a time: each byte comes well within any read timeout, so only a total
deadline can end the exchange. Bounded: it gives up on a connection after ``give_up`` seconds
and stops everything on ``stop()``.

    with TrickleServer(interval=0.2) as server:
        fetcher.fetch(server.url("/feed.xml"))
"""

from __future__ import annotations

import socket
import threading
import time

HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\n"
    b"X-Padding: " + b"slow-" * 200 + b"\r\nContent-Length: 0\r\n\r\n"
)


class TrickleServer:
    def __init__(self, interval: float = 0.2, give_up: float = 30.0) -> None:
        self.interval = interval
        self.give_up = give_up
        self.connections = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def url(self, path: str = "/feed.xml") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> TrickleServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def __enter__(self) -> TrickleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        ends = time.monotonic() + self.give_up
        with conn:
            conn.settimeout(1.0)
            request = b""
            try:
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                for byte in HEAD:
                    if self._stop.wait(self.interval) or time.monotonic() > ends:
                        return
                    conn.sendall(bytes([byte]))
            except OSError:  # the client gave up: that is the point
                return
