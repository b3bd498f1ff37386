"""Fuzzing the whole path a feed takes: parse -> clean -> analyse -> store -> search.

Two kinds of input, both from hypothesis:
- generated feeds (RSS 2.0, Atom, RSS 1.0, JSON Feed) whose every field is arbitrary Unicode:
  controls, lone surrogates, bidi overrides, escape sequences, markup, entities, huge attributes;
- mutated feeds: our own fixtures with bytes flipped, inserted, deleted, cut short or repeated.
For every example: no exception escapes (``NotAFeed`` is the one documented refusal), everything
stored is valid Unicode without control characters other than newline and tab, and the archive
passes ``PRAGMA integrity_check`` and the full-text check at the end.

Deterministic (``derandomize``) and bounded: ``BRIEFING_FUZZ_EXAMPLES`` examples per test (default
60) keep the suite short on 2 cores; long runs set it to thousands, and ``BRIEFING_FUZZ_RANDOM=1``
draws new examples each run instead of the fixed sequence.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.core.analysis import analyse
from briefing.core.clean import html_to_text, sanitize, sanitize_line
from briefing.core.feeds import NotAFeed, parse_feed
from briefing.core.models import StoryFilter
from briefing.core.store import Store

from .conftest import DATA, check_archive, forbidden_chars, plain_feed

pytestmark = pytest.mark.xdist_group("hostile-fuzz")  # one worker: its module fixture is built once

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("BRIEFING_FUZZ_RANDOM") == "1"  # bench: new examples every run
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

# Text that is hard on a terminal and a parser, mixed into arbitrary Unicode.
NASTY = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b]52;c;ZXZpbA==\x07",
        "\x1b]8;;https://evil.example\x1b\\",
        "\x9b2J",
        "\x1bP+q\x1b\\",
        "\u202e",
        "\u2066",
        "\u200f",
        "\x00",
        "\x07",
        "\x7f",
        "\ufeff",
        "\ud800",
        "\udfff",
        "\uffff",
        "\r\n",
        "\u2028",
        "[bold]",
        "[/]",
        "[link=https://x.example]",
        "&amp;",
        "&lt;p&gt;",
        "&#27;",
        "&#x9b;",
        "&#0;",
        "&#xd800;",
        "&nbsp;",
        "&bogus;",
        "<![CDATA[",
        "]]>",
        "<p>",
        "</div>",
        "<script>x()</script>",
        "<img src=x>",
        "<!--",
        "-->",
        'Ada Lovegood said "we will mend it".',
        '"',
        "“",
        "”",
        "'",
        "Mr.",
        "\u0301",
        "🙂",
        "ﬁ",
        "İ",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=12).map("".join)
HTML_ATTR = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20).map(lambda t: t * 500)


def _xml_text(value: str, raw: bool) -> str:
    """Field text as the document carries it: escaped, raw (possibly ill-formed), or in CDATA."""
    if raw:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def generated_feed(draw) -> tuple[bytes, dict[str, str]]:
    kind = draw(st.sampled_from(["rss", "atom", "rdf", "json"]))
    raw = draw(st.booleans())
    items = draw(st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT, st.one_of(st.none(), TEXT), HTML_ATTR), max_size=5))
    title = draw(TEXT)
    if kind == "json":
        doc = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": [
                {
                    "id": guid,
                    "title": t,
                    "content_html": body + f'<img alt="{attr}">',
                    "url": link,
                    "authors": [{"name": author}],
                    "date_published": draw(st.sampled_from(["2026-11-25T10:00:00Z", "junk", ""])),
                }
                for t, body, guid, link, author, attr in items
            ],
        }
        return json.dumps(doc).encode("utf-8", "surrogatepass"), {"content-type": "application/feed+json"}
    parts = []
    for t, body, guid, link, author, attr in items:
        body_html = _xml_text(f'<p title="{attr}">{body}</p>', raw)
        if kind == "rss":
            parts.append(
                f"<item><title>{_xml_text(t, raw)}</title><guid>{_xml_text(guid, raw)}</guid>"
                f"<link>{_xml_text(link, raw)}</link><author>{_xml_text(author or '', raw)}</author>"
                f"<pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>{body_html}</description></item>"
            )
        elif kind == "atom":
            parts.append(
                f'<entry><title type="html">{_xml_text(t, raw)}</title><id>{_xml_text(guid, raw)}</id>'
                f'<link href="{_xml_text(link, False)}"/><author><name>{_xml_text(author or "", raw)}</name></author>'
                f'<updated>2026-11-25T10:00:00Z</updated><content type="html">{body_html}</content></entry>'
            )
        else:
            parts.append(
                f'<item rdf:about="{_xml_text(guid, False)}"><title>{_xml_text(t, raw)}</title>'
                f"<link>{_xml_text(link, raw)}</link><description>{body_html}</description></item>"
            )
    head = _xml_text(title, raw)
    if kind == "rss":
        doc = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{head}</title>{"".join(parts)}</channel></rss>'
    elif kind == "atom":
        doc = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{head}</title>{"".join(parts)}</feed>'
    else:
        doc = (
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/"><channel><title>{head}</title></channel>{"".join(parts)}</rdf:RDF>'
        )
    # Lone surrogates go out as the invalid bytes a broken publisher would send.
    data = doc.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16"])), "surrogatepass")
    headers = {
        "content-type": draw(
            st.sampled_from(
                ["application/rss+xml", "text/xml; charset=iso-8859-1", "text/html", "application/octet-stream", ""]
            )
        )
    }
    return data, headers


SEEDS = [p.read_bytes() for p in sorted(DATA.iterdir()) if p.stat().st_size] + [plain_feed("Seed", 4)]


@st.composite
def mutated_feed(draw) -> tuple[bytes, dict[str, str]]:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat", "attr"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
        elif op == "repeat":
            data[at:at] = bytes(data[at : at + 200]) * draw(st.integers(2, 20))
        elif op == "attr":
            data[at:at] = b' x="' + b"\xe2\x80\xae" * draw(st.integers(1, 20_000)) + b'"'
    return bytes(data), {"content-type": draw(st.sampled_from(["application/rss+xml", "text/plain", ""]))}


@pytest.fixture(scope="module")
def fuzz_store() -> Iterator[tuple[Store, Path]]:
    with tempfile.TemporaryDirectory(prefix="briefing-fuzz-") as work:
        path = Path(work) / "fuzz.db"
        store = Store(path)
        yield store, path
        store.close()
        check_archive(path)


def run_pipeline(store: Store, data: bytes, headers: dict[str, str], fast: bool) -> None:
    """The refresh's own path for one document; asserts what was stored is clean."""
    try:
        parsed = parse_feed(data, headers, "http://127.0.0.1/fuzz.xml", fast=fast)
    except NotAFeed as refusal:
        assert str(refusal).startswith("not a feed") and not forbidden_chars(str(refusal))
        return
    for text in (parsed.title, parsed.link, parsed.problem):
        assert not forbidden_chars(text)
    feed = store.add_feed(f"http://127.0.0.1/fuzz/{store.list_feeds().__len__()}.xml")
    store.store_entries(
        feed.id,
        parsed.entries,
        NOW,
        {"title": parsed.title, "last_error": parsed.problem, "last_status": 200, "last_fetched": NOW},
    )
    for row in store.stories(limit=50, filter=StoryFilter(feed_id=feed.id)):
        article = store.get_article(row.id)
        for text in (article.title, article.body, article.author, article.link, article.guid, article.feed):
            assert not forbidden_chars(text), (text or "")[:80]
            if text:
                text.encode("utf-8")  # valid Unicode: no lone surrogate survived
        analysis = analyse(article.body[:5000], title=article.title)
        store.save_analysis(article.id, analysis)
        for line in analysis.summary:
            assert not forbidden_chars(line)
        for quote in analysis.quotes:
            assert not forbidden_chars(quote.text)
        store.search(article.title[:30])
        store.search(article.body[:30])
    store.remove_feed(feed.id)  # keep the archive small; deletes exercise the FTS triggers too


@FUZZ
@given(doc=generated_feed(), fast=st.booleans())
def test_generated_feeds_never_escape_or_store_controls(fuzz_store, doc, fast) -> None:
    run_pipeline(fuzz_store[0], *doc, fast)


@FUZZ
@given(doc=mutated_feed(), fast=st.booleans())
def test_mutated_feeds_never_escape_or_store_controls(fuzz_store, doc, fast) -> None:
    run_pipeline(fuzz_store[0], *doc, fast)


@FUZZ
@given(text=st.lists(st.one_of(st.text(), NASTY, HTML_ATTR), max_size=20).map("".join))
def test_cleaning_is_total_and_safe(text: str) -> None:
    for cleaned in (html_to_text(text), sanitize(text), sanitize_line(text)):
        assert not forbidden_chars(cleaned)
        cleaned.encode("utf-8")
    assert "\n" not in sanitize_line(text)


@FUZZ
@given(
    query=st.lists(
        st.one_of(
            st.text(max_size=10),
            st.sampled_from(
                [
                    '"',
                    "AND (",
                    "*",
                    "-",
                    "NEAR(",
                    "person:",
                    'quote:"',
                    "feed:",
                    "since:",
                    "is:",
                    "^",
                    ":",
                    "OR",
                    "NOT",
                    "\x00",
                ]
            ),
        ),
        max_size=8,
    ).map(" ".join)
)
def test_search_never_raises_on_what_the_user_types(fuzz_store, query: str) -> None:
    for hit in fuzz_store[0].search(query):
        assert not forbidden_chars(hit.title)
