"""parse_feed on mutated copies of our fixtures: it returns a clean feed or says NotAFeed, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.core.feeds import NotAFeed, parse_feed
from tests.net.conftest import feed_bytes
from tests.support.unsafe import unsafe_in

SEEDS = [feed_bytes(n) for n in ("harbour_rss.xml", "fieldnotes_atom.xml", "broken_after_two.xml", "hostile_rss.xml")]
INSERTS = [
    b"<",
    b">",
    b"&",
    b"&#27;",
    b"]]>",
    b"<![CDATA[",
    b"</item>",
    b"<item>",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>",
    b"&a;",
    b"<entry>",
    b"\x1b]52;c;x\x07",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.integers(0, 2))
        if action == 0:
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif action == 1:
            del data[at : at + draw(st.integers(1, 40))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutated(),
    st.sampled_from([{}, {"content-type": "application/rss+xml; charset=utf-8"}, {"content-type": "text/html"}]),
)
def test_mutated_feeds_parse_cleanly_or_are_refused(data: bytes, headers: dict[str, str]) -> None:
    try:
        feed = parse_feed(data, headers, "https://fuzz.example/feed.xml")
    except NotAFeed as refusal:
        assert str(refusal).startswith("not a feed: ")
        return
    for entry in feed.entries:
        for value in (entry.title, entry.body, entry.author or "", entry.link or "", entry.guid or ""):
            assert unsafe_in(value) == []
            value.encode("utf-8")
        assert entry.title  # never empty: a fallback stands in
        assert entry.published is None or entry.published.tzinfo is not None
    assert feed.problem is None or "\n" not in feed.problem
