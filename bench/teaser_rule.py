"""Measure the teaser rule of ``briefing.core.fulltext.teaser`` on 50 real publisher feeds.

    python -m bench.teaser_rule [--markdown]

Truth is per feed (every story of a feed gets its feed's label): ../shared/corpora/real-feeds
README lists 11 feeds with full text, judged there by the raw length of the item's markup. Three
of them (arstechnica, thenextweb, washingtonpost-wellness), read item by item, carry an excerpt
and a "Read full article" / "This story continues at" link: a second truth, "inspected", labels
those three as teaser feeds. Candidate rules are scored story by story and feed by feed (a feed is
called a teaser feed when at least half its stories are teasers), then the chosen rule as the
refresh uses it: ``needs_full_text("auto", ..., feed=feed_stats(...))``.

Positive class = teaser (the page should be fetched). Prints nothing but a note without ../shared.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL_FEEDS = REPO.parent / "shared" / "corpora" / "real-feeds"
sys.path.insert(0, str(REPO))

from briefing.core.feeds import parse_feed  # noqa: E402
from briefing.core.fulltext import teaser  # noqa: E402

FULL_TEXT_README = {
    "arstechnica.xml",
    "chinadigitaltimes-2015.xml",
    "engadget-2022.xml",
    "lanacion-argentina-2022.xml",
    "macrumors-2022.xml",
    "nyt-chinese-2015.xml",
    "reuters-scraped-2026.xml",
    "talkingpointsmemo.atom",
    "thenextweb-2022.xml",
    "theverge-frontpage-2022.atom",
    "washingtonpost-wellness.xml",
}
EXCERPT_WITH_LINK = {"arstechnica.xml", "thenextweb-2022.xml", "washingtonpost-wellness.xml"}
FULL_TEXT_INSPECTED = FULL_TEXT_README - EXCERPT_WITH_LINK

Story = tuple[str, str, str]  # feed file, title, text
Rule = Callable[[str, str], bool]


def load() -> list[Story]:
    stories: list[Story] = []
    for path in sorted(REAL_FEEDS.iterdir()):
        if path.suffix not in (".xml", ".atom", ".rdf"):
            continue
        parsed = parse_feed(path.read_bytes(), None, f"http://127.0.0.1/{path.name}")
        stories += [(path.name, e.title, e.body) for e in parsed.entries]
    return stories


def rules() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for chars in (500, 1000, 1500):
        found[f"chars < {chars}"] = lambda t, x, c=chars: len(x) < c
    for words in (100, 150, 200, 300):
        found[f"words < {words}"] = lambda t, x, w=words: teaser.word_count(x) < w
    found["more-link only"] = lambda t, x: teaser.ends_with_more_link(x)
    for words in (100, 150, 200):
        found[f"words < {words} or more-link"] = lambda t, x, w=words: (
            teaser.word_count(x) < w or teaser.ends_with_more_link(x)
        )
    found["is_teaser (chosen)"] = lambda t, x: teaser.is_teaser(t, x)
    return found


def confusion(pairs: list[tuple[bool, bool]]) -> tuple[int, int, int, int]:
    """(tp, fn, fp, tn) for (truth, predicted) pairs, teaser = positive."""
    tp = sum(1 for t, p in pairs if t and p)
    fn = sum(1 for t, p in pairs if t and not p)
    fp = sum(1 for t, p in pairs if not t and p)
    return tp, fn, fp, len(pairs) - tp - fn - fp


def row(name: str, pairs: list[tuple[bool, bool]]) -> str:
    tp, fn, fp, tn = confusion(pairs)
    acc = (tp + tn) / max(1, len(pairs))
    recall = tp / max(1, tp + fn)
    precision = tp / max(1, tp + fp)
    return f"| {name} | {tp} | {fn} | {fp} | {tn} | {precision:.3f} | {recall:.3f} | {acc:.3f} |"


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    if not REAL_FEEDS.is_dir():
        print(f"skipped: {REAL_FEEDS} not found")
        return 0
    stories = load()
    feeds = sorted({f for f, _, _ in stories})
    header = "| rule | TP | FN | FP | TN | precision | recall | accuracy |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    for label, full in (("README", FULL_TEXT_README), ("inspected", FULL_TEXT_INSPECTED)):
        print(
            f"\n### truth: {label} ({len(feeds) - len(full)} teaser feeds, {len(full)} full-text feeds; {len(stories)} stories)\n"
        )
        print("Story level:\n")
        print(header)
        for name, rule in rules().items():
            print(row(name, [(f not in full, rule(t, x)) for f, t, x in stories]))
        print("\nFeed level (teaser feed = at least half its stories are teasers):\n")
        print(header)
        for name, rule in rules().items():
            pairs = []
            for feed in feeds:
                marks = [rule(t, x) for f, t, x in stories if f == feed]
                pairs.append((feed not in full, sum(marks) >= teaser.FEED_TEASER_SHARE * len(marks)))
            print(row(name, pairs))
        stats = {feed: teaser.feed_stats((t, x) for f, t, x in stories if f == feed) for feed in feeds}
        pairs = [(f not in full, teaser.needs_full_text("auto", t, x, feed=stats[f])) for f, t, x in stories]
        print("\nAs refresh decides (`needs_full_text('auto', ..., feed=feed_stats(feed))`), story level:\n")
        print(header)
        print(row("needs_full_text auto", pairs))
        wrong = sorted({f for (f, _, _), (t, p) in zip(stories, pairs) if t != p})
        print(f"\nfeeds with a wrong story: {', '.join(wrong) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
