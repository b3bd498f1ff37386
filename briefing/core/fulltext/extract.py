"""Article page HTML -> the article's text, checked against what the feed said the story was.

trafilatura does the extraction (``favor_precision``, comments off: the best of its settings on
the benchmark, see bench/README.md). The result must then *be the article*: it has to share words
with the feed's title and teaser, say more than the teaser did, and not be a login wall, a cookie
page or a paywall stub. When the first pass fails those checks a second pass with
``favor_recall`` is tried; when that fails too the story keeps its teaser (status "teaser") and
the reason says why. Pure: no I/O, safe to run in a worker process.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from typing import Literal

from briefing.core.clean import MAX_HTML_CHARS, MAX_TEXT_CHARS, sanitize

Status = Literal["fetched", "teaser", "failed"]

# Pages beyond this are cut before parsing (the page fetcher's own limit is lower still).
MAX_PAGE_CHARS = 2 * MAX_HTML_CHARS
# trafilatura's cost grows with the square of an element's children (200,000 links: 47 s); the
# benchmark's largest page has 1,709 elements, so a page with more than this is refused unread.
MAX_ELEMENTS = 30_000
_START_TAG = re.compile(r"<[A-Za-z]")
# The article must have at least this many words, no fewer than the teaser ...
MIN_ARTICLE_WORDS = 60
# ... and at least this share of the title's and teaser's content words (compared by their first
# five letters, so inflected forms match). Measured on the benchmark's pages: see bench/README.md.
MIN_SHARED_WORDS = 0.25
_STEM = 5

_WORD = re.compile(r"\w+", re.UNICODE)
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Words too common to show that two texts are about the same thing.
_COMMON = frozenset(
    """the and for that with this from have has had was were are been will would could should their
    there they them then than what when where which while about after before into over under more
    most some such only also just said says very your you our its his her him she not but all any
    can may new one two three other out who how why now per via""".split()
)
# Phrases of pages that stand in front of the article (or instead of it).
_WALLS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a cookie consent page",
        re.compile(
            r"\b(?:we\s+use\s+cookies|accept\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings|preferences|consent)|"
            r"manage\s+(?:your\s+)?(?:cookie|consent|privacy)\s+(?:settings|choices|preferences)|your\s+privacy\s+choices)\b",
            re.I,
        ),
    ),
    (
        "a login wall",
        re.compile(
            r"\b(?:(?:sign|log)\s*in\s+to\s+(?:continue|read|view|keep)|please\s+(?:sign|log)\s*in|"
            r"create\s+(?:a\s+free\s+|an\s+)?account\s+to\s+(?:continue|read|keep)|register\s+to\s+(?:continue|read))\b",
            re.I,
        ),
    ),
    (
        "a paywall",
        re.compile(
            r"\b(?:subscribe\s+(?:now\s+)?to\s+(?:continue|read|keep|unlock|get\s+full)|already\s+a\s+subscriber|"
            r"subscribers?\s+only|for\s+subscribers|this\s+(?:article|story|content)\s+is\s+(?:for|available\s+to|exclusive\s+to)\s+(?:paying\s+)?(?:subscribers|members)|"
            r"to\s+continue\s+reading,?\s+(?:subscribe|sign|log|become)|unlock\s+(?:this|the\s+full)\s+(?:article|story)|"
            r"become\s+a\s+(?:member|subscriber)\s+to)\b",
            re.I,
        ),
    ),
)
# A wall phrase only condemns a text this short (a long article may carry a "subscribe" line).
WALL_MAX_WORDS = 250

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every odd page at WARNING
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What came of one page: ``text`` is the article (status "fetched") or "" with a ``reason``."""

    text: str
    status: Status
    reason: str | None = None
    method: str | None = None  # which pass gave the text: "precision" or "recall"


def extract_article(html: str | bytes, url: str | None = None, *, title: str = "", teaser: str = "") -> Extracted:
    """The article text of ``html`` (paragraphs separated by blank lines), checked to be the story.

    Never raises on bad input. Status "fetched": ``text`` is the article. "teaser": the page is
    not the article (a wall, a stub, something else) and the feed's teaser should stay. "failed":
    nothing readable could be extracted.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html or not html.strip():
        return Extracted("", "failed", "the page is empty")
    html = html[:MAX_PAGE_CHARS]
    elements = sum(1 for _ in _START_TAG.finditer(html))
    if elements > MAX_ELEMENTS:
        return Extracted("", "failed", f"the page is too complex to read ({elements:,} elements)")
    titled = _page_has_title(html, title)
    rejection: str | None = None
    for method in ("precision", "recall"):
        text = _trafilatura(html, url, method)
        if not text:
            continue
        problem = check_article(text, title=title, teaser=teaser, page_has_title=titled)
        if problem is None:
            return Extracted(_without_headline(text, title), "fetched", None, method)
        rejection = rejection or problem
    if rejection is not None:
        return Extracted("", "teaser", rejection)
    wall = _wall(sanitize(_visible_text(html)))
    if wall:
        return Extracted("", "teaser", f"the page is {wall}, not the article")
    return Extracted("", "failed", "no article text found on the page")


def shared_share(text: str, *, title: str = "", teaser: str = "") -> float | None:
    """The share of the title's and teaser's content words found in ``text`` (None: too few clues)."""
    clues = _content_words(title) | _content_words(teaser)
    if len(clues) < 3:
        return None
    return len(clues & {w[:_STEM] for w in _words(text)}) / len(clues)


def check_article(text: str, *, title: str = "", teaser: str = "", page_has_title: bool = False) -> str | None:
    """Why ``text`` is not the article the feed announced, or None when it is.

    ``page_has_title``: the page's own title (<title>, og:title, <h1>) is the feed's title; then
    the text need not repeat the headline's words (feature headlines often share none with the lede).
    """
    words = _words(text)
    wall = _wall(text)
    if wall and len(words) <= WALL_MAX_WORDS:
        return f"the page is {wall}, not the article"
    teaser_words = _words(teaser)
    if len(words) < MIN_ARTICLE_WORDS:
        return f"the page has only {len(words)} words of text"
    if len(words) < len(teaser_words):
        return "the page has less of the article than the feed"
    shared = None if page_has_title else shared_share(text, title=title, teaser=teaser)
    if shared is not None and shared < MIN_SHARED_WORDS:
        return f"the page text does not match the story (shares {shared:.0%} of its words)"
    return None


def _trafilatura(html: str, url: str | None, method: str) -> str:
    import trafilatura  # heavy (imports htmldate, courlan, justext): only where pages are extracted

    try:
        raw = trafilatura.extract(
            html,
            url=url,
            favor_precision=method == "precision",
            favor_recall=method == "recall",
            include_comments=False,
            include_tables=True,
            output_format="txt",
            with_metadata=False,
        )
    except Exception:  # noqa: BLE001 - a hostile page must cost a failed story, never the refresh
        return ""
    return _paragraphs(raw or "")


def _paragraphs(raw: str) -> str:
    """trafilatura's one-line-per-block text -> blank-line separated paragraphs, made safe."""
    text = sanitize(raw)[:MAX_TEXT_CHARS]
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line)


def _without_headline(text: str, title: str) -> str:
    """The text without a first paragraph that only repeats the story's title (shown apart)."""
    first, _, rest = text.partition("\n\n")
    if rest and title and _words(first) == _words(title):
        return rest
    return text


def _words(text: str) -> list[str]:
    lowered = text.lower()
    words = _WORD.findall(_IDEOGRAPHS.sub(" ", lowered))
    return words + _IDEOGRAPHS.findall(lowered)  # ideographs count one each


def _content_words(text: str) -> set[str]:
    return {
        w[:_STEM]
        for w in _words(text)
        if (len(w) >= 4 or _IDEOGRAPHS.match(w)) and w not in _COMMON and not w.isdigit()
    }


_TITLE_TAGS = re.compile(
    r"<title\b[^>]*>(.{0,500}?)</title>|<h1\b[^>]*>(.{0,2000}?)</h1>|"
    r"<meta\s[^>]*?(?:property|name)=[\"'](?:og:title|twitter:title)[\"'][^>]*?content=[\"']([^\"'<>]{0,500})",
    re.IGNORECASE | re.DOTALL,
)
PAGE_TITLE_SHARE = 0.6


def _page_has_title(html: str, title: str) -> bool:
    """Does the page call itself by the feed's title? (<title>, og:title or an <h1>, 60% of its words)"""
    clues = _content_words(title)
    if len(clues) < 2:
        return False
    for match in _TITLE_TAGS.finditer(html[:400_000]):
        found = re.sub(r"<[^>]*>", " ", next(g for g in match.groups() if g is not None))
        if len(clues & _content_words(html_lib.unescape(found))) >= PAGE_TITLE_SHARE * len(clues):
            return True
    return False


def _wall(text: str) -> str | None:
    for name, pattern in _WALLS:
        if pattern.search(text):
            return name
    return None


def _visible_text(html: str) -> str:
    from briefing.core.clean import html_to_text

    return html_to_text(html)[:20_000]
