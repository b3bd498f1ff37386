"""A story's links, the browser command, and a story as plain text (for save and pipe).

No Textual here: the reader's screens call these; nothing runs a program or touches a file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from briefing.core.clean import sanitize, sanitize_line
from briefing.core.models import Analysis, Article
from briefing.core.times import short_utc

OPENABLE_SCHEMES = ("http", "https")
URL_PLACEHOLDER = "%u"  # in [ui] browser: where the URL goes (else it is the last argument)
MAX_LINKS = 200
# A scheme and what follows up to white space or a character no link ends in.
_URL = re.compile(r"""(?i)\b(?:[a-z][a-z0-9+.-]{1,15}://|mailto:)[^\s<>"'`\x00-\x1f\x7f-\x9f]+""")
_TRAILING = ".,;:!?)]}»”’'\""


def openable(link: str | None) -> bool:
    """Only plain web links are ever handed to a browser."""
    if not link:
        return False
    link = link.strip()
    if any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in link):
        return False  # a real web address has no spaces or control characters
    try:
        return urlsplit(link).scheme.lower() in OPENABLE_SCHEMES
    except ValueError:
        return False


def story_links(article: Article) -> list[str]:
    """Every link of the story, the article's own first, then those written in its text, each once.

    The archive keeps the story's text, not its HTML, so body links are the addresses the text
    spells out."""
    links: list[str] = []
    if article.link and article.link.strip():
        links.append(article.link.strip())
    for match in _URL.finditer(article.body or ""):
        url = match.group().rstrip(_TRAILING)
        if url.count("(") < url.count(")"):
            url = url.rstrip(")")
        if len(url) > len(url.split(":", 1)[0]) + 3 and url not in links:
            links.append(url)
        if len(links) >= MAX_LINKS:
            break
    return links


def browser_command(browser: Sequence[str], url: str) -> list[str]:
    """The argv that opens ``url``: ``%u`` replaced where given, else the URL appended."""
    if any(URL_PLACEHOLDER in part for part in browser):
        return [part.replace(URL_PLACEHOLDER, url) for part in browser]
    return [*browser, url]


def story_text(article: Article, analysis: Analysis | None = None) -> str:
    """The story as plain text: title, where and when, link, summary, then the body."""
    lines = [sanitize_line(article.title) or "(untitled)"]
    meta = [sanitize_line(article.feed)]
    if article.author:
        meta.append(f"by {sanitize_line(article.author)}")
    meta.append(short_utc(article.published) + " UTC")
    lines.append(" · ".join(part for part in meta if part))
    if article.link:
        lines.append(sanitize_line(article.link))
    if analysis is not None and analysis.summary:
        lines += ["", "Summary:"]
        lines += [f"- {sanitize_line(sentence)}" for sentence in analysis.summary]
    lines += ["", sanitize(article.body or "").strip()]
    return "\n".join(lines).rstrip() + "\n"


def file_name_for(article: Article) -> str:
    """A file name from the title: letters, digits and dashes, at most 60 characters."""
    slug = re.sub(r"[^\w]+", "-", sanitize_line(article.title).lower(), flags=re.UNICODE).strip("-_")
    return (slug[:60].rstrip("-") or f"story-{article.id}") + ".txt"
