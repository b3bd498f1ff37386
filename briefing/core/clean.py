"""Turn feed HTML into readable plain text, and make any feed text safe for a terminal.

Everything a feed gives us passes through here before it is stored: ``html_to_text`` for bodies,
``sanitize_line`` for titles, authors and links, ``sanitize`` for other free text. A feed must never
be able to move the cursor, rewrite the clipboard (OSC 52), plant hyperlinks (OSC 8) or flip the
reading direction of what follows (bidi overrides).
"""

from __future__ import annotations

import html as html_lib
import re
import threading

from lxml import etree

# Bodies longer than this are cut before parsing: it bounds time and memory on a hostile entry.
MAX_HTML_CHARS = 2_000_000
# ... and the readable text we keep of one entry.
MAX_TEXT_CHARS = 500_000

# --- sanitize ------------------------------------------------------------------------------------

# Terminal escape sequences, 7-bit (ESC ...) and 8-bit (C1) forms. Terminated string sequences
# (OSC, DCS, SOS, PM, APC) go whole; an unterminated one loses only its introducer below, so its
# payload stays visible as harmless text rather than silently eating the rest of the story.
_ESCAPES = re.compile(
    r"""
      \x1b\[ [0-?]* [\ -/]* [@-~]              # CSI: colours, cursor moves, erase ...
    | \x9b [0-?]* [\ -/]* [@-~]                # C1 CSI
    | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])  # OSC / DCS / SOS / PM / APC introducer
      [^\x07\x1b\x9c]{0,4096}
      (?:\x07|\x1b\\|\x9c)                     # ... with its terminator (BEL, ST)
    | \x1b [\ -/]* [0-~]                       # other ESC sequences (charset, keypad, ...)
    """,
    re.VERBOSE,
)
# What remains: C0/C1 controls except tab and newline, DEL; the invisible format characters that
# reorder or hide text: bidi marks (LRM, RLM, ALM U+061C), embeddings/overrides (U+202A-E), isolates and
# the deprecated shaping controls (U+2066-F), zero-width space (U+200B; the joiners U+200C/D stay: Persian, Indic and emoji spelling need them), word joiner and
# invisible operators (U+2060-4), BOM/ZWNBSP, interlinear annotation (U+FFF9-B), tag characters
# (U+E0001, U+E0020-7F: invisible ASCII); lone surrogates and the two non-characters that break XML.
# Visible, script-specific format characters (soft hyphen, Arabic/Syriac/Kaithi number signs, ...) stay.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff\U000e0001\U000e0020-\U000e007f]"
)
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")
_LINE_SPACE = re.compile(r"\s+")


def sanitize(text: str) -> str:
    """Strip terminal escapes, control characters and invisible bidi/format characters; keep newlines and tabs."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text)
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def sanitize_line(text: str | None) -> str:
    """``sanitize`` for one-line fields (titles, authors, links): all whitespace runs become one space."""
    if not text:
        return ""
    return _LINE_SPACE.sub(" ", sanitize(text)).strip()


# --- HTML -> text -------------------------------------------------------------------------------

# Elements whose content is never readable prose (or must never be shown).
_DROP = frozenset(
    """script style iframe frame frameset noscript object embed applet svg math head title template
    img picture video audio source track canvas map form input button select textarea option meta link
    base param""".split()
)
# Elements that start a new paragraph.
_BLOCK = frozenset(
    """p div section article header footer aside main nav blockquote pre h1 h2 h3 h4 h5 h6 ul ol dl
    table thead tbody tfoot tr figure figcaption address hr details summary center fieldset""".split()
)
# Elements that start a new line but not a paragraph.
_LINE = frozenset("li dt dd caption".split())

_SPACES = re.compile(r"[ \t\r\n\f\v\xa0\u200b]+")
_TAGLIKE = re.compile(r"<[A-Za-z/!?]")
_MARK_REFERENCE = re.compile(r"&#(?:0*[12](?![0-9])|[xX]0*[12](?![0-9a-fA-F]));?")  # &#1; &#x2; ...
_RUN_OF_SPACES = re.compile(r"[ \t]{2,}")
_AROUND_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# Characters that lxml refuses in a str, or that we must not let through: checked before parsing.
# (the same set as _CONTROLS but for CR, which the parser reads as a space)
_UNSAFE_INPUT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff\U000e0001\U000e0020-\U000e007f]"
)
# While walking, paragraph and line breaks are marked with two control characters (never present in
# sanitized input), so the whole text can be whitespace-collapsed in one pass, then the marks resolved.
_PARA = "\x01"
_BR = "\x02"
_MARKS = re.compile("[\x01\x02][\x01\x02 ]*")
# The fallback's patterns stay linear on hostile input: a tag never spans a "<" (so each scan stops
# at the next one), and dropped blocks are cut by _drop_blocks, not by a lazy ".*?" with a
# back-reference (quadratic when a page holds thousands of unclosed <script>s).
_DROP_OPEN = re.compile(
    r"<(script|style|iframe|noscript|svg|math|template|object|head|textarea|select)\b", re.IGNORECASE
)
_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|section|article|blockquote|pre|h[1-6]|ul|ol|table|tr|figure|hr|header|footer)\b[^<>]*>",
    re.IGNORECASE,
)
_LINE_TAGS = re.compile(r"<(?:br|li|dt|dd)\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>")
_parsers = threading.local()  # lxml parsers must not be shared between threads


def _parser() -> etree.HTMLParser:
    parser = getattr(_parsers, "html", None)
    if parser is None:
        parser = _parsers.html = etree.HTMLParser(recover=True, remove_comments=True, remove_pis=True, no_network=True)
    return parser


def html_to_text(html: str | None) -> str:
    """Readable text of an HTML fragment: paragraphs kept, list items as lines, entities decoded.

    Scripts, styles, frames, images (and so tracking pixels) and forms are dropped. The walk is
    iterative, so nesting depth costs no stack; input and output are capped in size. HTML escaped
    twice over (``&amp;lt;p&amp;gt;``, a common publishing slip) gets a second pass when the first
    one left nothing but decoded tags at its start.
    """
    text = _html_to_text(html)
    if text.startswith("<") and _ESCAPED_MARKUP.match(text):
        text = _html_to_text(text)
    return text


# A first pass that begins with a well-known tag was HTML escaped once too often.
_ESCAPED_MARKUP = re.compile(
    r"<(?:p|div|br|span|a|img|b|i|em|strong|ul|ol|li|h[1-6]|table|blockquote|figure|section|article)\b[^<>]{0,500}>",
    re.IGNORECASE,
)


def _html_to_text(html: str | None) -> str:
    if not html:
        return ""
    html = html[:MAX_HTML_CHARS]
    if "\x1b" in html or _UNSAFE_INPUT.search(html):
        html = sanitize(html)
    if "&#" in html:  # \x01 and \x02 mark breaks below: a feed must not forge them
        html = _MARK_REFERENCE.sub(" ", html)
    if not _TAGLIKE.search(html) and "&" not in html:
        return plain_to_text(html)
    parser = _parser()
    try:
        root = etree.fromstring(html, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return _strip_tags(html)
    if root is None:  # nothing parseable (e.g. only a comment)
        return _strip_tags(html)
    if any(e.level_name == "FATAL" for e in parser.error_log):
        # libxml2 gave up part-way (e.g. nesting deeper than 256): keep every word, lose some layout.
        return _strip_tags(html)
    text = _finish(_walk(root))
    if "&#" in html:  # a numeric entity may have decoded to a control or escape character
        text = _tidy(sanitize(text))
    return text


def _tidy(text: str) -> str:
    """Whitespace rules again, after sanitize removed characters that sat between breaks."""
    text = _RUN_OF_SPACES.sub(" ", text)
    text = _AROUND_NEWLINE.sub("\n", text)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def _strip_tags(html: str) -> str:
    """Crude but linear fallback for HTML that lxml cannot take whole."""
    html = _drop_blocks(html)
    html = _BLOCK_TAGS.sub("\n\n", html)
    html = _LINE_TAGS.sub("\n", html)
    html = _ANY_TAG.sub(" ", html)
    return plain_to_text(html_lib.unescape(html))


def _drop_blocks(html: str) -> str:
    r"""Cut each <script>…</script> (and the like) out, in linear time.

    Same result as ``re.sub(r"<(script|…)\b.*?</\1\s*>", " ", html, flags=re.I | re.S)``: an opener
    without its closer stays. Once a closer is missing after some point it is missing after every
    later one, so each kind of block is searched to the end at most once.
    """
    parts: list[str] = []
    position = 0
    unclosed: set[str] = set()
    while (opener := _DROP_OPEN.search(html, position)) is not None:
        name = opener.group(1).lower()
        closer = None
        if name not in unclosed:
            closer = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, opener.end())
            if closer is None:
                unclosed.add(name)
        if closer is None:
            parts.append(html[position : opener.end()])
            position = opener.end()
        else:
            parts.append(html[position : opener.start()] + " ")
            position = closer.end()
    parts.append(html[position:])
    return "".join(parts)


def plain_to_text(text: str | None) -> str:
    """Normalise plain text the same way: paragraphs kept, runs of spaces collapsed."""
    if not text:
        return ""
    text = sanitize(text[:MAX_HTML_CHARS])
    return _finish(text.replace("\n\n", _PARA).replace("\n", _BR))


def _walk(root: etree._Element) -> str:
    parts: list[str] = []
    append = parts.append
    walker = etree.iterwalk(root, events=("start", "end"))
    pre_depth = 0
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if not isinstance(tag, str):  # a comment or PI that slipped through
                continue
            if tag in _DROP:
                walker.skip_subtree()  # its "end" still comes, and emits the tail
                continue
            if tag in _BLOCK:
                append(_PARA)
                if tag == "pre":
                    pre_depth += 1
            elif tag in _LINE:
                append(_BR)
                if tag == "li":
                    append("• ")
            elif tag == "br":
                append(_BR)
            elif tag == "td" or tag == "th":
                append(" ")
            text = el.text
            if text:
                append(text.replace("\n", _BR) if pre_depth else text)
        else:
            if tag in _BLOCK:
                append(_PARA)
                if tag == "pre":
                    pre_depth -= 1
            text = el.tail
            if text:
                append(text.replace("\n", _BR) if pre_depth else text)
    return "".join(parts)


def _finish(text: str) -> str:
    # str.split() is the fastest whitespace collapse there is; the marks are not whitespace.
    text = " ".join(text.split()).replace(" \x01", "\x01").replace(" \x02", "\x02")
    text = _MARKS.sub(_resolve_mark, text).strip()
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS].rstrip() + " …"
    return text


def _resolve_mark(match: re.Match[str]) -> str:
    return "\n\n" if _PARA in match.group() else "\n"
