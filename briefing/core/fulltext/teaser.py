"""Is a story's feed text a teaser, and should briefing fetch the article page for it?

The rule was chosen by measurement on 50 real publisher feeds (``bench/teaser_rule.py``; the
confusion tables are in bench/README.md): a story is a teaser when its text is short (under
``MIN_WORDS`` words, an ideograph counting as 1/1.5 of a word) or ends with a "read the rest"
link ("Continue reading…", "Read full article", "This story continues at …"). Length alone misses
publishers that put 600-1,500 characters of the article in the feed and then link to the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Mode = Literal["auto", "always", "never"]
MODES: tuple[Mode, ...] = ("auto", "always", "never")

# Below this many words the feed text is not the article (chosen on the real-feeds corpus).
MIN_WORDS = 150
# A feed is a teaser feed when at least this share of its stories are teasers.
FEED_TEASER_SHARE = 0.5
# Below this many stories a feed's own share says little: each story is judged alone.
FEED_MIN_STORIES = 5

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+", re.UNICODE)
_IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# The last lines of a teaser: a link (or its text) to the rest of the article.
_MORE = re.compile(
    r"""(?:
        continue[sd]?\s+reading | read\s+(?:the\s+)?(?:full|whole|entire|rest|more) | read\s+more
      | (?:this\s+)?(?:story|article|post)\s+(?:continues|first\s+appeared)
      | to\s+read\s+this\s+article\s+in\s+full | full\s+(?:story|article)\s+(?:here|at|on)
      | click\s+here\s+to\s+read | view\s+(?:the\s+)?full\s+(?:story|article)
      | \[(?:…|\.\.\.|&hellip;)\] | (?:…|\.\.\.)\W{0,3}$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_TAIL_CHARS = 200  # how much of the end of the text may hold the "read more" line


def word_count(text: str) -> float:
    """Words in ``text``; ideographic scripts (no spaces) count one word per 1.5 characters."""
    ideographs = len(_IDEOGRAPH.findall(text))
    latin = len(_WORD.findall(_IDEOGRAPH.sub(" ", text))) if ideographs else len(_WORD.findall(text))
    return latin + ideographs / 1.5


def ends_with_more_link(text: str) -> bool:
    """True when the last lines of ``text`` point to the rest of the article."""
    tail = text.rstrip()[-_TAIL_CHARS:]
    if not tail:
        return False
    last_break = tail.rfind("\n")
    last_line = tail[last_break + 1 :] if last_break >= 0 else tail
    # A marker on the last line, or on the line before a short trailer ("Comments", "Or read more about: X").
    if _MORE.search(last_line):
        return True
    lines = [line for line in tail.splitlines() if line.strip()]
    return any(_MORE.search(line) for line in lines[-3:]) and len(lines[-1]) < 80


def is_teaser(title: str, text: str, html: str | None = None) -> bool:
    """True when ``text`` (a story's feed text, already cleaned) is a teaser, not the article.

    ``html`` is the feed's raw markup when known: a "read more" anchor counts even when the
    cleaner kept no text of it. ``title`` is not used by the rule today (measured: it did not
    help) but is part of the contract so the rule can use it without changing callers.
    """
    del title
    if word_count(text) < MIN_WORDS or ends_with_more_link(text):
        return True
    if html:
        anchors = re.findall(r"<a\b[^>]*>([^<]{0,80})</a>\s*(?:</\w+>\s*)*$", html.strip()[-400:], re.IGNORECASE)
        return any(_MORE.search(anchor) for anchor in anchors)
    return False


@dataclass(frozen=True, slots=True)
class FeedTextStats:
    """How many of a feed's recent stories are teasers (from ``feed_stats``)."""

    stories: int
    teasers: int

    @property
    def teaser_feed(self) -> bool | None:
        """True/False for a teaser/full-text feed; None when there are too few stories to say."""
        if self.stories < FEED_MIN_STORIES:
            return None
        return self.teasers >= FEED_TEASER_SHARE * self.stories


def feed_stats(stories: Iterable[tuple[str, str]]) -> FeedTextStats:
    """Teaser count over a feed's (title, text) pairs."""
    total = teasers = 0
    for title, text in stories:
        total += 1
        teasers += is_teaser(title, text)
    return FeedTextStats(total, teasers)


def parse_mode(value: str) -> Mode:
    """A full-text mode from user input; ValueError with a one-line message otherwise."""
    mode = value.strip().lower()
    if mode not in MODES:
        raise ValueError(f"full-text mode must be one of auto, always, never (not {value.strip()[:40]!r})")
    return mode


def needs_full_text(
    mode: Mode, title: str, text: str, html: str | None = None, *, feed: FeedTextStats | None = None
) -> bool:
    """Should the article page of this story be fetched?

    ``never``: no; ``always``: yes; ``auto``: when the story is a teaser. In ``auto`` a feed that
    is known to carry full text (most of its stories are not teasers) still gets its short stories
    fetched only when they end with a "read more" link: a full-text feed's one-paragraph brief is
    the whole story, and fetching it would cost a request for nothing.
    """
    if mode == "never":
        return False
    if mode == "always":
        return True
    if mode != "auto":
        raise ValueError(f"unknown full-text mode {mode!r}")
    if feed is not None and feed.teaser_feed is False:
        return ends_with_more_link(text)
    if feed is not None and feed.teaser_feed:
        return True
    return is_teaser(title, text, html)
