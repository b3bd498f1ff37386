"""fetch_full_texts end to end on 127.0.0.1: every story ends with full text or a reason."""

from __future__ import annotations

import threading

import pytest

from briefing.core.fulltext.batch import FullText, PageJob, fetch_full_texts
from briefing.core.fulltext.pages import PageFetcher
from tests.fulltext import site
from tests.support.fixtures import http_server  # noqa: F401  (a fixture, used by name)
from tests.support.http import ScriptedServer

HTML = "text/html; charset=utf-8"


def serve_mixed_site(server: ScriptedServer) -> dict[str, str]:
    """One page of each kind; returns path -> the status its story must end with."""
    server.route("/news", site.news_page(), content_type=HTML)
    server.route("/blog", site.blog_page(), content_type=HTML)
    server.route("/amp", site.amp_page(), content_type=HTML)
    server.route("/paywall", site.paywall_page(), content_type=HTML)
    server.route("/cookies", site.cookie_page(), content_type=HTML)
    server.redirect("/locked", "/login", status=302)
    server.route("/login", site.login_page(), content_type=HTML)
    server.route("/brochure.pdf", b"%PDF-1.7", content_type="application/pdf")
    return {
        "/news": "fetched",
        "/blog": "fetched",
        "/amp": "fetched",
        "/paywall": "teaser",
        "/cookies": "teaser",
        "/locked": "teaser",
        "/brochure.pdf": "failed",
        "/missing": "failed",
    }


@pytest.mark.parametrize("processes", [0, 2], ids=["in-threads", "in-processes"])
def test_every_story_ends_with_full_text_or_a_reason(http_server: ScriptedServer, processes: int) -> None:
    expected = serve_mixed_site(http_server)
    paths = list(expected)
    jobs = [
        PageJob(n, http_server.url(p), site.TITLE, site.TEASER, http_server.url("/feed.xml"))
        for n, p in enumerate(paths)
    ]
    seen: list[FullText] = []
    with PageFetcher(gap=0.0, deadline=5.0) as fetcher:
        results = fetch_full_texts(jobs, fetcher=fetcher, processes=processes, on_result=seen.append)
    assert sorted(r.key for r in results) == list(range(len(paths)))
    assert seen == results  # each result was handed over as it landed
    by_path = {paths[r.key]: r for r in results}
    assert {p: r.status for p, r in by_path.items()} == expected
    for path, result in by_path.items():
        if result.status == "fetched":
            assert site.PARAGRAPHS[3] in result.text and result.fetched is not None and result.error is None
        else:
            assert result.text == "" and result.error, path
            assert result.permanent, path
    assert by_path["/brochure.pdf"].error == "not an HTML page (application/pdf)"
    assert "login" in (by_path["/locked"].error or "")


def test_a_public_feed_is_not_let_into_the_private_network(http_server: ScriptedServer) -> None:
    http_server.route("/news", site.news_page(), content_type=HTML)
    jobs = [
        PageJob(1, http_server.url("/news"), site.TITLE, site.TEASER, feed_url=http_server.url("/feed.xml")),
        PageJob(2, http_server.url("/news"), site.TITLE, site.TEASER, feed_url="https://93.184.216.34/feed.xml"),
    ]
    with PageFetcher(gap=0.0) as fetcher:
        results = {r.key: r for r in fetch_full_texts(jobs, fetcher=fetcher, processes=0)}
    assert results[1].status == "fetched"
    assert results[2].status == "failed" and "private or local address" in (results[2].error or "")
    assert http_server.hits("/news") == 1


def test_cancelling_drops_the_pages_not_yet_started(http_server: ScriptedServer) -> None:
    for n in range(6):
        http_server.route(f"/p{n}", site.blog_page(), content_type=HTML, delay=0.5)
    stop = threading.Event()
    jobs = [
        PageJob(n, http_server.url(f"/p{n}"), site.TITLE, site.TEASER, http_server.url("/feed.xml")) for n in range(6)
    ]
    with PageFetcher(gap=0.0, per_host=1) as fetcher:
        results = fetch_full_texts(
            jobs, fetcher=fetcher, processes=0, workers=1, on_result=lambda r: stop.set(), cancelled=stop.is_set
        )
    # the one fetch thread may already have taken the next page (or, on a loaded machine, the one after)
    # when the first result is handed over; the other pages are never asked for
    assert 1 <= len(results) <= 3 and all(r.status == "fetched" for r in results)
    assert len(http_server.requests) <= 3
