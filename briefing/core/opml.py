"""OPML 2.0 import and export of the feed list.

Import walks the outlines with a bare expat parser: folders (outlines without a
feed URL) become tags on the feeds inside them, outermost first. A document
type declaration is refused outright, so no entity can expand (no "billion
laughs") and nothing external is loaded. Real-world OPML is often sloppy, so
element and attribute names are matched without case or namespace prefix, a
bare ``&`` in a URL is repaired, and ``url``/``title`` stand in for
``xmlUrl``/``text``. Export nests feeds back under their tags.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from briefing.core.clean import sanitize_line
from briefing.core.locations import mask_credentials
from briefing.core.models import Feed

MAX_OPML_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64


class OpmlError(ValueError):
    """The file is not OPML we can read; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    link: str | None = None


def read_opml(path: Path) -> list[OpmlFeed]:
    """Read and parse an OPML file; every failure is an ``OpmlError``."""
    try:
        size = path.stat().st_size
        if size > MAX_OPML_BYTES:
            raise OpmlError(f"{path}: too large for an OPML file ({size} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise OpmlError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return parse_opml(data)
    except OpmlError as exc:
        raise OpmlError(f"{path}: {exc}") from None


_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|(?:amp|lt|gt|quot|apos);)")


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds in an OPML document, first occurrence of each URL, tags merged."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"too large for an OPML file ({len(data)} bytes)")
    data = data.lstrip()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:].lstrip()
    try:
        return _parse(data)
    except OpmlError as first:
        repaired = _BARE_AMPERSAND.sub(b"&amp;", data)
        if repaired == data:
            raise
        try:
            return _parse(repaired)
        except OpmlError:
            raise first from None


class _Walker:
    """expat callbacks that collect feeds with their folder path as tags."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.folders: list[str | None] = []  # one entry per open <outline>
        self.feeds: dict[str, OpmlFeed] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if self.root is None:
            self.root = local
            if local != "opml":
                raise OpmlError(f"not an OPML file (the document is <{name}>)")
        if local != "outline":
            return
        if len(self.folders) >= MAX_DEPTH:
            raise OpmlError(f"outlines nested deeper than {MAX_DEPTH} levels")
        # Cleaned on the way in: an OPML file from elsewhere may carry C1 controls (U+009B is a
        # terminal's CSI), ESC or bidi overrides in any attribute; they are never stored.
        lowered = {_local(k): sanitize_line(v) for k, v in attrs.items()}
        label = lowered.get("text") or lowered.get("title") or None
        url = lowered.get("xmlurl") or (
            lowered.get("url") if lowered.get("type", "").lower() in ("rss", "atom", "") else None
        )
        if url:
            self._add(url, label, lowered)
        self.folders.append(None if url else label)

    def end(self, name: str) -> None:
        if _local(name) == "outline" and self.folders:
            self.folders.pop()

    def _add(self, url: str, label: str | None, attrs: dict[str, str]) -> None:
        tags = [t for t in self.folders if t]
        for category in attrs.get("category", "").split(","):
            tags.extend(part.strip() for part in category.split("/") if part.strip())
        tags = list(dict.fromkeys(tags))
        known = self.feeds.get(url)
        if known is not None:
            merged = tuple(dict.fromkeys((*known.tags, *tags)))
            self.feeds[url] = OpmlFeed(known.url, known.title, merged, known.link)
            return
        title = label if label != url else None  # exporters write the URL when there is no title
        self.feeds[url] = OpmlFeed(url, title, tuple(tags), attrs.get("htmlurl") or None)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].lower()


def _refuse_doctype(*_args: object) -> None:
    raise OpmlError("document type declarations are not allowed in OPML (possible entity bomb)")


def _parse(data: bytes) -> list[OpmlFeed]:
    walker = _Walker()
    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.StartElementHandler = walker.start
    parser.EndElementHandler = walker.end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.errors.messages.get(exc.code, str(exc))
        raise OpmlError(f"unreadable XML at line {exc.lineno}, column {exc.offset + 1}: {reason}") from None
    except (LookupError, ValueError) as exc:  # e.g. an unknown encoding in the XML declaration
        raise OpmlError(f"unreadable XML: {exc}") from None
    if walker.root is None:
        raise OpmlError("empty document")
    return list(walker.feeds.values())


# --- export ------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _attr(value: str) -> str:
    return quoteattr(_XML_INVALID.sub("", value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


class _Folder:
    def __init__(self) -> None:
        self.folders: dict[str, _Folder] = {}
        self.feeds: list[Feed] = []


def export_opml(
    feeds: Iterable[Feed], title: str = "briefing feeds", now: datetime | None = None, *, with_credentials: bool = False
) -> str:
    """An OPML 2.0 document; a feed with tags (a, b) sits in folder a, inside it folder b.

    A password in a feed URL is written as ``***`` (an exported list gets shared) unless
    ``with_credentials``."""
    root = _Folder()
    for feed in feeds:
        if not with_credentials:
            feed = replace(
                feed, url=mask_credentials(feed.url), link=mask_credentials(feed.link) if feed.link else feed.link
            )
        folder = root
        for tag in feed.tags:
            folder = folder.folders.setdefault(tag, _Folder())
        folder.feeds.append(feed)
    stamp = format_datetime(now or datetime.now(timezone.utc), usegmt=True)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{escape(_XML_INVALID.sub('', title))}</title>",
        f"    <dateCreated>{stamp}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    _write_folder(root, lines, depth=2)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _write_folder(folder: _Folder, lines: list[str], depth: int) -> None:
    pad = "  " * depth
    for feed in folder.feeds:
        name = _attr(feed.name)
        extra = f" htmlUrl={_attr(feed.link)}" if feed.link else ""
        lines.append(f'{pad}<outline type="rss" text={name} title={name} xmlUrl={_attr(feed.url)}{extra}/>')
    for tag, child in folder.folders.items():
        lines.append(f"{pad}<outline text={_attr(tag)} title={_attr(tag)}>")
        _write_folder(child, lines, depth + 1)
        lines.append(f"{pad}</outline>")
