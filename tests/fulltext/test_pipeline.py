"""The full-text pipeline over real HTTP on 127.0.0.1 and a real archive: our own pages of many
kinds behind teaser stories; every story ends with its full text or a recorded reason."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.core.backlog import AnalysisOptions
from briefing.core.fulltext.pages import PageFetcher
from briefing.core.fulltext.pipeline import fill_full_texts
from briefing.core.models import PagesSummary, ParsedEntry
from briefing.core.store import Store
from tests.fulltext import site
from tests.support.fixtures import http_server  # noqa: F401  (a fixture, used by name)
from tests.support.http import ScriptedServer

HTML = "text/html; charset=utf-8"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LONG_BODY = " ".join(["The island council met again about the ferry and the harbour wall."] * 30)


def teaser_entry(guid: str, link: str, title: str = site.TITLE, teaser: str = site.TEASER) -> ParsedEntry:
    return ParsedEntry(guid, link, title, None, NOW, None, teaser)


def site_routes(server: ScriptedServer) -> dict[str, str]:
    """Our pages, one per style; returns guid -> path."""
    server.route("/news/ferry", site.news_page(), content_type=HTML)
    server.route("/blog/ferry", site.blog_page(), content_type=HTML, encoding="gzip")
    server.route("/amp/ferry", site.amp_page(), content_type=HTML)
    server.route("/live/storm", site.live_page(), content_type=HTML)
    server.route("/paywall/ferry", site.paywall_page(), content_type=HTML)
    server.route("/cookies/ferry", site.cookie_page(), content_type=HTML)
    server.redirect("/members/ferry", "/login", status=302)
    server.route("/login", site.login_page(), content_type=HTML)
    server.route("/huge/ferry", size=8 * 1024 * 1024, content_type=HTML)
    server.route("/slow/ferry", site.news_page(), content_type=HTML, delay=3.0)
    server.route("/files/ferry.pdf", b"%PDF-1.7 not a page", content_type="application/pdf")
    server.route("/gone/ferry", b"", status=404, content_type=HTML)
    return {
        "news": "/news/ferry",
        "blog": "/blog/ferry",
        "amp": "/amp/ferry",
        "live": "/live/storm",
        "paywall": "/paywall/ferry",
        "cookies": "/cookies/ferry",
        "login": "/members/ferry",
        "huge": "/huge/ferry",
        "slow": "/slow/ferry",
        "pdf": "/files/ferry.pdf",
        "gone": "/gone/ferry",
    }


def test_every_teaser_story_ends_with_full_text_or_a_reason(tmp_path: Path, http_server: ScriptedServer) -> None:
    paths = site_routes(http_server)
    store = Store(tmp_path / "a.db")
    feed = store.add_feed(http_server.url("/feed.xml"))
    entries = []
    for guid, path in paths.items():
        if guid == "live":
            entries.append(teaser_entry(guid, http_server.url(path), site.LIVE_TITLE, site.LIVE_TEASER))
        else:
            entries.append(teaser_entry(guid, http_server.url(path)))
    store.store_entries(feed.id, entries, NOW, {})
    # a feed that carries whole stories: nothing to fetch there
    other = store.add_feed(http_server.url("/whole.xml"))
    whole = ParsedEntry("whole", http_server.url("/whole"), "Council notes", None, NOW, None, LONG_BODY)
    store.store_entries(other.id, [whole], NOW, {})
    by_link = {c.link: c.article_id for c in store.full_text_candidates()}
    by_guid = {guid: by_link[http_server.url(path)] for guid, path in paths.items()}

    seen: list[PagesSummary] = []
    fetcher = PageFetcher(deadline=1.5, backoff=0.05, gap=0.0, retries=1)
    summary = fill_full_texts(store, options=AnalysisOptions(), fetcher=fetcher, progress=seen.append)
    fetcher.close()

    assert summary.wanted == len(paths) and summary.skipped == 1
    assert summary.done == len(paths) and seen[-1].done == len(paths)
    info = {guid: store.full_text_info(article_id) for guid, article_id in by_guid.items()}
    for guid in ("news", "blog", "amp", "live"):
        assert info[guid] is not None and info[guid].status == "fetched", (guid, info[guid])  # type: ignore[union-attr]
    news = store.get_article(by_guid["news"])
    assert news is not None and site.PARAGRAPHS[-1] in news.body and "Most read" not in news.body
    assert "Related stories" not in news.body and "newsletter" not in news.body
    assert info["news"].teaser == site.TEASER  # type: ignore[union-attr]
    live = store.get_article(by_guid["live"])
    assert live is not None and "breakwater held" in live.body
    for guid, words in {
        "paywall": "paywall",
        "cookies": "cookie",
        "login": "login",
        "huge": "larger than",
        "slow": "timed out",
        "pdf": "not an HTML page",
        "gone": "404",
    }.items():
        record = info[guid]
        assert record is not None and record.status in ("teaser", "failed"), (guid, record)
        assert words in (record.error or ""), (guid, record.error)
        article = store.get_article(by_guid[guid])
        assert article is not None and article.body == site.TEASER  # a wall never replaces the teaser
    skipped = store.full_text_candidates(statuses=["skipped"])
    assert [c.title for c in skipped] == ["Council notes"] and http_server.hits("/whole") == 0
    assert http_server.hits("/ferry.jpg") == 0
    # the analysis was redone on the full text: people and quotes of the article, not the teaser
    analysis = store.get_analysis(by_guid["news"])
    assert analysis is not None and {"Maren Ostrova", "Ilse Varga"} <= {p.name for p in analysis.people}
    assert any("islanders" in q.text for q in analysis.quotes)
    assert {hit.id for hit in store.search("propeller")} == {by_guid["news"], by_guid["blog"], by_guid["amp"]}
    assert store.integrity_check() == []
    # each page is fetched once: a second run has nothing to do
    again = fill_full_texts(store, options=AnalysisOptions())
    assert again.wanted == 0 and http_server.hits("/news/ferry") == 1


def test_a_public_feed_cannot_redirect_briefing_onto_a_private_address(
    tmp_path: Path, http_server: ScriptedServer
) -> None:
    """The feed lives on a public name; its story's page (on the test server, allowed as if public)
    redirects to localhost: refused at that hop, recorded on the story, nothing fetched there."""
    port = http_server.url("/").split(":")[2].split("/")[0]
    http_server.redirect("/story", f"http://localhost:{port}/admin", status=302)
    http_server.route("/admin", "<html><body>router</body></html>", content_type=HTML)
    store = Store(tmp_path / "a.db")
    feed = store.add_feed("https://courier.vellmouth.test/feed.xml")
    store.store_entries(feed.id, [teaser_entry("story", http_server.url("/story"))], NOW, {})

    def resolve(host: str, port: int) -> list[str]:
        return {"courier.vellmouth.test": ["93.184.216.34"], "localhost": ["127.0.0.1"]}.get(host, ["127.0.0.1"])

    fetcher = PageFetcher(resolver=resolve, allowed_hosts=["127.0.0.1"], deadline=2.0, backoff=0.05)
    summary = fill_full_texts(store, fetcher=fetcher)
    fetcher.close()
    (article_id,) = [c.article_id for c in store.full_text_candidates(statuses=["failed"])]
    info = store.full_text_info(article_id)
    assert summary.failed == 1 and info is not None and info.status == "failed"
    assert (info.error or "").startswith("refused: localhost is a private or local address")
    assert http_server.hits("/story") == 1 and http_server.hits("/admin") == 0


@pytest.mark.parametrize(("mode", "fetched"), [("never", 0), ("always", 1), ("auto", 0)])
def test_the_feeds_mode_decides(tmp_path: Path, http_server: ScriptedServer, mode: str, fetched: int) -> None:
    http_server.route("/whole", site.news_page(), content_type=HTML)
    store = Store(tmp_path / "a.db")
    feed = store.add_feed(http_server.url("/feed.xml"))
    store.set_feed_full_text(feed.id, mode)
    # the feed carries most of the story (not a teaser by the rule): only "always" fetches the page
    most = " ".join(site.PARAGRAPHS[:5])
    store.store_entries(
        feed.id, [ParsedEntry("whole", http_server.url("/whole"), site.TITLE, None, NOW, None, most)], NOW, {}
    )
    summary = fill_full_texts(store)
    assert (summary.fetched, http_server.hits("/whole")) == (fetched, fetched)
    status = store.full_text_info(1)
    assert status is not None and status.status == ("fetched" if fetched else "skipped")
