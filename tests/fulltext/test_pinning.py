"""A page's host is resolved once and the connection goes to the checked address (DNS rebinding)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from briefing.core.fulltext.pages import PageFetcher
from tests.fulltext import site
from tests.support.fixtures import http_server  # noqa: F401  (a fixture, used by name)
from tests.support.http import ScriptedServer

HTML = "text/html; charset=utf-8"


def test_the_connection_goes_to_the_address_that_was_checked(http_server: ScriptedServer) -> None:
    """A name only our resolver knows: the page arrives, so the connection used its answer (the
    system never resolved it), and the server saw the name in Host."""
    http_server.route("/news/ferry", site.news_page(), content_type=HTML)
    port = urlsplit(http_server.url("/")).port
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    with PageFetcher(network="private", resolver=resolve, deadline=3.0, retries=0) as fetcher:
        page = fetcher.fetch(f"http://news.vellmouth.test:{port}/news/ferry")
    assert page.ok, page.error
    assert asked == ["news.vellmouth.test"]
    assert http_server.requests_for("/news/ferry")[0].headers["host"] == f"news.vellmouth.test:{port}"


def test_a_second_dns_answer_cannot_move_a_public_feeds_fetch_onto_this_machine(http_server: ScriptedServer) -> None:
    """The check sees a public address; the system would resolve the same name to 127.0.0.1 (where
    the test server listens). The fetch must go to the checked address, never to the server."""
    http_server.route("/admin", "<html><body>router admin</body></html>", content_type=HTML)
    port = urlsplit(http_server.url("/")).port

    def first_answer_public(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    with PageFetcher(network="public", resolver=first_answer_public, deadline=1.0, retries=0) as fetcher:
        page = fetcher.fetch(f"http://localhost:{port}/admin")
    assert not page.ok
    assert http_server.hits("/admin") == 0


def test_a_name_that_does_not_exist_is_a_permanent_failure_tried_once() -> None:
    calls = 0

    def no_such_name(host: str, port: int) -> list[str]:
        nonlocal calls
        calls += 1
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with PageFetcher(network="public", resolver=no_such_name, deadline=3.0, backoff=0.01) as fetcher:
        page = fetcher.fetch("https://nowhere.vellmouth.test/story")
    assert page.permanent and page.error == "host not found (DNS lookup failed)"
    assert calls == 1 and page.attempts == 1
