"""The full-text command line end to end: a teaser feed and its pages on 127.0.0.1, a real archive."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from briefing.core.store import Store
from tests.fulltext import site
from tests.fulltext.feeds import teaser_rss
from tests.support.http import ScriptedServer

HTML = "text/html; charset=utf-8"
REPO = Path(__file__).resolve().parents[2]


def serve_courier(server: ScriptedServer) -> None:
    server.route("/news/ferry", site.news_page(), content_type=HTML)
    server.route("/paywall/ferry", site.paywall_page(), content_type=HTML)
    server.route("/files/ferry.pdf", b"%PDF-1.7", content_type="application/pdf")
    server.route(
        "/feed.xml",
        teaser_rss(
            [
                (site.TITLE, server.url("/news/ferry"), site.TEASER),
                (site.TITLE + " (members)", server.url("/paywall/ferry"), site.TEASER),
                (site.TITLE + " (document)", server.url("/files/ferry.pdf"), site.TEASER),
            ]
        ),
    )


def ids_by_link(cli_db: Path) -> dict[str, int]:
    with Store(cli_db) as store:
        return {a.link or "": a.id for a in (store.get_article(r.id) for r in store.stories(limit=50)) if a}


def test_fetch_gives_teaser_stories_their_full_text_people_and_quotes(cli, cli_db, http_server) -> None:
    serve_courier(http_server)
    assert cli("add", http_server.url("/feed.xml")).code == 0
    fetched = cli("fetch", "--json")
    assert fetched.code == 0, fetched.err
    report = json.loads(fetched.out)
    assert report["new"] == 3 and report["pages"] == {
        "wanted": 3,
        "fetched": 1,
        "teaser": 1,
        "failed": 1,
        "skipped": 0,
    }
    ids = ids_by_link(cli_db)

    news = json.loads(cli("show", str(ids[http_server.url("/news/ferry")]), "--json").out)
    assert news["body"].startswith(site.PARAGRAPHS[0]) and site.PARAGRAPHS[-1] in news["body"]
    assert news["teaser"] == site.TEASER
    assert news["full_text"]["status"] == "fetched" and news["full_text"]["error"] is None
    assert news["full_text"]["fetched"].endswith("Z")
    assert {"Maren Ostrova", "Tobias Quell"} <= {p["name"] for p in news["people"]}
    assert any(q["speaker"] == "Maren Ostrova" for q in news["quotes"])
    text = cli("show", str(ids[http_server.url("/news/ferry")])).out
    assert "Full text from the article page." in text

    paywall = json.loads(cli("show", str(ids[http_server.url("/paywall/ferry")]), "--json").out)
    assert paywall["body"] == site.TEASER == paywall["teaser"]
    assert paywall["full_text"]["status"] == "teaser" and "paywall" in paywall["full_text"]["error"]
    pdf = json.loads(cli("show", str(ids[http_server.url("/files/ferry.pdf")]), "--json").out)
    assert pdf["full_text"]["status"] == "failed" and "not an HTML page" in pdf["full_text"]["error"]
    assert "failed: not an HTML page" in cli("show", str(ids[http_server.url("/files/ferry.pdf")])).out

    # a second fetch asks for no page again; --retry-failed does, once each
    assert json.loads(cli("fetch", "--json", "--force").out)["pages"]["wanted"] == 0
    assert http_server.hits("/news/ferry") == 1
    retried = cli("fulltext", "--retry-failed", "--json")
    assert retried.code == 0, retried.err
    assert json.loads(retried.out)["wanted"] == 2 and http_server.hits("/files/ferry.pdf") == 2
    assert http_server.hits("/news/ferry") == 1


def test_add_and_edit_set_the_mode_and_feeds_json_shows_it(cli, http_server, tmp_path) -> None:
    serve_courier(http_server)
    assert cli("add", http_server.url("/feed.xml"), "--full-text", "never").code == 0
    feeds = json.loads(cli("feeds", "--json").out)
    assert feeds[0]["full_text"] == "never"
    report = json.loads(cli("fetch", "--json").out)
    assert report["pages"]["fetched"] == 0 and report["pages"]["skipped"] == 3
    assert http_server.hits("/news/ferry") == 0

    edited = cli("edit", "1", "--full-text", "auto", "--title", "Courier", "--tag", "island", "--tag", "news")
    assert edited.code == 0, edited.err
    feed = json.loads(cli("feeds", "--json").out)[0]
    assert (feed["full_text"], feed["title"], feed["tags"]) == ("auto", "Courier", ["island", "news"])
    # the stories the old mode skipped are judged again by the next run
    filled = json.loads(cli("fulltext", "1", "--json").out)
    assert filled["fetched"] == 1 and http_server.hits("/news/ferry") == 1

    bad = cli("edit", "1", "--full-text", "sometimes")
    assert bad.code == 2 and "must be one of auto, always, never" in bad.err and len(bad.err.strip().splitlines()) == 1
    assert cli("edit", "1").code == 2
    missing = cli("edit", "99", "--title", "x")
    assert missing.code == 1 and "no feed with id" in missing.err


def test_the_configured_default_applies_to_feeds_without_their_own(cli, http_server, tmp_path) -> None:
    serve_courier(http_server)
    (tmp_path / "config.toml").write_text('[refresh]\nfull_text = "never"\n', encoding="utf-8")
    assert cli("add", http_server.url("/feed.xml")).code == 0
    assert json.loads(cli("feeds", "--json").out)[0]["full_text"] == "never"
    assert json.loads(cli("fetch", "--json").out)["pages"]["fetched"] == 0
    (tmp_path / "config.toml").write_text('[refresh]\nfull_text = "often"\n', encoding="utf-8")
    bad = cli("feeds")
    assert bad.code != 0 and "refresh.full_text must be one of auto, always, never" in bad.err


def test_kill_9_while_pages_are_fetched_loses_nothing(cli_db, http_server, tmp_path) -> None:
    """A real ``briefing fetch`` killed while slow pages come in: what was stored stays whole, every
    teaser is still there, and the next fetch completes the rest."""
    items = []
    for n in range(24):
        http_server.route(f"/news/{n}", site.news_page(), content_type=HTML, delay=0.6)
        items.append((site.TITLE, http_server.url(f"/news/{n}"), site.TEASER))
    http_server.route("/feed.xml", teaser_rss(items))
    env = dict(os.environ, PYTHONPATH=str(REPO), BRIEFING_CONFIG=str(tmp_path / "config.toml"))
    argv = [sys.executable, "-m", "briefing", "--db", str(cli_db)]
    subprocess.run([*argv, "add", http_server.url("/feed.xml")], check=True, env=env, capture_output=True)
    child = subprocess.Popen([*argv, "fetch"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and stored < 3:
            time.sleep(0.1)
            try:
                conn = sqlite3.connect(f"file:{cli_db}?mode=ro", uri=True)
                stored = conn.execute("SELECT COUNT(*) FROM articles WHERE full_text_status = 'fetched'").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                continue
        assert stored >= 3, "no full text was stored in time"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    with Store(cli_db) as store:
        assert store.integrity_check() == []
        counts = store.full_text_counts()
        assert counts.get("fetched", 0) >= 3 and counts.get("fetched", 0) < 24
        for row in store.stories(limit=50):
            info = store.full_text_info(row.id)
            article = store.get_article(row.id)
            assert info is not None and article is not None and info.teaser == site.TEASER
            if info.status == "fetched":
                assert site.PARAGRAPHS[-1] in article.body
            else:
                assert info.status is None and article.body == site.TEASER
    for n in range(24):
        http_server.route(f"/news/{n}", site.news_page(), content_type=HTML)
    again = subprocess.run([*argv, "fetch", "--json"], env=env, capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr
    with Store(cli_db) as store:
        assert store.full_text_counts() == {"fetched": 24}
        assert store.count_unanalysed() == 0
