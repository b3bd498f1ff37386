"""fetch against a real HTTP server on 127.0.0.1, and analyze on our own texts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefing.core.store import Store
from tests.cli.stories import CHESS, DROUGHT, FERRY, REPO, rss

FETCH_KEYS = {"feeds", "ok", "not_modified", "failed", "skipped", "new", "updated", "errors", "pages"}


def test_fetch_json_then_conditional_refetch(cli, http_server) -> None:
    http_server.route("/courier.xml", rss(), etag='"v1"')
    assert cli("add", http_server.url("/courier.xml")).code == 0

    first = cli("fetch", "--json", "--no-analysis")
    assert first.code == 0, first.err
    report = json.loads(first.out)
    assert set(report) == FETCH_KEYS
    assert (report["feeds"], report["ok"], report["new"], report["failed"], report["errors"]) == (1, 1, 3, 0, [])

    second = json.loads(cli("fetch", "--json", "--no-analysis").out)
    assert (second["not_modified"], second["new"], second["updated"]) == (1, 0, 0)
    assert http_server.requests_for("/courier.xml")[-1].headers.get("if-none-match") == '"v1"'

    feed = json.loads(cli("feeds", "--json").out)[0]
    assert (feed["title"], feed["total"], feed["unread"], feed["status"]) == ("The Tidewater Courier", 3, 3, "ok")


def test_failed_feeds_do_not_fail_the_run(cli, http_server) -> None:
    http_server.route("/good.xml", rss())
    http_server.route("/broken.xml", b"oops", status=500, content_type="text/plain")
    cli("add", http_server.url("/good.xml"))
    cli("add", http_server.url("/broken.xml"))
    result = cli("fetch", "--no-analysis")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    # not a terminal: one plain line per feed, then the summary and the errors
    assert sum(line.startswith(("[1/2] ", "[2/2] ")) for line in lines) == 2
    assert "2 feed(s): 1 ok, 0 not modified, 1 failed, 0 skipped; 3 new and 0 updated article(s)" in result.out
    assert any(http_server.url("/broken.xml") in line and "500" in line for line in lines)

    feeds = {f["url"]: f for f in json.loads(cli("feeds", "--json").out)}
    broken = feeds[http_server.url("/broken.xml")]
    assert broken["failures"] == 1 and "500" in broken["last_error"]

    # the broken feed now rests (back-off): skipped unless --force
    again = json.loads(cli("fetch", "--json", "--no-analysis").out)
    assert again["skipped"] == 1 and again["failed"] == 0
    forced = json.loads(cli("fetch", "--json", "--force", "--no-analysis").out)
    assert forced["skipped"] == 0 and forced["failed"] == 1
    assert forced["errors"][0]["feed"] == http_server.url("/broken.xml") and "500" in forced["errors"][0]["error"]


def test_no_analysis_then_analyze_pending(cli, http_server) -> None:
    http_server.route("/courier.xml", rss())
    cli("add", http_server.url("/courier.xml"))
    assert json.loads(cli("fetch", "--json", "--no-analysis").out)["new"] == 3
    assert json.loads(cli("people", "--json").out) == []

    pending = cli("analyze", "--pending")
    assert pending.code == 0 and "Analysed 3 article(s)." in pending.out
    assert json.loads(cli("analyze", "--pending", "--json").out) == {"analysed": 0}
    names = {p["name"] for p in json.loads(cli("people", "--json").out)}
    assert {"Ines Okafor", "Petra Lindqvist", "Lena Vasquez"} <= names
    said = json.loads(cli("quotes", "Petra Lindqvist", "--json").out)
    assert any("drinking water" in q["text"] for q in said)


def test_fetch_analyses_new_articles_by_default(cli, http_server) -> None:
    http_server.route("/courier.xml", rss())
    cli("add", http_server.url("/courier.xml"))
    assert json.loads(cli("fetch", "--json").out)["new"] == 3
    assert json.loads(cli("analyze", "--pending", "--json").out) == {"analysed": 0}
    names = {p["name"] for p in json.loads(cli("people", "--json").out)}
    assert "Dmitri Halloran" in names


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_fetch_in_a_real_process_draws_progress_on_a_terminal(http_server, tmp_path: Path) -> None:
    import pty
    import select

    http_server.route("/courier.xml", rss())
    db = tmp_path / "tty.db"
    with Store(db) as store:
        store.add_feed(http_server.url("/courier.xml"))
    env = dict(os.environ, PYTHONPATH=str(REPO), BRIEFING_CONFIG=str(tmp_path / "none.toml"), TERM="xterm")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "--db", str(db), "fetch", "--no-analysis"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process closed its end
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=30) == 0
    os.close(leader)
    text = output.decode("utf-8", "replace")
    assert "\rFetching: 1/1 feeds, 3 new article(s)" in text
    assert "1 feed(s): 1 ok" in text
    assert "Traceback" not in text


def test_analyze_json_on_our_own_text_files(cli, tmp_path: Path) -> None:
    plain = tmp_path / "ferry.txt"
    plain.write_text(FERRY.title + "\n\n" + FERRY.body, encoding="utf-8")
    html = tmp_path / "drought.html"
    html.write_text(
        "<html><body><h1>"
        + DROUGHT.title
        + "</h1>"
        + "".join(f"<p>{p}</p>" for p in DROUGHT.paragraphs)
        + "<script>var x = 1;</script></body></html>",
        encoding="utf-8",
    )
    result = cli("analyze", str(plain), str(html), "--json")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 2  # one JSON object per input, in input order
    ferry, drought = (json.loads(line) for line in lines)
    for analysis in (ferry, drought):
        assert set(analysis) == {"summary", "people", "quotes"}
        assert all(isinstance(s, str) and s for s in analysis["summary"])
        for person in analysis["people"]:
            assert set(person) == {"name", "role", "mentions", "aliases"}
        for quote in analysis["quotes"]:
            assert set(quote) == {"text", "speaker"}
    assert {"Ines Okafor", "Dmitri Halloran"} <= {p["name"] for p in ferry["people"]}
    assert any(q["speaker"] == "Dmitri Halloran" and "two hundred passengers" in q["text"] for q in ferry["quotes"])
    assert any(p["name"] == "Petra Lindqvist" for p in drought["people"])
    assert "<p>" not in json.dumps(drought) and "var x" not in json.dumps(drought)  # HTML was detected


def test_analyze_reads_stdin_and_prints_a_report(cli) -> None:
    text = CHESS.title + "\n\n" + CHESS.body
    from_stdin = cli("analyze", "--json", stdin=text)
    assert from_stdin.code == 0, from_stdin.err
    data = json.loads(from_stdin.out)
    assert "Lena Vasquez" in {p["name"] for p in data["people"]}
    report = cli("analyze", "-", stdin=text)
    assert "People:" in report.out and "Lena Vasquez" in report.out and "Summary:" in report.out


def test_analyze_errors_are_one_line(cli, tmp_path: Path) -> None:
    missing = cli("analyze", str(tmp_path / "absent.txt"))
    assert missing.code == 1 and missing.err.count("\n") == 1 and "absent.txt" in missing.err
    both = cli("analyze", "--pending", str(tmp_path / "x.txt"))
    assert both.code == 2


def test_digest_after_a_fetch(cli, http_server) -> None:
    now = datetime.now(timezone.utc)
    http_server.route("/courier.xml", rss(now=now))
    cli("add", http_server.url("/courier.xml"))
    cli("fetch", "--json")
    digest = json.loads(cli("digest", "--since", "12h", "--format", "json").out)
    since = datetime.strptime(digest["since"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert now - timedelta(hours=12, minutes=1) <= since <= now - timedelta(hours=11)
    titles = [s["title"] for g in digest["groups"] for s in g["stories"]]
    assert titles == [FERRY.title, DROUGHT.title]
    assert all(s["summary"] for g in digest["groups"] for s in g["stories"])


def test_summary_settings_are_honoured_by_fetch(cli, http_server, tmp_path: Path) -> None:
    config = tmp_path / "short.toml"
    config.write_text('[summary]\nwords = 15\nmethod = "lead"\n', encoding="utf-8")
    http_server.route("/courier.xml", rss())
    cli("add", http_server.url("/courier.xml"))
    fetched = cli("--config", str(config), "fetch")
    assert fetched.code == 0 and "3 analysed" in fetched.out
    shown = json.loads(cli("show", "1", "--json").out)
    lead = next(s for s in (FERRY, DROUGHT, CHESS) if s.title == shown["title"]).paragraphs[0]
    assert shown["summary"] and shown["summary"][0] in lead  # "lead": the opening sentence, kept short
    assert len(" ".join(shown["summary"]).split()) <= 40
