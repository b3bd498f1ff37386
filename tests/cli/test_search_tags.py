"""`briefing search tag:NAME`: the CLI's search finds the stories of feeds carrying a tag."""

from __future__ import annotations

import json


def test_search_by_tag_end_to_end(cli, seeded) -> None:
    found = json.loads(cli("search", "tag:local", "--json").out)
    assert {hit["id"] for hit in found} == set(seeded.values())
    with_words = json.loads(cli("search", "tag:Local", "ferry", "--json").out)
    assert with_words and all(hit["feed"] == "The Tidewater Courier" for hit in with_words)
    nothing = cli("search", "tag:national")
    assert nothing.code == 0 and "No stories match" in nothing.out
