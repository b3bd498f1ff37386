"""A scripted HTTP server on 127.0.0.1 for tests: each path answers what the test says.

    server = ScriptedServer().start()
    server.route("/feed.xml", body=rss_bytes, etag='"v1"')    # answers 304 to If-None-Match: "v1"
    server.redirect("/old.xml", "/feed.xml", status=301)
    server.route("/slow.xml", body=rss_bytes, delay=5)        # sleeps before answering
    server.route("/huge.xml", size=50_000_000)                # streams 50 MB of filler
    server.route("/busy.xml", status=429, headers={"Retry-After": "120"})
    url = server.url("/feed.xml")
    server.requests_for("/feed.xml")[-1].headers["if-none-match"]
    server.stop()

Use the ``http_server`` fixture from ``tests.support.fixtures`` to get one started and stopped for you.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What one path answers. ``body`` is sent as is (compressed if ``encoding`` is set)."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/rss+xml; charset=utf-8"
    etag: str | None = None  # sent, and answered with 304 when the client's If-None-Match matches
    last_modified: str | None = None  # same, for If-Modified-Since
    delay: float = 0.0  # seconds to wait before sending anything
    trickle: float | None = None  # seconds between chunks of the body
    chunk: int = 64 * 1024  # chunk size when trickling or streaming ``size``
    size: int | None = None  # stream this many filler bytes instead of ``body`` (no memory cost)
    encoding: str | None = None  # "gzip" or "deflate": compress body and send Content-Encoding
    send_length: bool = True  # send Content-Length (False: close-delimited body)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    time: float


class ScriptedServer:
    """A threaded HTTP server whose answers are set per path by the test."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._httpd = _Server((host, port), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> ScriptedServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- scripting ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, body: bytes | str = b"", **options: object) -> Route:
        """Set (or replace) what ``path`` answers; options are ``Route`` fields."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        route = Route(body=body, **options)  # type: ignore[arg-type]
        with self._lock:
            self.routes[path] = route
        return route

    def redirect(self, path: str, to: str, status: int = 301) -> Route:
        """Answer ``path`` with a redirect to ``to`` (a path on this server or a full URL)."""
        location = to if "://" in to else self.url(to)
        return self.route(path, status=status, headers={"Location": location}, content_type=None)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def hits(self, path: str) -> int:
        return len(self.requests_for(path))

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    # --- called by the handler --------------------------------------------------------------

    def record(self, request: RecordedRequest) -> Route | None:
        """Note one request (from the handler thread) and give the route that answers it."""
        with self._lock:
            self.requests.append(request)
            return self.routes.get(request.path)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default (5) drops connections when many clients arrive at once
    daemon_threads = True


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    if route.status != 200:
        return False
    tag = headers.get("if-none-match")
    if route.etag is not None and tag is not None:
        return route.etag in [t.strip() for t in tag.split(",")] or tag.strip() == "*"
    since = headers.get("if-modified-since")
    if route.last_modified is not None and since is not None:
        try:
            return parsedate_to_datetime(route.last_modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _make_handler(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except (ConnectionResetError, BrokenPipeError, TimeoutError):
                pass  # the client hung up (as timeout and size-limit tests make it do)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            headers = {k.lower(): v for k, v in self.headers.items()}
            route = server.record(RecordedRequest(self.command, path, headers, time.time()))
            try:
                self._answer(route, headers)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                self.close_connection = True

        def _answer(self, route: Route | None, headers: dict[str, str]) -> None:
            if route is None:
                self._send_simple(404, b"not found")
                return
            if route.delay:
                time.sleep(route.delay)
            if _not_modified(route, headers):
                self.send_response(304)
                self._validators(route)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = route.body
            if route.encoding == "gzip":
                body = gzip.compress(body)
            elif route.encoding == "deflate":
                body = zlib.compress(body)
            self.send_response(route.status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            if route.encoding:
                self.send_header("Content-Encoding", route.encoding)
            self._validators(route)
            for name, value in route.headers.items():
                self.send_header(name, value)
            length = route.size if route.size is not None else len(body)
            if route.send_length:
                self.send_header("Content-Length", str(length))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command == "HEAD":
                return
            if route.size is not None:
                self._stream_filler(route)
            elif route.trickle is not None:
                for start in range(0, len(body), route.chunk):
                    self.wfile.write(body[start : start + route.chunk])
                    self.wfile.flush()
                    time.sleep(route.trickle)
            else:
                self.wfile.write(body)

        def _stream_filler(self, route: Route) -> None:
            assert route.size is not None
            chunk = (b"<!-- filler -->\n" * (route.chunk // 16 + 1))[: route.chunk]
            left = route.size
            while left > 0:
                piece = chunk[: min(left, len(chunk))]
                self.wfile.write(piece)
                left -= len(piece)
                if route.trickle is not None:
                    self.wfile.flush()
                    time.sleep(route.trickle)

        def _validators(self, route: Route) -> None:
            if route.etag is not None:
                self.send_header("ETag", route.etag)
            if route.last_modified is not None:
                self.send_header("Last-Modified", route.last_modified)

        def _send_simple(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
