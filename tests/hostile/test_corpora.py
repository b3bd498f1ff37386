"""Our own small corpus of awkward documents (tests/data/hostile), served over HTTP and refreshed.

The same kinds of cases as feedparser's test corpus: bad and odd encodings, ill-formed XML,
entities, double-encoded HTML, empty feeds, RSS 1.0/RDF, Atom with xhtml content, a JSON feed.
Each one ends as stored articles or as a readable error on its feed, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from briefing.core.feeds import Fetcher
from briefing.core.models import StoryFilter
from briefing.core.refresh import refresh
from briefing.core.store import Store
from tests.support.http import ScriptedServer

from .conftest import DATA, check_archive, forbidden_chars, plain_feed

pytestmark = pytest.mark.xdist_group("hostile-corpora")  # one worker: its module fixture is built once

CONTENT_TYPES = {
    ".json": "application/feed+json",
    ".rdf": "application/rdf+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/rss+xml",
}
# What each document must give: a number of stored articles, or an error mentioning a phrase.
EXPECTED: dict[str, int | str] = {
    "atom_xhtml.atom": 1,
    "double_encoded_html.xml": 1,
    "empty_body.xml": "empty",
    "empty_channel.xml": 0,
    "enc_bom_then_latin1_decl.xml": 1,
    "enc_cp1252_declared_utf8.xml": 1,
    "enc_latin1_declared_ok.xml": 1,
    "enc_unknown_charset.xml": 1,
    "enc_utf16_bom.xml": 1,
    "ent_html_named.xml": 1,
    "ent_markup_from_entities.xml": 1,
    "ent_numeric_controls.xml": 1,
    "ill_bare_ampersand.xml": 1,
    "ill_mismatched.xml": 1,
    "ill_truncated.xml": 3,
    "ill_unclosed_tags.xml": 2,
    "json_broken.json": "not a feed",
    "json_feed.json": 2,
    "rdf_rss1.rdf": 2,
    "whitespace_only.xml": "empty",
}


@pytest.fixture(scope="module")
def corpus_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, int]]]:
    """Every fixture served and refreshed once, next to a plain feed; name -> feed id."""
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    store = Store(db)
    ids: dict[str, int] = {}
    with ScriptedServer() as http_server:
        for path in sorted(DATA.iterdir()):
            http_server.route(f"/{path.name}", path.read_bytes(), content_type=CONTENT_TYPES[path.suffix])
            ids[path.name] = store.add_feed(http_server.url(f"/{path.name}")).id
        http_server.route("/plain.xml", plain_feed("Plain"))
        ids["plain"] = store.add_feed(http_server.url("/plain.xml")).id
        with Fetcher(timeout=10) as fetcher:
            result = refresh(store, fetcher=fetcher, analyse=True)
    assert len(result.results) == len(ids)
    yield store, ids
    store.close()


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in DATA.iterdir()) == sorted(EXPECTED)


def test_each_document_is_stored_or_a_readable_error(corpus_archive) -> None:
    store, ids = corpus_archive
    outcomes = {}
    for name, feed_id in ids.items():
        feed = store.get_feed(feed_id)
        articles = store.stories(limit=100, filter=StoryFilter(feed_id=feed_id))
        outcomes[name] = (len(articles), feed.last_error)
    assert outcomes["plain"] == (3, None)
    for name, expected in EXPECTED.items():
        stored, error = outcomes[name]
        if isinstance(expected, int):
            assert stored == expected, (name, outcomes[name])
        else:
            assert stored == 0 and error and expected in error, (name, outcomes[name])
            assert "\n" not in error and len(error) < 400
    check_archive(store.path)


def test_the_text_reads_right(corpus_archive) -> None:
    store, ids = corpus_archive

    def only(name: str):
        [row] = store.stories(limit=5, filter=StoryFilter(feed_id=ids[name]))
        return store.get_article(row.id)

    assert only("enc_cp1252_declared_utf8.xml").title == "Café owners fear the “quiet winter”"
    assert only("enc_utf16_bom.xml").title == "Résumé of the council vote"
    assert "£ 2m" in only("enc_latin1_declared_ok.xml").body
    assert only("ent_html_named.xml").body == "Prices in € and £…"
    assert only("ill_bare_ampersand.xml").title == "Fish & chips shop closes"
    atom = only("atom_xhtml.atom")
    assert atom.title == "Bridge reopens" and atom.author == "Jonas Vik"
    assert atom.body == "The old bridge reopened today.\n\nTraffic moved again by noon."  # no script text
    # Entities that decode to markup stay text, and the pixel and the script are gone.
    markup = only("ent_markup_from_entities.xml")
    assert "alert" not in markup.body and "pixel" not in markup.body and "Para two" in markup.body
    # Numeric character references to ESC, BEL and bidi overrides are decoded, then neutralised.
    numeric = only("ent_numeric_controls.xml")
    assert not forbidden_chars(numeric.title + numeric.body)
    assert "clipboard" in numeric.body and "reversed" in numeric.body
    # HTML escaped twice over still reads as text, not as tags.
    double = only("double_encoded_html.xml")
    assert double.body == "The budget passed & taxes fell." and double.title == "Budget & taxes"


def test_malformed_documents_name_the_problem(corpus_archive) -> None:
    store, ids = corpus_archive
    for name in ("ill_truncated.xml", "ill_mismatched.xml", "ill_bare_ampersand.xml"):
        assert "malformed XML" in (store.get_feed(ids[name]).last_error or ""), name
    assert "encoding" in (store.get_feed(ids["enc_cp1252_declared_utf8.xml"]).last_error or "")


def test_a_json_feed_is_read(corpus_archive) -> None:
    store, ids = corpus_archive
    feed = store.get_feed(ids["json_feed.json"])
    assert feed.title == "JSON desk" and feed.last_error is None
    titles = sorted(row.title for row in store.stories(filter=StoryFilter(feed_id=feed.id)))
    assert titles == ["Harbour crane replaced", "Night buses return"]
    crane = store.get_article(
        next(r.id for r in store.stories(filter=StoryFilter(feed_id=feed.id)) if r.title.startswith("Harbour"))
    )
    assert crane.body == "A new crane arrived by barge." and crane.author == "Lea Sund"
    assert crane.link == "http://127.0.0.1/json/1"
