"""The one entry point for story analysis: summary, people and quotes.

``analyse`` is pure (no database, no Textual, no I/O) and deterministic. The UI and
the refresh import this module lazily, so its imports (sumy, NLTK's stemmer) never
slow the TUI's start.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from briefing.core.models import Analysis
from briefing.core.summarize import summarize

__all__ = ["analyse", "to_text"]

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>", re.IGNORECASE)


def to_text(markup: str) -> str:
    """HTML to readable text: ``clean.html_to_text`` when present, else a minimal stripper."""
    try:
        from briefing.core.clean import html_to_text
    except ImportError:
        return strip_tags(markup)
    return html_to_text(markup)


def strip_tags(markup: str) -> str:
    text = _BLOCK.sub("\n\n", markup or "")
    text = html_lib.unescape(_TAG.sub("", text))
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def analyse(
    text: str,
    *,
    title: str | None = None,
    html: bool = False,
    summary_words: int = 75,
    method: str = "news",
) -> Analysis:
    """Summarise ``text`` and find the people in it and the quotes with who said them.

    ``html=True`` converts markup to text first. Quote offsets refer to the text that
    was analysed (after that conversion). ``method`` picks the summary algorithm
    (see ``summarize.METHODS``).
    """
    body = to_text(text) if html else (text or "")
    if title is not None:
        title = title.strip() or None
    summary = summarize(body, title, words=summary_words, method=method)
    people_result = _find_people(body, title)
    people = tuple(getattr(people_result, "people", ()) or ())
    quotes = tuple(_extract_quotes(body, people_result)) if people_result is not None else ()
    headline_end = _headline_end(body)
    if headline_end:  # a headline's quote repeats one in the story, cut short
        quotes = tuple(q for q in quotes if q.start >= headline_end)
    return Analysis(summary=tuple(summary), people=people, quotes=quotes)


_HEADLINE = re.compile(r"\A[ \t]*([^\n]{1,200}?)[ \t]*\n[ \t]*\n")


def _headline_end(body: str) -> int:
    """Where a headline line that opens the text ends (0 when the text does not open with one):
    one short line without closing punctuation, then a blank line."""
    m = _HEADLINE.match(body)
    if m is None:
        return 0
    line = m.group(1)
    bare = line.rstrip("\"'\u201d\u2019")
    if not bare or bare[-1] in ".!?:," or len(line.split()) > 25 or not body[m.end() :].strip():
        return 0
    return m.end(1)


def _find_people(text: str, title: str | None) -> Any:
    """``people.find_people``, or None while that module is not there."""
    try:
        from .people import find_people
    except ImportError:
        return None
    return find_people(text, title)


def _extract_quotes(text: str, people: Any) -> list[Any]:
    try:
        from .quotes import extract_quotes
    except ImportError:
        return []
    return extract_quotes(text, people)
