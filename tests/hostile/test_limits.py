"""Resource limits: hostile responses are cut off or bounded, on their own feed only.

One refresh, in a child process so its peak memory can be measured, over a 1 GB response (with
and without Content-Length), a body that trickles forever, a gzip bomb, an XML entity-expansion
bomb, a feed of 100,000 items, a single 10 MB entry and 100,000 levels of nested HTML, next to
two ordinary feeds. Each hostile feed ends with a clear error or a bounded result; the ordinary
ones complete; the child's peak RSS grows by less than ``RSS_BOUND_MB``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core import clean, feeds
from briefing.core.feeds import parse_feed
from briefing.core.models import StoryFilter
from briefing.core.store import Store
from tests.support.http import ScriptedServer

from .conftest import REPO, check_archive, cli_env, plain_feed, rss, rss_item

pytestmark = pytest.mark.xdist_group("hostile-limits")  # one worker: its module fixture is built once

RSS_BOUND_MB = 400  # peak RSS growth of the whole hostile refresh; measured 220-270 MB, most of it the
# 100,000-item document (a 17 MB XML tree); the 1 GB response and the gzip bomb stop at the 20 MB cap
GIGABYTE = 1_000_000_000

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><guid>laugh-1</guid><description>&lol9;</description></item>
</channel></rss>
"""


def gzip_bomb(decompressed: int) -> bytes:
    """A small gzip stream of ``decompressed`` zero bytes, built without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(decompressed >> 20)]
    parts.append(packer.flush())
    return b"".join(parts)


def many_items(count: int) -> bytes:
    return rss((rss_item(i, f"Item {i}", f"Body {i}.") for i in range(count)), title="Hundred thousand")


def one_huge_entry(size: int) -> bytes:
    paragraph = "<p>" + "A very long story about the harbour wall and the tides. " * 40 + "</p>"
    html = paragraph * (size // len(paragraph) + 1)
    return rss([rss_item(1, "The longest story ever filed", html)], title="Huge entry")


def nested_html(depth: int) -> bytes:
    html = "<div>" * depth + "words at the bottom of the well" + "</div>" * depth
    return rss([rss_item(1, "Deeply nested", html)], title="Nested")


@pytest.fixture(scope="module")
def hostile_refresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, dict[str, dict], Path]]:
    """Serve every hostile feed plus two plain ones, refresh once in a child; outcome by name."""
    with ScriptedServer() as http_server:
        yield _run_hostile_refresh(tmp_path_factory.mktemp("limits"), http_server)


def _run_hostile_refresh(tmp_path: Path, http_server: ScriptedServer) -> tuple[dict, dict[str, dict], Path]:
    http_server.route("/plain-a.xml", plain_feed("Alpha"))
    http_server.route("/plain-b.xml", plain_feed("Bravo"))
    http_server.route("/gigabyte.xml", size=GIGABYTE, send_length=False)
    http_server.route("/gigabyte-length.xml", size=GIGABYTE)
    http_server.route("/trickle.xml", size=GIGABYTE, chunk=16, trickle=0.2, send_length=False)
    http_server.route("/gzip-bomb.xml", gzip_bomb(256 << 20), headers={"Content-Encoding": "gzip"})
    http_server.route("/laughs.xml", BILLION_LAUGHS)
    http_server.route("/items.xml", many_items(100_000))
    http_server.route("/huge-entry.xml", one_huge_entry(10_000_000))
    http_server.route("/nested.xml", nested_html(100_000))
    db = tmp_path / "limits.db"
    store = Store(db)
    names = {}
    for path in (
        "/plain-a.xml",
        "/gigabyte.xml",
        "/gigabyte-length.xml",
        "/trickle.xml",
        "/gzip-bomb.xml",
        "/laughs.xml",
        "/items.xml",
        "/huge-entry.xml",
        "/nested.xml",
        "/plain-b.xml",
    ):
        names[store.add_feed(http_server.url(path)).url] = path.strip("/").removesuffix(".xml")
    store.close()
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.refresh_child", str(db), "--timeout", "4"],
        capture_output=True,
        timeout=180,
        cwd=REPO,
        env=cli_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    report = json.loads(done.stdout)
    return report, {names[r["url"]]: r for r in report["results"]}, db


def test_every_hostile_feed_is_bounded_and_the_others_complete(hostile_refresh) -> None:
    report, by_name, db = hostile_refresh
    assert by_name["plain-a"]["outcome"] == "ok" and by_name["plain-a"]["new"] == 3
    assert by_name["plain-b"]["outcome"] == "ok" and by_name["plain-b"]["new"] == 3
    assert "larger than 20 MB" in by_name["gigabyte"]["error"]
    assert "larger than 20 MB" in by_name["gigabyte-length"]["error"]
    assert "timed out after 4 s" in by_name["trickle"]["error"]
    assert "larger than 20 MB" in by_name["gzip-bomb"]["error"]
    # The bomb's DOCTYPE is removed before parsing, and that is said on the feed.
    laughs = by_name["laughs"]
    assert laughs["outcome"] == "ok" and laughs["new"] == 1
    # 100,000 items: the first MAX_ENTRIES are kept and the feed says so.
    assert by_name["items"]["outcome"] == "ok" and by_name["items"]["new"] == feeds.MAX_ENTRIES
    assert by_name["huge-entry"]["outcome"] == "ok" and by_name["nested"]["outcome"] == "ok"
    # Bounded in time: the trickle's 4 s total timeout is the longest wait in the run.
    assert report["seconds"] < 90, report["seconds"]
    growth_mb = (report["rss_peak_kb"] - report["rss_start_kb"]) / 1024
    assert growth_mb < RSS_BOUND_MB, growth_mb
    print(
        f"hostile refresh: {report['seconds']} s, peak RSS growth {growth_mb:.0f} MB, "
        f"peak RSS {report['rss_peak_kb'] / 1024:.0f} MB"
    )


def test_what_was_stored_is_capped_and_explained(hostile_refresh) -> None:
    _report, _by_name, db = hostile_refresh
    store = Store(db)
    errors = {f.url.rsplit("/", 1)[-1]: f.last_error for f in store.list_feeds()}
    assert "kept the first" in errors["items.xml"] and "100000 entries" in errors["items.xml"]
    assert "DOCTYPE" in errors["laughs.xml"]
    [laugh] = store.stories(
        filter=StoryFilter(
            feed_id=store.get_feed(next(f.id for f in store.list_feeds() if f.url.endswith("laughs.xml"))).id
        )
    )
    assert len(laugh.title) < 20 and len(store.get_article(laugh.id).body) < 20  # never expanded
    huge = next(f for f in store.list_feeds() if f.url.endswith("huge-entry.xml"))
    [row] = store.stories(filter=StoryFilter(feed_id=huge.id))
    body = store.get_article(row.id).body
    assert 100_000 < len(body) <= clean.MAX_TEXT_CHARS + 2 and body.endswith("…")
    nested = next(f for f in store.list_feeds() if f.url.endswith("nested.xml"))
    [row] = store.stories(filter=StoryFilter(feed_id=nested.id))
    assert store.get_article(row.id).body == "words at the bottom of the well"
    store.close()
    check_archive(db)


def test_entity_bomb_is_bounded_on_every_parser_path() -> None:
    """Whether the lxml fast path or feedparser reads it, the bomb costs milliseconds, not gigabytes."""
    for fast in (True, False):
        started = time.monotonic()
        parsed = parse_feed(BILLION_LAUGHS, {"content-type": "application/rss+xml"}, "http://127.0.0.1/l", fast=fast)
        assert time.monotonic() - started < 2.0
        assert all(len(e.body) < 1000 and len(e.title) < 1000 for e in parsed.entries)
    # Parameter entities and external entities are bombs and leaks too.
    for dtd in (b"<!ENTITY % pe \"<!ENTITY x 'boom'>\"> %pe;", b'<!ENTITY x SYSTEM "file:///etc/passwd">'):
        doc = (
            b'<?xml version="1.0"?><!DOCTYPE rss [' + dtd + b']><rss version="2.0"><channel><title>t</title>'
            b"<item><guid>1</guid><title>&x;</title><description>d</description></item></channel></rss>"
        )
        parsed = parse_feed(doc, {}, "http://127.0.0.1/e")
        assert all("root:" not in e.title + e.body for e in parsed.entries)


def test_deep_nesting_never_overflows_the_stack() -> None:
    for depth in (1_000, 50_000, 250_000):  # 250,000 tables still fit the 2M-character input cap
        for tag in ("div", "b", "table", "ul"):
            html = f"<{tag}>" * depth + "bottom" + f"</{tag}>" * depth
            assert "bottom" in clean.html_to_text(html)
    unclosed = "<div><span><i>" * 100_000 + "still here"
    assert "still here" in clean.html_to_text(unclosed)
    # Through the whole entry path, escaped inside a description.
    doc = rss([rss_item(1, "t", "<div>" * 200_000 + "kept" + "</div>" * 200_000)])
    [entry] = parse_feed(doc, {}, "http://127.0.0.1/n").entries
    assert entry.body == "kept"
    [entry] = parse_feed(doc, {}, "http://127.0.0.1/n", fast=False).entries
    assert entry.body == "kept"


def test_a_huge_feed_title_and_link_are_capped() -> None:
    """The feed's own title shows on every story row: a 5 MB one must not reach the archive whole."""
    doc = rss([rss_item(1, "t", "b")], title="Enormous " * 600_000).replace(
        b"<link>http://127.0.0.1/</link>", b"<link>http://127.0.0.1/" + b"x" * 100_000 + b"</link>"
    )
    for fast in (True, False):
        parsed = parse_feed(doc, {}, "http://127.0.0.1/t", fast=fast)
        assert parsed.title.startswith("Enormous") and len(parsed.title) <= 1000
        assert len(parsed.link) <= 2000
