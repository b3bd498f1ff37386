"""The archive's full-text state (schema v6, core/store/fulltext.py) on real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.core import migrations
from briefing.core.backlog import analyse_pending
from briefing.core.fulltext.records import LEGACY_REASON, Outcome
from briefing.core.models import ParsedEntry
from briefing.core.store import FeedNotFound, Store
from tests.fulltext import site

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def entry(guid: str, body: str = site.TEASER, title: str = site.TITLE) -> ParsedEntry:
    return ParsedEntry(guid, f"https://courier.example/{guid}", title, None, NOW, None, body)


def test_stories_stored_before_v6_are_skipped_and_new_ones_wait(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, target=5)
    conn.execute("INSERT INTO feeds (url, added) VALUES ('https://courier.example/feed', '2026-11-01T00:00:00Z')")
    conn.execute(
        "INSERT INTO articles (feed_id, guid, title, published, fetched, body, content_hash) "
        "VALUES (1, 'old', 'Old story', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'short', 'h1')"
    )
    conn.close()
    store = Store(path)
    assert migrations.schema_version(store.conn) == migrations.SCHEMA_VERSION
    old = store.full_text_info(1)
    assert old is not None and old.status == "skipped" and old.error == LEGACY_REASON and old.teaser == "short"
    store.store_entries(1, [entry("new")], NOW, {})
    assert [c.title for c in store.full_text_candidates()] == [site.TITLE]
    assert store.feed_full_text_modes() == {1: None}


def test_full_text_replaces_the_body_keeps_the_teaser_and_is_searched_and_analysed(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    feed = store.add_feed("https://courier.example/feed")
    store.store_entries(feed.id, [entry("ferry")], NOW, {})
    (candidate,) = store.full_text_candidates()
    assert candidate.text == site.TEASER and candidate.link == "https://courier.example/ferry"
    assert store.search("propeller") == []

    assert store.save_full_texts([Outcome(candidate.article_id, "fetched", site.ARTICLE_TEXT)]) == [
        candidate.article_id
    ]
    article = store.get_article(candidate.article_id)
    assert article is not None and article.body == site.ARTICLE_TEXT and not article.analysed
    info = store.full_text_info(candidate.article_id)
    assert info is not None and info.status == "fetched" and info.teaser == site.TEASER and info.fetched
    assert [hit.id for hit in store.search("propeller")] == [candidate.article_id]
    assert store.full_text_candidates() == []  # decided: not fetched again
    assert store.integrity_check() == []

    result = analyse_pending(store, ids=[candidate.article_id])
    assert result.analysed == 1
    analysis = store.get_analysis(candidate.article_id)
    assert analysis is not None and "Maren Ostrova" in {p.name for p in analysis.people}
    assert any("islanders" in q.text for q in analysis.quotes)


def test_a_failure_keeps_the_body_and_says_why(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    feed = store.add_feed("https://courier.example/feed")
    store.store_entries(feed.id, [entry("ferry")], NOW, {})
    (candidate,) = store.full_text_candidates()
    store.save_full_texts([Outcome(candidate.article_id, "failed", error="HTTP 404 Not Found")])
    info = store.full_text_info(candidate.article_id)
    assert info is not None and (info.status, info.error) == ("failed", "HTTP 404 Not Found")
    assert store.get_article(candidate.article_id).body == site.TEASER  # type: ignore[union-attr]
    assert store.full_text_candidates() == []
    assert [c.article_id for c in store.full_text_candidates(statuses=["failed"])] == [candidate.article_id]


def test_new_feed_text_for_a_story_is_judged_again_and_a_stale_page_is_not_saved(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    feed = store.add_feed("https://courier.example/feed")
    store.store_entries(feed.id, [entry("ferry")], NOW, {})
    (candidate,) = store.full_text_candidates()
    store.save_full_texts([Outcome(candidate.article_id, "fetched", site.ARTICLE_TEXT)])
    store.store_entries(feed.id, [entry("ferry", body="A corrected teaser about the ferry vote.")], NOW, {})
    info = store.full_text_info(candidate.article_id)
    assert info is not None and info.status is None and info.teaser == "A corrected teaser about the ferry vote."
    (again,) = store.full_text_candidates()
    # a page fetched for the story as it was before the change is not stored over the new text
    assert store.save_full_texts([Outcome(again.article_id, "fetched", "old page", content_hash="stale")]) == []
    assert store.get_article(again.article_id).body == "A corrected teaser about the ferry vote."  # type: ignore[union-attr]


def test_a_feeds_mode_is_kept_and_a_change_rejudges_what_it_skipped(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    feed = store.add_feed("https://courier.example/feed")
    store.store_entries(feed.id, [entry("ferry")], NOW, {})
    (candidate,) = store.full_text_candidates()
    store.save_full_texts([Outcome(candidate.article_id, "skipped", error="full text is off")])
    assert store.full_text_candidates() == []
    store.set_feed_full_text(feed.id, "always")
    assert store.feed_full_text_modes() == {feed.id: "always"}
    assert [c.mode for c in store.full_text_candidates()] == ["always"]
    with pytest.raises(ValueError):
        store.set_feed_full_text(feed.id, "sometimes")
    with pytest.raises(FeedNotFound):
        store.set_feed_full_text(feed.id + 5, "never")
