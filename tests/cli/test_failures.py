"""Failures a daily user meets, each as one line with the right exit status (issues 9 and 10)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from briefing.core.models import ParsedEntry
from briefing.core.store import Store


def one_line_error(result, code: int) -> None:
    assert result.code == code, (result.code, result.out, result.err)
    assert result.err.startswith("briefing: ") and result.err.count("\n") == 1, result.err


def _store_one(db: Path, body: str, title: str = "Quay notes") -> int:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(db) as store:
        feed = store.add_feed("https://quay.example/rss")
        store.store_entries(feed.id, [ParsedEntry(guid="q1", link="https://quay.example/1", title=title,
                                                  author=None, published=now, updated=None, body=body)],
                            now, {"title": "Quay Gazette", "last_fetched": now})
        return store.stories(limit=1)[0].id


def test_analyze_text_with_a_bracket_between_capitals(cli) -> None:
    result = cli("analyze", "-", stdin="A]A\n")
    assert result.code == 0, result.err
    assert "A]A" in result.out


def test_an_article_with_a_bracket_between_capitals_can_be_shown(cli, cli_db: Path) -> None:
    article_id = _store_one(cli_db, "A]A")
    result = cli("show", str(article_id), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["body"] == "A]A"
