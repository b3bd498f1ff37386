"""Feed text made safe to show: control, escape and bidi characters removed, never markup.

Widgets build ``rich.text.Text`` from these strings, so ``[bold]`` in a headline stays literal.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Table

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(value: str | None) -> str:
    """One line of feed text without characters that could move the cursor or restyle output."""
    if not value:
        return ""
    from briefing.core.clean import sanitize

    value = sanitize(value)
    return _UNSAFE.sub("", value.replace("\t", " ").replace("\n", " "))


def safe_block(value: str | None) -> str:
    """Like safe() but keeps line breaks (article bodies)."""
    if not value:
        return ""
    return "\n".join(safe(line) for line in value.split("\n"))


def literal(value: str | None, style: str = "") -> Text:
    """A Text that shows the feed's words exactly, whatever brackets they contain."""
    return Text(safe(value), style=style)


def highlighted(snippet: str, hit_style: str, start: str = "\x02", end: str = "\x03") -> Text:
    """Turn a search snippet with HIT_START/HIT_END markers into styled Text (markers removed)."""
    text = Text()
    inside = False
    for part in re.split(f"([{start}{end}])", snippet):
        if part == start:
            inside = True
        elif part == end:
            inside = False
        elif part:
            text.append(safe(part), style=hit_style if inside else "")
    return text


def bullets(sentences: tuple[str, ...] | list[str]) -> Table:
    """Summary sentences as bullets whose wrapped lines hang under the text, not the dot."""
    from rich.table import Table

    table = Table.grid(padding=(0, 1))
    table.add_column(width=2, justify="right", no_wrap=True)
    table.add_column(ratio=1)
    for sentence in sentences:
        table.add_row("•", Text(safe(sentence)))
    return table
