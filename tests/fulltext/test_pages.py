"""PageFetcher against real HTTP on 127.0.0.1 serving our own pages (tests/fulltext/site.py)."""

from __future__ import annotations

import gzip
import time

import pytest

from briefing.core.fulltext.extract import extract_article
from briefing.core.fulltext.pages import PageFetcher, feed_network, host_class, is_private_address
from tests.fulltext import site
from tests.support.fixtures import http_server  # noqa: F401  (a fixture, used by name)
from tests.support.http import ScriptedServer

HTML = "text/html; charset=utf-8"


def local_fetcher(server: ScriptedServer, **options: object) -> PageFetcher:
    """A fetcher for a feed that lives on the test server (a private address: its pages may be fetched)."""
    defaults: dict[str, object] = {"deadline": 3.0, "backoff": 0.05, "gap": 0.0}
    return PageFetcher(server.url("/feed.xml"), **(defaults | options))  # type: ignore[arg-type]


def test_a_news_page_is_fetched_and_its_article_extracted(http_server: ScriptedServer) -> None:
    http_server.route("/news/ferry", site.news_page(), content_type=HTML, encoding="gzip")
    with local_fetcher(http_server) as fetcher:
        page = fetcher.fetch(http_server.url("/news/ferry"))
    assert page.ok and page.status == 200 and page.attempts == 1
    request = http_server.requests_for("/news/ferry")[0]
    assert request.headers["user-agent"].startswith("briefing/")
    article = extract_article(page.html, page.final_url, title=site.TITLE, teaser=site.TEASER)
    assert article.status == "fetched"
    assert site.PARAGRAPHS[-1] in article.text and "Most read" not in article.text
    assert http_server.hits("/ferry.jpg") == 0  # nothing the page links to is fetched


def test_the_charset_of_the_page_is_honoured(http_server: ScriptedServer) -> None:
    body = site.news_page().replace('<meta charset="utf-8">', "").replace("crowns", "kr\u00f8ner")
    http_server.route("/latin", body.encode("latin-1", "replace"), content_type="text/html; charset=iso-8859-1")
    with local_fetcher(http_server) as fetcher:
        page = fetcher.fetch(http_server.url("/latin"))
    assert "kr\u00f8ner" in page.html


def test_a_login_redirect_is_followed_and_the_wall_keeps_the_teaser(http_server: ScriptedServer) -> None:
    http_server.redirect("/news/locked", "/login?next=/news/locked", status=302)
    http_server.route("/login", site.login_page(), content_type=HTML)
    with local_fetcher(http_server) as fetcher:
        page = fetcher.fetch(http_server.url("/news/locked"))
    assert page.ok and page.final_url.endswith("/login?next=/news/locked")
    article = extract_article(page.html, page.final_url, title=site.TITLE, teaser=site.TEASER)
    assert article.status == "teaser" and "login" in (article.reason or "")


@pytest.mark.parametrize("content_type", ["application/pdf", "image/jpeg"])
def test_a_non_html_link_is_a_permanent_failure(http_server: ScriptedServer, content_type: str) -> None:
    http_server.route("/report.pdf", size=30_000_000, content_type=content_type)
    with local_fetcher(http_server) as fetcher:
        started = time.monotonic()
        page = fetcher.fetch(http_server.url("/report.pdf"))
    assert not page.ok and page.permanent
    assert page.error == f"not an HTML page ({content_type})"
    assert page.attempts == 1
    assert time.monotonic() - started < 2  # the 30 MB body was never read


def test_html_without_a_content_type_is_sniffed(http_server: ScriptedServer) -> None:
    http_server.route("/bare", site.blog_page(), content_type=None)
    http_server.route("/blob", b"%PDF-1.7 binary", content_type=None)
    with local_fetcher(http_server) as fetcher:
        assert fetcher.fetch(http_server.url("/bare")).ok
        blob = fetcher.fetch(http_server.url("/blob"))
    assert blob.permanent and "not an HTML page" in (blob.error or "")


def test_a_huge_page_is_cut_off_at_the_limit(http_server: ScriptedServer) -> None:
    http_server.route("/huge", size=50_000_000, content_type=HTML, send_length=False)
    bomb = gzip.compress(b"<html><body>" + b"<p>ferry</p>" * 2_000_000)  # 24 MB inflated, ~70 KB sent
    http_server.route("/bomb", bomb, content_type=HTML, headers={"Content-Encoding": "gzip"})
    with local_fetcher(http_server, max_bytes=1024 * 1024) as fetcher:
        for path in ("/huge", "/bomb"):
            page = fetcher.fetch(http_server.url(path))
            assert not page.ok and page.permanent and page.error == "page larger than 1 MB", path


def test_a_slow_page_fails_within_its_deadline(http_server: ScriptedServer) -> None:
    http_server.route("/slow", site.news_page(), content_type=HTML, delay=5)
    http_server.route("/trickle", site.news_page(), content_type=HTML, trickle=0.3, chunk=200)
    with local_fetcher(http_server, deadline=1.0, read_timeout=0.5) as fetcher:
        for path in ("/slow", "/trickle"):
            started = time.monotonic()
            page = fetcher.fetch(http_server.url(path))
            assert time.monotonic() - started < 2.5, path  # deadline 1 s (slack for a loaded machine)
            assert not page.ok and not page.permanent and "timed out" in (page.error or "")


def test_404_and_410_are_permanent_and_not_retried(http_server: ScriptedServer) -> None:
    http_server.route("/gone", status=410, content_type=HTML)
    with local_fetcher(http_server, retries=3) as fetcher:
        missing = fetcher.fetch(http_server.url("/missing"))
        gone = fetcher.fetch(http_server.url("/gone"))
    assert missing.error == "HTTP 404 Not Found" and missing.permanent
    assert gone.error == "HTTP 410 Gone" and gone.permanent
    assert http_server.hits("/missing") == 1 and http_server.hits("/gone") == 1


def test_a_transient_failure_is_retried_with_back_off(http_server: ScriptedServer) -> None:
    http_server.route("/flaky", status=502, content_type=HTML)
    with local_fetcher(http_server, retries=2, backoff=0.3) as fetcher:
        page = fetcher.fetch(http_server.url("/flaky"))
    assert not page.ok and not page.permanent and page.attempts == 3
    times = [r.time for r in http_server.requests_for("/flaky")]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.2 and times[2] - times[1] >= 0.45  # 0.3 s, then 0.6 s (less jitter)


def test_retry_after_is_honoured_for_the_whole_host(http_server: ScriptedServer) -> None:
    http_server.route("/busy", status=429, content_type=HTML, headers={"Retry-After": "1"})
    http_server.route("/other", site.blog_page(), content_type=HTML)
    with local_fetcher(http_server, retries=1) as fetcher:
        busy = fetcher.fetch(http_server.url("/busy"))
        other = fetcher.fetch(http_server.url("/other"))
    first, second = (r.time for r in http_server.requests_for("/busy"))
    assert second - first >= 0.8  # 1 s, less the server's jitter
    assert http_server.requests_for("/other")[0].time - second >= 0.8  # the host was held, not just the page
    assert not busy.ok and busy.status == 429 and busy.retry_after == 1
    assert other.ok


def test_a_long_retry_after_is_not_waited_for(http_server: ScriptedServer) -> None:
    http_server.route("/later", status=503, content_type=HTML, headers={"Retry-After": "3600"})
    with local_fetcher(http_server, retries=3) as fetcher:
        started = time.monotonic()
        page = fetcher.fetch(http_server.url("/later"))
    assert time.monotonic() - started < 1
    assert not page.permanent and page.retry_after == 3600 and page.error == "HTTP 503 Service Unavailable"


def test_at_most_two_requests_at_once_to_one_host(http_server: ScriptedServer) -> None:
    for n in range(6):
        http_server.route(f"/p{n}", site.blog_page(), content_type=HTML, delay=0.5)
    with local_fetcher(http_server, gap=0.0, workers=6) as fetcher:
        pages = fetcher.fetch_many([http_server.url(f"/p{n}") for n in range(6)])
    assert all(p.ok for p in pages)
    starts = sorted(r.time for r in http_server.requests)
    for start in starts:  # a request takes 0.5 s: no third one may start while two are running
        assert sum(1 for s in starts if start <= s < start + 0.4) <= 2
    assert starts[-1] - starts[0] >= 0.9  # three rounds of two


def test_requests_to_one_host_keep_a_gap(http_server: ScriptedServer) -> None:
    for n in range(4):
        http_server.route(f"/g{n}", site.blog_page(), content_type=HTML)
    with local_fetcher(http_server, gap=0.3, workers=4) as fetcher:
        assert all(p.ok for p in fetcher.fetch_many([http_server.url(f"/g{n}") for n in range(4)]))
    starts = sorted(r.time for r in http_server.requests)
    assert all(b - a >= 0.2 for a, b in zip(starts, starts[1:]))  # 0.3 s, less the server's jitter


def test_too_many_redirects(http_server: ScriptedServer) -> None:
    for n in range(7):
        http_server.redirect(f"/r{n}", f"/r{n + 1}", status=302)
    with local_fetcher(http_server) as fetcher:
        page = fetcher.fetch(http_server.url("/r0"))
    assert page.permanent and page.error == "too many redirects (more than 5)"
    assert http_server.hits("/r6") == 0


@pytest.mark.parametrize("link", ["ftp://courier.example/ferry", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_links_are_fetched(link: str) -> None:
    with PageFetcher("https://courier.example/feed.xml", network="public") as fetcher:
        page = fetcher.fetch(link)
    assert page.permanent and (page.error or "").startswith("not an http(s) link")


# --- private networks ----------------------------------------------------------------------------


def test_address_classes() -> None:
    for address in (
        "127.0.0.1",
        "10.1.2.3",
        "192.168.1.1",
        "172.16.0.9",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "0.0.0.0",
        "::ffff:192.168.1.1",
    ):
        assert is_private_address(address), address
    for address in ("93.184.216.34", "2606:4700::1111"):
        assert not is_private_address(address), address
    assert host_class("localhost") == "private"
    assert feed_network("file:///home/reader/feed.xml") == "private"
    assert feed_network("/home/reader/feed.xml") == "private"
    assert feed_network("http://127.0.0.1:8080/feed.xml") == "private"


def test_a_public_feed_cannot_link_to_a_private_address(http_server: ScriptedServer) -> None:
    http_server.route("/admin", site.blog_page(), content_type=HTML)
    with PageFetcher("https://courier.example/feed.xml", network="public", deadline=2.0) as fetcher:
        page = fetcher.fetch(http_server.url("/admin"))
    assert page.permanent and page.error == "refused: 127.0.0.1 is a private or local address and the feed is not"
    assert http_server.hits("/admin") == 0


def test_a_redirect_to_a_private_address_from_a_public_feed_is_refused(http_server: ScriptedServer) -> None:
    """The feed is public; the user lets its host (here the test server) be fetched, and that host
    redirects to another, private one: every hop is checked, so the second is refused."""
    http_server.redirect("/story", f"http://localhost:{http_server.port}/admin", status=302)
    http_server.redirect("/story2", "http://10.255.255.1/router", status=301)
    http_server.route("/admin", site.blog_page(), content_type=HTML)
    with PageFetcher(network="public", allowed_hosts={"127.0.0.1"}, deadline=2.0) as fetcher:
        first = fetcher.fetch(http_server.url("/story"))
        second = fetcher.fetch(http_server.url("/story2"))
    assert http_server.hits("/story") == 1 and http_server.hits("/admin") == 0
    assert first.permanent and "localhost is a private or local address" in (first.error or "")
    assert second.permanent and "10.255.255.1 is a private or local address" in (second.error or "")


def test_a_feed_on_a_private_address_may_link_to_one(http_server: ScriptedServer) -> None:
    http_server.route("/intranet/news", site.news_page(), content_type=HTML)
    with PageFetcher(http_server.url("/feed.xml")) as fetcher:
        assert fetcher.network == "private"
        assert fetcher.fetch(http_server.url("/intranet/news")).ok


def test_a_host_is_private_when_any_of_its_addresses_is() -> None:
    """Names resolved by a resolver of our own (the parameter DNS answers come through)."""
    answers = {
        "intranet.example": ["192.168.1.5"],
        "mixed.example": ["93.184.216.34", "10.0.0.7"],
        "news.example": ["93.184.216.34"],
    }

    def resolve(host: str, port: int) -> list[str]:
        return answers[host]

    assert feed_network("https://intranet.example/feed.xml", resolve) == "private"
    assert feed_network("https://news.example/feed.xml", resolve) == "public"
    with PageFetcher("https://news.example/feed.xml", resolver=resolve, deadline=1.0) as fetcher:
        assert fetcher.network == "public"
        page = fetcher.fetch("http://mixed.example/story")
    assert page.permanent and "mixed.example is a private or local address" in (page.error or "")


@pytest.mark.parametrize("link", ["http://[::1]:9/x", "http://0x7f000001/x", "http://169.254.169.254/latest/meta-data"])
def test_literal_private_addresses_are_refused_for_a_public_feed(link: str) -> None:
    with PageFetcher(network="public", deadline=1.0) as fetcher:
        page = fetcher.fetch(link)
    assert page.permanent and (page.error or "").startswith("refused:")
