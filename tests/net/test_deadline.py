"""The total deadline per fetch (core.deadline): connect, status line, headers and body together.

The server here is a raw socket on 127.0.0.1 sending its status line and headers one byte every
0.2 s: no single read ever waits long, so per-operation timeouts never fire.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from briefing.core.deadline import limited_client, within
from briefing.core.feeds import Fetcher
from tests.support.trickle import TrickleServer


@pytest.fixture
def trickle() -> Iterator[TrickleServer]:
    with TrickleServer(interval=0.2) as server:
        yield server


def test_headers_trickled_byte_by_byte_hit_the_total_timeout(trickle: TrickleServer) -> None:
    with Fetcher(timeout=2) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(trickle.url())
        elapsed = time.monotonic() - started
    assert result.error == "timed out after 2 s" and result.body is None
    assert 1.8 <= elapsed < 3.0, elapsed


def test_the_deadline_also_holds_for_any_limited_client(trickle: TrickleServer) -> None:
    """The reusable piece: any request on a limited client ends within the thread's deadline."""
    with limited_client(timeout=10) as client:
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException), within(1.0):
            client.get(trickle.url("/page.html"))
        assert time.monotonic() - started < 1.8


def test_without_a_deadline_a_limited_client_is_an_ordinary_client(http_server) -> None:  # noqa: F811
    http_server.route("/page.html", b"<p>Hello from Larchmere</p>", content_type="text/html")
    with limited_client(timeout=5) as client:
        assert client.get(http_server.url("/page.html")).text == "<p>Hello from Larchmere</p>"
        with within(5):
            assert client.get(http_server.url("/page.html")).status_code == 200


def test_nested_deadlines_keep_the_earlier_one(trickle: TrickleServer) -> None:
    with limited_client(timeout=10) as client, within(1.0):
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException), within(30):
            client.get(trickle.url())
        assert time.monotonic() - started < 1.8


def test_stopping_a_deadline_ends_its_exchange_at_once_and_only_that_one(trickle: TrickleServer, http_server) -> None:  # noqa: F811
    """Another thread stops the exchange (a refresh being cancelled): it ends now, not at its
    deadline, and the same client then serves the next request as usual."""
    http_server.route("/page.html", b"<p>Larchmere notes</p>", content_type="text/html")
    outcome: list[BaseException | None] = []
    with limited_client(timeout=10) as client:
        holder: list = []

        def fetch() -> None:
            with within(30) as deadline:
                holder.append(deadline)
                try:
                    client.get(trickle.url())
                    outcome.append(None)
                except httpx.HTTPError as exc:
                    outcome.append(exc)

        worker = threading.Thread(target=fetch)
        worker.start()
        while trickle.connections == 0:
            time.sleep(0.01)
        time.sleep(0.3)  # the first bytes of the status line are in
        started = time.monotonic()
        holder[0].stop()
        worker.join(timeout=5)
        assert time.monotonic() - started < 0.5
        assert isinstance(outcome[0], httpx.HTTPError)
        with within(5):
            assert client.get(http_server.url("/page.html")).text == "<p>Larchmere notes</p>"


def test_fetcher_abort_stops_fetches_in_flight_and_later_fetches_work(trickle: TrickleServer, http_server) -> None:  # noqa: F811
    http_server.route("/feed.xml", b"<rss version='2.0'><channel><title>Larchmere</title></channel></rss>")
    with Fetcher(timeout=30) as fetcher:
        results: list = []
        worker = threading.Thread(target=lambda: results.append(fetcher.fetch(trickle.url())))
        worker.start()
        while trickle.connections == 0:
            time.sleep(0.01)
        started = time.monotonic()
        fetcher.abort()
        worker.join(timeout=5)
        assert time.monotonic() - started < 0.5
        assert results[0].error == "the fetch was stopped"
        assert fetcher.fetch(http_server.url("/feed.xml")).ok
