"""A static file server for benchmarks: serves a folder on 127.0.0.1 with validators.

Unlike ``python -m http.server`` it sends a strong ETag as well as Last-Modified and
answers ``If-None-Match`` / ``If-Modified-Since`` with 304, so that conditional GET can
be measured for both readers. Run it in its own process so the server's work does not
share a GIL with the reader being measured::

    python -m bench.serve DIR [--port 0]   # prints the port, then serves until killed
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import os
import subprocess
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def make_handler(root: Path) -> type[BaseHTTPRequestHandler]:
    cache: dict[str, tuple[bytes, str, str]] = {}
    lock = threading.Lock()

    def load(name: str) -> tuple[bytes, str, str] | None:
        with lock:
            if name in cache:
                return cache[name]
        path = (root / name).resolve()
        if root not in path.parents or not path.is_file():
            return None
        data = path.read_bytes()
        etag = '"' + hashlib.blake2b(data, digest_size=8).hexdigest() + '"'
        modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        with lock:
            cache[name] = (data, etag, modified)
        return cache[name]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            found = load(self.path.lstrip("/").split("?", 1)[0])
            if found is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            data, etag, modified = found
            if self.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def serve(root: Path, port: int = 0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(root.resolve()))
    server.daemon_threads = True
    return server


class ServerProcess:
    """Runs ``serve`` in a child process; ``with ServerProcess(dir) as base_url: ...``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.serve", str(self.root)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert self.proc.stdout is not None
        port = int(self.proc.stdout.readline())
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = serve(args.root, args.port)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        os._exit(0)


if __name__ == "__main__":
    main()
