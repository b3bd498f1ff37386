"""Shared printing for the commands: every piece of feed-derived text goes through ``clean.sanitize``
(and URL passwords are masked) before it reaches the terminal, so no escape sequence from a feed
reaches it; JSON output is one document on one line with every string sanitised."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from datetime import datetime
from typing import Any

from briefing.core.clean import sanitize, sanitize_line
from briefing.core.models import HIT_END, HIT_START, Analysis
from briefing.core.redact import mask_urls
from briefing.core.times import iso_z, short_utc

PROG = "briefing"
_SPACES = re.compile(r"\s+")


def safe_line(text: str | None) -> str:
    """One line of outside text fit to print: sanitised and with URL passwords masked
    (fetch progress lines, error lines)."""
    return sanitize_line(mask_urls(text or ""))


def out(text: str = "") -> None:
    """Print feed-derived text to stdout, sanitised and URL passwords masked; newlines and tabs survive."""
    sys.stdout.write(sanitize(mask_urls(text)) + "\n")


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(mask_urls(value))
    if isinstance(value, dict):
        return {k: _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    return value


def out_json(value: Any) -> None:
    """One JSON document on one line, every string sanitised."""
    sys.stdout.write(json.dumps(_clean_json(value), ensure_ascii=False) + "\n")


def iso(moment: datetime | None) -> str | None:
    """A moment for JSON output: ISO 8601 in UTC with a ``Z`` (``core.times``)."""
    return iso_z(moment)


def short_time(moment: datetime | None) -> str:
    """A moment for a text line, in UTC to the minute; ``never`` for none."""
    return short_utc(moment) if moment is not None else "never"


def is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def styled(stream: Any) -> bool:
    """Whether to use ANSI bold on ``stream``: a terminal, colour not refused, not a dumb one."""
    return is_terminal(stream) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def highlight(snippet: str, bold: bool) -> str:
    """A search snippet with its HIT markers as ANSI bold (terminal) or ``**`` (anything else)."""
    start, end = ("\x1b[1m", "\x1b[22m") if bold else ("**", "**")
    parts: list[str] = []
    for i, chunk in enumerate(snippet.split(HIT_START)):
        if i == 0:
            parts.append(_flat(chunk))
            continue
        hit, _, rest = chunk.partition(HIT_END)
        parts.append(start + _flat(hit) + end + _flat(rest))
    return "".join(parts).strip()


def _flat(text: str) -> str:
    """Sanitised, on one line, keeping the spaces at its ends (they sit between words)."""
    return _SPACES.sub(" ", sanitize(text.replace(HIT_END, "")))


def width() -> int:
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def wrap(text: str, indent: str = "") -> list[str]:
    lines: list[str] = []
    for paragraph in sanitize(text).split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines += textwrap.wrap(paragraph, width(), initial_indent=indent, subsequent_indent=indent) or [""]
    return lines


def shown(text: str, limit: int = 80) -> str:
    """User input quoted for an error line, cut short when long."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    return {
        "summary": list(analysis.summary),
        "people": [
            {"name": p.name, "role": p.role, "mentions": p.mentions, "aliases": list(p.aliases)}
            for p in analysis.people
        ],
        "quotes": [{"text": q.text, "speaker": q.speaker} for q in analysis.quotes],
    }


def analysis_lines(analysis: Analysis) -> list[str]:
    lines: list[str] = []
    if analysis.summary:
        lines.append("Summary:")
        for bullet in analysis.summary:
            lines += textwrap.wrap(sanitize_line(bullet), width(), initial_indent="  - ", subsequent_indent="    ")
    if analysis.people:
        lines.append("People:")
        for person in analysis.people:
            role = f", {sanitize_line(person.role)}" if person.role else ""
            also = f" (also: {', '.join(sanitize_line(a) for a in person.aliases)})" if person.aliases else ""
            lines.append(f"  {sanitize_line(person.name)}{role}: {person.mentions} mention(s){also}")
    if analysis.quotes:
        lines.append("Quotes:")
        for quote in analysis.quotes:
            who = sanitize_line(quote.speaker) if quote.speaker else "unattributed"
            lines += textwrap.wrap(
                f"“{sanitize_line(quote.text)}” ({who})", width(), initial_indent="  ", subsequent_indent="    "
            )
    if not lines:
        lines.append("(nothing found)")
    return lines
