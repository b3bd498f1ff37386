"""search / show / people / quotes / digest over a real archive."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefing.core.store import Store
from tests.cli.stories import CHESS, DROUGHT, FERRY


def test_search_json_lists_ranked_hits_with_marked_snippets(cli, seeded) -> None:
    result = cli("search", "ferry", "--json")
    assert result.code == 0, result.err
    hits = json.loads(result.out)
    assert hits and hits[0]["id"] == seeded[FERRY.guid]
    assert set(hits[0]) == {"id", "title", "link", "feed", "published", "snippet"}
    assert hits[0]["title"] == FERRY.title
    assert hits[0]["feed"] == "The Tidewater Courier"
    assert hits[0]["link"] == FERRY.link()
    assert datetime.strptime(hits[0]["published"], "%Y-%m-%dT%H:%M:%SZ")
    assert "**ferry**" in hits[0]["snippet"].lower()
    assert "\x02" not in result.out and "\x03" not in result.out


def test_search_limit_and_plain_text_output(cli, seeded) -> None:
    everything = json.loads(cli("search", "said", "--json").out)
    assert len(everything) == 3
    assert len(json.loads(cli("search", "said", "--limit", "2", "--json").out)) == 2
    text = cli("search", "reservoirs")
    assert text.code == 0
    assert f"[{seeded[DROUGHT.guid]}] {DROUGHT.title}" in text.out
    assert "**reservoirs**" in text.out  # not a terminal: plain markers, no escape codes
    assert "\x1b" not in text.out


@pytest.mark.parametrize("query", ['"', "AND (", "*", "-", "", "ferry OR", "NEAR(", 'title:"x'])
def test_search_never_fails_on_user_syntax(cli, seeded, query: str) -> None:
    result = cli("search", query, "--json")
    assert result.code == 0, result.err
    assert isinstance(json.loads(result.out), list)


def test_search_with_no_hits_says_so(cli, seeded) -> None:
    assert json.loads(cli("search", "zeppelin", "--json").out) == []
    assert "No stories match" in cli("search", "zeppelin").out


def test_show_prints_one_article_with_its_analysis(cli, seeded) -> None:
    article_id = seeded[FERRY.guid]
    data = json.loads(cli("show", str(article_id), "--json").out)
    assert (data["id"], data["title"], data["author"], data["feed"]) == (
        article_id,
        FERRY.title,
        FERRY.author,
        "The Tidewater Courier",
    )
    assert set(data) == {
        "id",
        "title",
        "link",
        "feed",
        "feed_id",
        "author",
        "published",
        "updated",
        "read",
        "starred",
        "body",
        "teaser",
        "full_text",
        "summary",
        "people",
        "quotes",
    }
    assert data["body"] == FERRY.body
    assert data["people"][0] == {"name": "Ines Okafor", "role": "Mayor", "mentions": 2, "aliases": ["Okafor"]}
    assert data["quotes"][1]["speaker"] == "Dmitri Halloran"
    assert data["summary"][0].startswith("The Tidewater harbour council")

    text = cli("show", str(article_id))
    assert text.code == 0
    lines = text.out.splitlines()
    assert lines[0] == FERRY.title
    assert "Mara Quill" in lines[1] and "The Tidewater Courier" in lines[1]
    assert "Ines Okafor, Mayor: 2 mention(s)" in text.out
    assert "Kestrel Island" in text.out and "1.2" in text.out


def test_show_unknown_article_is_one_line(cli, seeded) -> None:
    result = cli("show", "999")
    assert (result.code, result.out, result.err) == (1, "", "briefing: no article with id 999\n")
    usage = cli("show", "abc")
    assert usage.code == 2 and usage.err.count("\n") == 1


def test_people_and_quotes(cli, seeded) -> None:
    people = json.loads(cli("people", "--json").out)
    names = [p["name"] for p in people]
    assert {"Ines Okafor", "Dmitri Halloran", "Petra Lindqvist", "Anselm Roe"} <= set(names)
    lindqvist = next(p for p in people if p["name"] == "Petra Lindqvist")
    assert (lindqvist["stories"], lindqvist["quotes"]) == (1, 1)
    assert "Petra Lindqvist, Water minister: 1 story, 1 quote(s)" in cli("people").out

    quotes = json.loads(cli("quotes", "Petra", "Lindqvist", "--json").out)
    assert len(quotes) == 1
    assert quotes[0]["text"].startswith("Nobody will go without drinking water")
    assert quotes[0]["article_id"] == seeded[DROUGHT.guid]
    assert quotes[0]["title"] == DROUGHT.title
    text = cli("quotes", "Petra Lindqvist").out
    assert "“Nobody will go without drinking water" in text and DROUGHT.title in text
    for argv in (["quotes", "Nobody Atall", "--json"], ["quotes", "Nobody Atall"]):
        nobody = cli(*argv)
        assert (nobody.code, nobody.out) == (1, "") and "no one called 'Nobody Atall'" in nobody.err


def test_digest_formats(cli, seeded, cli_db: Path) -> None:
    as_json = json.loads(cli("digest", "--format", "json").out)
    stories = [s for g in as_json["groups"] for s in g["stories"]]
    # the default window is the last 24 hours: the ferry and the drought, not the chess final
    assert [s["title"] for s in stories] == [FERRY.title, DROUGHT.title]
    ferry = stories[0]
    assert ferry["summary"][0].startswith("The Tidewater harbour council")
    assert ferry["people"][0] == {"name": "Ines Okafor", "role": "Mayor"}
    assert ferry["quote"]["speaker"] in ("Ines Okafor", "Dmitri Halloran")
    assert as_json["fallback"] is False

    week = json.loads(cli("digest", "--since", "7d", "--format", "json", "--group-by", "outlet").out)
    assert [g["title"] for g in week["groups"]] == ["The Tidewater Courier"]
    assert [s["title"] for s in week["groups"][0]["stories"]] == [FERRY.title, DROUGHT.title, CHESS.title]
    # the chess story had no analysis: it was analysed on the spot, or shows its opening words
    chess = week["groups"][0]["stories"][2]
    assert chess["summary"] and "Lena Vasquez" in " ".join(chess["summary"])

    text = cli("digest").out
    assert text.startswith("Briefing: 2 stories since ")
    assert f"* {FERRY.title}" in text and "People: Ines Okafor (Mayor)" in text
    markdown = cli("digest", "--format", "md").out
    assert markdown.startswith("# Briefing: 2 stories")
    assert f"### [{FERRY.title}](<{FERRY.link()}>)" in markdown
    assert "- Velmora households may water gardens only on alternate evenings." in markdown


def test_digest_starts_from_the_last_read_time(cli, seeded, cli_db: Path) -> None:
    with Store(cli_db) as store:
        store.set_state("last_read_at", "2000-01-01T00:00:00Z")
    everything = json.loads(cli("digest", "--format", "json").out)
    assert everything["since"] == "2000-01-01T00:00:00Z"
    assert sum(len(g["stories"]) for g in everything["groups"]) == 3


def test_digest_rejects_a_bad_since(cli, seeded) -> None:
    result = cli("digest", "--since", "yesterday-ish")
    assert result.code == 2 and result.err.count("\n") == 1 and "--since expects" in result.err


@pytest.mark.parametrize("since", ["today", "yesterday", "1y"])
def test_digest_since_takes_the_search_grammar(cli, cli_db: Path, since: str) -> None:
    from tests.cli.stories import entry

    now = datetime.now(timezone.utc).replace(microsecond=0)
    midnight = now.replace(hour=0, minute=0, second=0)
    with Store(cli_db) as store:
        feed = store.add_feed("https://gullhaven.example/rss")
        # FERRY: this morning (UTC); DROUGHT: the evening before; CHESS: two years ago
        store.store_entries(
            feed.id,
            [
                entry(FERRY, midnight + (now - midnight) / 2 + timedelta(hours=FERRY.hours_ago)),
                entry(DROUGHT, midnight - timedelta(hours=3) + timedelta(hours=DROUGHT.hours_ago)),
                entry(CHESS, now - timedelta(days=730) + timedelta(hours=CHESS.hours_ago)),
            ],
            now,
        )
    result = cli("digest", "--since", since, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    expected = {
        "today": (midnight, [FERRY.title]),
        "yesterday": (midnight - timedelta(days=1), [FERRY.title, DROUGHT.title]),
        "1y": (None, [FERRY.title, DROUGHT.title]),
    }[since]
    if expected[0] is not None:
        assert data["since"] == expected[0].strftime("%Y-%m-%dT%H:%M:%SZ")
    assert [s["title"] for g in data["groups"] for s in g["stories"]] == expected[1]


def test_empty_archive_digest(cli) -> None:
    data = json.loads(cli("digest", "--format", "json").out)
    assert data["groups"] == []
    assert "No stories yet" in cli("digest").out


def test_digest_falls_back_to_the_newest_day(cli, cli_db: Path) -> None:
    from tests.cli.stories import entry

    old = datetime(2025, 3, 4, 12, 0, tzinfo=timezone.utc)
    with Store(cli_db) as store:
        feed = store.add_feed("https://old.example/rss")
        store.store_entries(feed.id, [entry(FERRY, old), entry(DROUGHT, old), entry(CHESS, old)], old)
    data = json.loads(cli("digest", "--format", "json").out)
    assert data["fallback"] is True
    # the newest story's day: the chess final came 27 hours before the ferry and is left out
    assert [s["title"] for g in data["groups"] for s in g["stories"]] == [FERRY.title, DROUGHT.title]
    assert "latest day in the archive" in cli("digest").out


def test_search_sort_by_date_lists_newest_first(cli, seeded) -> None:
    ranked = json.loads(cli("search", "said", "--json").out)
    newest = json.loads(cli("search", "said", "--sort", "date", "--json").out)
    assert {hit["id"] for hit in newest} == {hit["id"] for hit in ranked}
    dates = [hit["published"] for hit in newest]
    assert dates == sorted(dates, reverse=True)
    assert cli("search", "said", "--sort", "sideways").code == 2  # a usage error, one line
