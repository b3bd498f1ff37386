"""``[summary] words/method`` reach every summary the command line stores or shows: the default
fetch (analysed in its parse processes), ``analyze --pending`` and ``show`` of a story not yet
analysed. The oracle is the real analysis run with the same settings."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.core.backlog import AnalysisOptions, analyse_article
from tests.net.test_pipeline import rss

OPTIONS = AnalysisOptions(summary_words=12, method="lead")


def configure(tmp_path: Path) -> None:
    # tests/cli/conftest.py points BRIEFING_CONFIG at this file
    (tmp_path / "config.toml").write_text('[summary]\nwords = 12\nmethod = "lead"\n')


def check_summaries(cli, ids: list[int]) -> None:
    differs = 0
    for article_id in ids:
        shown = json.loads(cli("show", str(article_id), "--json").out)
        wanted = analyse_article(shown["title"], shown["body"], OPTIONS)
        assert shown["summary"] == list(wanted.summary), shown["title"]
        differs += shown["summary"] != list(analyse_article(shown["title"], shown["body"]).summary)
    assert differs  # the settings made a visible difference


def story_ids(cli) -> list[int]:
    return sorted(hit["id"] for hit in json.loads(cli("search", "council", "--json").out))


def test_the_default_fetch_stores_summaries_made_with_the_settings(cli, http_server, tmp_path: Path) -> None:
    configure(tmp_path)
    http_server.route("/desk.xml", rss(0))
    cli("add", http_server.url("/desk.xml"))
    fetched = json.loads(cli("fetch", "--json").out)
    assert fetched["new"] == 4
    assert json.loads(cli("analyze", "--pending", "--json").out) == {"analysed": 0}  # nothing left over
    check_summaries(cli, story_ids(cli))


def test_analyze_pending_and_show_use_the_settings(cli, http_server, tmp_path: Path) -> None:
    configure(tmp_path)
    http_server.route("/desk.xml", rss(1))
    cli("add", http_server.url("/desk.xml"))
    assert json.loads(cli("fetch", "--json", "--no-analysis").out)["new"] == 4
    ids = story_ids(cli)
    check_summaries(cli, ids[:1])  # show analyses the one it shows
    assert json.loads(cli("analyze", "--pending", "--json").out) == {"analysed": 3}
    check_summaries(cli, ids)
