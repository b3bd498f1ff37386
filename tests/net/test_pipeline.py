"""The refresh pipeline: each article is stored with its analysis in the same write, with the
user's summary settings, and a kill -9 never leaves an article with half of its analysis.

Real parts only: feeds served on 127.0.0.1, a real SQLite archive, the real analysis (run by the
test too, as the oracle of what a stored analysis must be)."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

from briefing.core.backlog import AnalysisOptions, analyse_article
from briefing.core.feeds import Fetcher
from briefing.core.models import Analysis, RefreshProgress, StoryFilter
from briefing.core.refresh import refresh
from briefing.core.store import Store
from tests.hostile.kill_loop import fetch_process
from tests.support.clock import next_second
from tests.support.http import ScriptedServer

SLOW = 4.0  # seconds a slow feed waits before answering
FEEDS = 13  # above the refresh's threshold for parse processes
PEOPLE = ("Odile Varga", "Tariq Haldane", "Wen Ashford", "Pilar Oyelaran", "Ruben Castellane")
TOPICS = ("quay", "tram depot", "orchard market", "night ferry", "library annex", "reservoir")


def body(feed: int, item: int) -> str:
    person = PEOPLE[(feed + item) % len(PEOPLE)]
    topic = TOPICS[(feed * 3 + item) % len(TOPICS)]
    return (
        f"<p>The council of Lower Brannick met on Tuesday to discuss the {topic}. Members heard "
        f"that repairs had run three weeks late and that the budget was stretched.</p>"
        f'<p>{person}, who chairs the works committee, said "the {topic} will reopen before the '
        f'spring crossings". Residents asked for a written timetable.</p>'
        f"<p>A second meeting is planned for next month, when engineers will report on the {topic} "
        f"and on the cost of the delay. The committee will publish its figures beforehand.</p>"
        f"<p>Shopkeepers near the {topic} said trade had fallen while the works went on, and "
        f"several asked the council for a rates holiday until the end of the season.</p>"
    )


def rss(feed: int, items: int = 4) -> bytes:
    parts = [
        f"<item><title>Desk {feed}: works update {i}</title><guid>desk-{feed}-{i}</guid>"
        f"<link>http://127.0.0.1/desk/{feed}/{i}</link>"
        f"<pubDate>Tue, 0{1 + i % 8} Dec 2026 0{i % 10}:00:00 GMT</pubDate>"
        f"<description><![CDATA[{body(feed, i)}]]></description></item>"
        for i in range(items)
    ]
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk {feed}</title>'
        f"<link>http://127.0.0.1/desk/{feed}</link>{''.join(parts)}</channel></rss>"
    ).encode()


def serve(server: ScriptedServer, store: Store, feeds: int = FEEDS, **route: object) -> None:
    for f in range(feeds):
        server.route(f"/desk-{f}.xml", rss(f), **route)
        store.add_feed(server.url(f"/desk-{f}.xml"))


def same(stored: Analysis | None, expected: Analysis) -> bool:
    """What the reader shows of an analysis: its summary, its people and its quotes."""
    return (
        stored is not None
        and stored.summary == expected.summary
        and [p.name for p in stored.people] == [p.name for p in expected.people]
        and [(q.text, q.speaker) for q in stored.quotes] == [(q.text, q.speaker) for q in expected.quotes]
    )


def test_each_feed_is_written_with_its_analysis_and_is_searchable_by_person_at_once(
    http_server: ScriptedServer, store: Store, fetcher: Fetcher
) -> None:
    serve(http_server, store)
    at_write: list[tuple[int, int, bool, bool]] = []  # feed, articles, all analysed, person: finds them

    def progress(p: RefreshProgress) -> None:
        # Called right after a feed's write: its stories must already carry their analysis.
        if p.last is None or p.last.outcome != "ok":
            return
        ids = [r.id for r in store.stories(limit=10_000, filter=StoryFilter(feed_id=p.last.feed_id))]
        analyses = [store.get_analysis(i) for i in ids]
        named = {person.name for a in analyses if a for person in a.people}
        found = all(set(ids) & {hit.id for hit in store.search(f'person:"{name}"', limit=500)} for name in named)
        at_write.append((p.last.feed_id, len(ids), all(a is not None for a in analyses), bool(named) and found))

    result = refresh(store, fetcher=fetcher, progress=progress, processes=2)
    assert result.count("ok") == FEEDS and result.new == FEEDS * 4
    assert result.analysed == FEEDS * 4 and result.analysis_errors == ()
    assert len(at_write) == FEEDS
    assert all(count == 4 and analysed and searchable for _feed, count, analysed, searchable in at_write), at_write
    assert store.count_unanalysed() == 0
    for row in store.stories(limit=100):
        article = store.get_article(row.id)
        assert article is not None
        assert same(store.get_analysis(row.id), analyse_article(article.title, article.body))
    assert {hit.title for hit in store.search('person:"Odile Varga"', limit=100)} >= {"Desk 0: works update 0"}
    assert store.integrity_check() == []


def test_the_summary_settings_reach_the_summaries_a_refresh_stores(
    http_server: ScriptedServer, store: Store, fetcher: Fetcher
) -> None:
    serve(http_server, store, feeds=2)
    options = AnalysisOptions(summary_words=12, method="lead")
    result = refresh(store, fetcher=fetcher, analysis=options)
    assert result.analysed == 8
    differs = 0
    for row in store.stories(limit=100):
        article = store.get_article(row.id)
        assert article is not None
        wanted = analyse_article(article.title, article.body, options)
        stored = store.get_analysis(row.id)
        assert stored is not None and stored.summary == wanted.summary
        differs += stored.summary != analyse_article(article.title, article.body).summary
    assert differs  # the settings made a difference the test can see


def test_an_unchanged_feed_answering_200_again_keeps_its_articles_and_analyses(
    http_server: ScriptedServer, store: Store, fetcher: Fetcher, db_path: Path
) -> None:
    serve(http_server, store, feeds=2)  # no validators: every fetch downloads the same document
    refresh(store, fetcher=fetcher)
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("SELECT id, fetched, summary, people FROM articles ORDER BY id").fetchall()
    next_second()  # "fetched" has one-second resolution: a rewrite would show
    again = refresh(store, fetcher=fetcher)
    with sqlite3.connect(db_path) as conn:
        after = conn.execute("SELECT id, fetched, summary, people FROM articles ORDER BY id").fetchall()
    assert (again.new, again.updated, again.analysed) == (0, 0, 0)
    assert after == before and store.count_unanalysed() == 0


def test_a_changed_story_is_stored_again_with_its_new_analysis(
    http_server: ScriptedServer, store: Store, fetcher: Fetcher
) -> None:
    serve(http_server, store, feeds=1)
    refresh(store, fetcher=fetcher)
    edited = rss(0).replace(PEOPLE[0].encode(), b"Sunniva Marchetti")
    http_server.route("/desk-0.xml", edited)
    result = refresh(store, fetcher=fetcher)
    assert result.updated >= 1 and result.analysed == result.updated
    assert store.search('person:"Odile Varga"') == []
    hits = store.search('person:"Sunniva Marchetti"')
    assert hits and all(store.get_analysis(hit.id) is not None for hit in hits)
    assert store.integrity_check() == []


def test_kill_minus_nine_mid_refresh_leaves_each_article_whole_with_or_without_its_analysis(
    tmp_path: Path,
) -> None:
    db = tmp_path / "killed.db"
    with ScriptedServer() as server:
        store = Store(db)
        serve(server, store, feeds=FEEDS)
        slow = [f"/desk-{f}.xml" for f in range(FEEDS - 4, FEEDS)]
        for path in slow:  # these keep the fetch busy after the others are written
            server.route(path, rss(int(path.split("-")[1].split(".")[0])), delay=SLOW)
        fast_articles = (FEEDS - len(slow)) * 4
        store.close()
        process = fetch_process(db, tmp_path)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                if db.exists() and _count(db, "SELECT count(*) FROM articles") >= fast_articles:
                    break
                time.sleep(0.05)
            assert process.poll() is None, "the fetch ended before it could be killed"
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            if process.stderr is not None:
                process.stderr.close()
        assert _count(db, "SELECT count(*) FROM articles") >= fast_articles
        # Rows of people or quotes only ever belong to an analysed article...
        assert (
            _count(
                db,
                "SELECT count(*) FROM article_people ap JOIN articles a ON a.id = ap.article_id WHERE a.analysed = 0",
            )
            == 0
        )
        assert (
            _count(db, "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.analysed = 0") == 0
        )
        # ...and an analysed article has all of its analysis.
        store = Store(db)
        for row in store.stories(limit=1000):
            article = store.get_article(row.id)
            assert article is not None
            stored = store.get_analysis(row.id)
            assert stored is None or same(stored, analyse_article(article.title, article.body)), article.title
        assert store.integrity_check() == []
        store.close()
        for path in slow:  # the server answers at once now (the killed fetch's slow answers go to no one)
            server.route(path, rss(int(path.split("-")[1].split(".")[0])))
        again = fetch_process(db, tmp_path)
        _out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err.decode()[-500:]
    assert _count(db, "SELECT count(*) FROM articles") == FEEDS * 4
    assert _count(db, "SELECT count(*) FROM articles WHERE analysed = 0") == 0


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()
