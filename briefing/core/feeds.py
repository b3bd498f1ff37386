"""Getting feed documents (HTTP or local files) and turning them into ``ParsedFeed``.

``Fetcher`` does one conditional GET per call, with hard limits on time and size that also hold
for compressed bodies (a gzip bomb is cut off by its decompressed size). It never raises for a
network or HTTP failure: the failure comes back as ``FetchResult.error``, one readable line.

``parse_feed`` runs feedparser on bytes (never on a string, which feedparser would treat as a URL or
file name) and cleans every field with ``core.clean``. It is pure and picklable, so the refresh can
run it in worker processes.
"""

from __future__ import annotations

import dataclasses
import email.utils
import html as html_lib
import io
import json
import os
import re
import sys
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

if "httpx" not in sys.modules:
    # httpx imports its command-line tool (click, rich, pygments) when they are installed: ~65 ms
    # at every start for nothing. A None entry makes that optional import fail as if absent.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
import httpx

if sys.modules.get("httpx._main", False) is None:
    del sys.modules["httpx._main"]  # an explicit `import httpx._main` later still works

if TYPE_CHECKING:
    import feedparser  # imported on first use: most feeds take the lxml fast path, and it costs ~50 ms

from briefing import __version__
from briefing.core.clean import MAX_TEXT_CHARS, html_to_text, plain_to_text, sanitize_line
from briefing.core.deadline import Deadline, limited_client, within
from briefing.core.feedxml import fast_parse
from briefing.core.models import Feed, ParsedEntry, ParsedFeed

USER_AGENT = f"briefing/{__version__} (+https://github.com/briefing)"
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 20.0
CONNECT_TIMEOUT = 10.0
MAX_REDIRECTS = 5
MAX_ENTRIES = 10_000  # per document; a feed with more keeps the first ones and records why
MAX_RETRY_AFTER = 7 * 24 * 3600.0
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_STOPPED = "the fetch was stopped"
_PARSE_HEADERS = frozenset({"content-type", "content-language"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.DOTALL)
_ENTITY_VALUE = re.compile(rb"<!ENTITY\s+%?\s*\S+\s+(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY_REFERENCE = re.compile(rb"&(?!#)|%")  # a reference to another entity (&#160; is only a character)
_MAIL_AND_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")
_NAME_AND_MAIL = re.compile(r"^([^()<>@]+?)\s*[(<]\s*[^()<>\s]+@[^()<>\s]+\s*[)>]$")


class NotAFeed(ValueError):
    """The document holds neither a feed nor entries (an HTML page, an empty body, garbage)."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch produced: a body, a "not modified", or a readable error."""

    url: str  # the URL that was asked for
    status: int | None = None  # HTTP status; 200 / 304 for local files; None if no response
    final_url: str | None = None  # after redirects
    permanent_url: str | None = None  # set when the feed moved for good (301 / 308)
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: float | None = None  # seconds, from a Retry-After header
    error: str | None = None
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None

    @property
    def gone(self) -> bool:
        return self.status == 410


class _TooLarge(Exception):
    pass


class _TotalTimeout(Exception):
    pass


class Fetcher:
    """A thread-safe HTTP client for feeds: conditional GET, redirects, limits, compression."""

    def __init__(
        self,
        timeout: float = TIMEOUT,
        max_bytes: int = MAX_BYTES,
        user_agent: str = USER_AGENT,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        max_redirects: int = MAX_REDIRECTS,
        max_connections: int = 16,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.max_redirects = max_redirects
        self._active: set[Deadline] = set()  # the deadlines of the fetches in flight, for abort()
        self._active_lock = threading.Lock()
        self._client = limited_client(
            timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)),
            follow_redirects=True,
            max_redirects=max_redirects,
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            headers={"User-Agent": user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
            trust_env=True,  # HTTPS_PROXY / NO_PROXY and SSL_CERT_FILE from the environment, like curl
        )

    def close(self) -> None:
        self._client.close()

    def abort(self) -> None:
        """Stop every fetch in flight now (each returns the error "the fetch was stopped"); used when
        a refresh is cancelled or its process is told to end. Later fetches work as usual."""
        with self._active_lock:
            active = list(self._active)
        for deadline in active:
            deadline.stop()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- public -------------------------------------------------------------------------------

    def fetch(self, feed: Feed | str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch a feed's document, conditionally when validators are known. Never raises."""
        if isinstance(feed, Feed):
            url, etag, last_modified = feed.url, feed.etag, feed.last_modified
        else:
            url = feed
        started = time.monotonic()
        local = local_path(url)
        if local is not None:
            result = self._read_file(url, local, last_modified)
        else:
            result = self._get(url, etag, last_modified, started)
        return _with_elapsed(result, time.monotonic() - started)

    # --- local files --------------------------------------------------------------------------

    def _read_file(self, url: str, path: Path, last_modified: str | None) -> FetchResult:
        try:
            stat = path.stat()
            if not path.is_file():
                return FetchResult(url, error=f"not a file: {path}")
            if stat.st_size > self.max_bytes:
                return FetchResult(url, error=f"file larger than {_megabytes(self.max_bytes)}")
            modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
            if last_modified == modified:
                return FetchResult(url, status=304, final_url=url, last_modified=modified)
            with path.open("rb") as handle:
                body = handle.read(self.max_bytes + 1)
        except FileNotFoundError:
            return FetchResult(url, error=f"file not found: {path}")
        except PermissionError:
            return FetchResult(url, error=f"permission denied: {path}")
        except OSError as exc:
            return FetchResult(url, error=f"cannot read {path}: {exc.strerror or exc}")
        if len(body) > self.max_bytes:
            return FetchResult(url, error=f"file larger than {_megabytes(self.max_bytes)}")
        return FetchResult(url, status=200, final_url=url, last_modified=modified, body=body)

    # --- HTTP ---------------------------------------------------------------------------------

    def _get(self, url: str, etag: str | None, last_modified: str | None, started: float) -> FetchResult:
        # One deadline for the whole exchange: connect, status line, headers, redirects, body.
        with within(max(0.0, started + self.timeout - time.monotonic())) as deadline:
            with self._active_lock:
                self._active.add(deadline)
            try:
                result = self._exchange(url, etag, last_modified, started)
            finally:
                with self._active_lock:
                    self._active.discard(deadline)
        if deadline.stopped and result.error is not None:
            return FetchResult(url, result.status, error=_STOPPED)
        return result

    def _exchange(self, url: str, etag: str | None, last_modified: str | None, started: float) -> FetchResult:
        headers: dict[str, str] = {}
        if etag is not None and _sendable(etag):
            headers["If-None-Match"] = etag
        if last_modified is not None and _sendable(last_modified):
            headers["If-Modified-Since"] = last_modified
        deadline = started + self.timeout
        status: int | None = None
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                final_url = str(response.url)
                moved = _permanent_target(response)
                got = {k.lower(): v for k, v in response.headers.items()}
                etag_got, modified_got = got.get("etag"), got.get("last-modified")
                if status == 304:
                    return FetchResult(
                        url, 304, final_url, moved, headers=got, etag=etag_got, last_modified=modified_got
                    )
                if status >= 400 or status < 200 or status in (204, 205):
                    return FetchResult(
                        url,
                        status,
                        final_url,
                        moved,
                        headers=got,
                        retry_after=parse_retry_after(got.get("retry-after")),
                        error=_http_error(status, response.reason_phrase, got.get("retry-after")),
                    )
                if status >= 300:  # a redirect without a usable Location
                    return FetchResult(
                        url, status, final_url, headers=got, error=_http_error(status, response.reason_phrase)
                    )
                body = self._read_body(response, got, deadline)
                return FetchResult(
                    url, status, final_url, moved, body=body, headers=got, etag=etag_got, last_modified=modified_got
                )
        except _TooLarge:
            return FetchResult(url, status, error=f"response larger than {_megabytes(self.max_bytes)}")
        except (_TotalTimeout, httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
            return FetchResult(url, status, error=f"timed out after {self.timeout:g} s")
        except httpx.ConnectTimeout:
            return FetchResult(url, error=f"connection timed out after {self._client.timeout.connect:g} s")
        except httpx.TooManyRedirects:
            return FetchResult(url, error=f"too many redirects (more than {self.max_redirects})")
        except httpx.UnsupportedProtocol as exc:
            return FetchResult(url, error=f"unsupported URL: {sanitize_line(str(exc))[:200]}")
        except httpx.InvalidURL as exc:
            return FetchResult(url, error=f"invalid URL: {sanitize_line(str(exc))[:200]}")
        except httpx.ConnectError as exc:
            return FetchResult(url, error=_connect_error(exc))
        except httpx.DecodingError as exc:
            return FetchResult(url, status, error=f"bad compressed body: {sanitize_line(str(exc))[:200]}")
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            return FetchResult(
                url, status, error=f"connection broken: {sanitize_line(str(exc))[:200] or 'closed by the server'}"
            )
        except httpx.HTTPError as exc:
            return FetchResult(url, status, error=sanitize_line(str(exc))[:200] or type(exc).__name__)
        except zlib.error as exc:
            return FetchResult(url, status, error=f"bad compressed body: {exc}")
        except (ValueError, UnicodeError) as exc:  # URLs httpx cannot even build a request from
            return FetchResult(url, status, error=f"invalid URL: {sanitize_line(str(exc))[:200]}")

    def _read_body(self, response: httpx.Response, headers: Mapping[str, str], deadline: float) -> bytes:
        """Stream the raw body, decompressing ourselves so the limit counts decompressed bytes."""
        limit = self.max_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise _TooLarge
        encoding = headers.get("content-encoding", "identity").strip().lower()
        inflater = _Inflater(encoding, limit) if encoding not in ("", "identity") else None
        out = bytearray()
        received = 0
        for chunk in response.iter_raw():  # as received: a chunk size would buffer a trickle
            if time.monotonic() > deadline:
                raise _TotalTimeout
            received += len(chunk)
            if received > limit:
                raise _TooLarge
            if inflater is None:
                out += chunk
            else:
                inflater.feed(chunk, out)
            if len(out) > limit:
                raise _TooLarge
        if inflater is not None:
            inflater.finish(out)
        return bytes(out)


class _Inflater:
    """gzip / deflate, with output capped per call so a bomb never expands past the limit."""

    def __init__(self, encoding: str, limit: int) -> None:
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise httpx.DecodingError(f"unsupported content encoding {encoding!r}")
        self.limit = limit
        self.raw_deflate_allowed = encoding == "deflate"
        self.started = False
        self.decompressor = zlib.decompressobj(47)  # gzip or zlib header, detected

    def feed(self, chunk: bytes, out: bytearray) -> None:
        try:
            self._feed(chunk, out)
        except zlib.error:
            if self.started or not self.raw_deflate_allowed:
                raise
            self.decompressor = zlib.decompressobj(-15)  # some servers send headerless deflate
            self.raw_deflate_allowed = False
            self._feed(chunk, out)

    def _feed(self, data: bytes, out: bytearray) -> None:
        while data and not self.decompressor.eof:
            out += self.decompressor.decompress(data, self.limit - len(out) + 1)
            self.started = True
            if len(out) > self.limit:
                raise _TooLarge
            data = self.decompressor.unconsumed_tail

    def finish(self, out: bytearray) -> None:
        if not self.decompressor.eof:
            out += self.decompressor.flush(self.limit - len(out) + 1)
        if len(out) > self.limit:
            raise _TooLarge


def _sendable(validator: str | None) -> bool:
    """Whether a stored ETag / Last-Modified can go back in a header. A server that sent one with
    non-ASCII bytes or of absurd length would otherwise make every later request fail."""
    return validator is not None and 0 < len(validator) <= 1024 and validator.isascii() and validator.isprintable()


def _permanent_target(response: httpx.Response) -> str | None:
    """The URL reached through an unbroken chain of 301/308 from the start, if any."""
    hops = [r.url for r in response.history[1:]] + [response.url]
    moved = None
    for previous, target in zip(response.history, hops):
        if previous.status_code not in (301, 308):
            break
        moved = str(target)
    return moved


def _http_error(status: int, reason: str | None, retry_after: str | None = None) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = sanitize_line(reason or "")[:80]
    message = f"HTTP {status} {phrase}".rstrip()
    if status == 410:
        message += ": the feed was removed"
    seconds = parse_retry_after(retry_after)
    if seconds is not None:
        message += f" (retry after {_duration(seconds)})"
    return message


def _connect_error(exc: httpx.ConnectError) -> str:
    text = str(exc)
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "getaddrinfo" in lowered
        or "name resolution" in lowered
        or "no address associated" in lowered
    ):
        return "host not found (DNS lookup failed)"
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        return f"TLS error: {sanitize_line(text)[:200]}"
    if "unreachable" in lowered:
        return "network unreachable"
    return f"cannot connect: {sanitize_line(text)[:200] or 'unknown error'}"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; capped at a week."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def local_path(url: str) -> Path | None:
    """The file a ``file://`` URL or a plain path names; None for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[::1": not a path, and the fetch will say what is wrong
        return None
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None
        return Path(unquote(parts.path))
    if parts.scheme == "" or (len(parts.scheme) == 1 and os.name == "nt"):
        return Path(url).expanduser()
    return None


def _with_elapsed(result: FetchResult, elapsed: float) -> FetchResult:
    return FetchResult(
        result.url,
        result.status,
        result.final_url,
        result.permanent_url,
        result.etag,
        result.last_modified,
        result.body,
        result.headers,
        result.retry_after,
        result.error,
        elapsed,
    )


def _megabytes(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB" if limit >= 1024 else f"{limit} bytes"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


# --- parsing ---------------------------------------------------------------------------------


def parse_feed(
    data: bytes, headers: Mapping[str, str] | None, url: str, *, max_entries: int = MAX_ENTRIES, fast: bool = True
) -> ParsedFeed:
    """Parse a feed document into clean entries. Raises ``NotAFeed`` only when nothing is a feed.

    A malformed (bozo) document keeps every readable entry; the problem is put into words on
    ``ParsedFeed.problem``. Plain well-formed UTF-8 RSS 2.0 / Atom 1.0 takes the lxml fast path
    (``core.feedxml``, same fields); ``fast=False`` forces feedparser.
    """
    # No Content-Location / base URL: feedparser would resolve guids against it, and an entry's
    # identity must not change when its feed moves. Links are made absolute below instead.
    response_headers = {k.lower(): v for k, v in (headers or {}).items() if k.lower() in _PARSE_HEADERS}
    response_headers.setdefault("content-type", "application/xml")  # local files have no header
    if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _parse_json_feed(data, url, max_entries)  # feedparser 6.0 reads XML only
    data, defused = _defuse_doctype(data)
    if fast and not defused:
        quick = fast_parse(data, response_headers, max_entries)
        if quick is not None:
            info, raw_entries, count = quick
            problem = None
            if count > max_entries:
                problem = f"the feed has {count} entries; kept the first {max_entries}"
            return _noting_cuts(
                ParsedFeed(
                    title=sanitize_line(info["title"])[:1000] or None,
                    link=sanitize_line(info["link"])[:2000] or None,
                    entries=tuple(
                        _make_entry(
                            raw.get("id"),
                            raw.get("link"),
                            raw.get("title"),
                            _author_name(raw.get("author"), None),
                            raw.get("published"),
                            raw.get("updated"),
                            raw["body"],
                            url,
                        )
                        for raw in raw_entries
                    ),
                    problem=problem,
                )
            )
    try:
        doc = _feedparser(data, response_headers)
    except (ValueError, LookupError, UnicodeError):
        # feedparser's encoding detection trips over a garbled declaration or BOM: read the bytes
        # as UTF-8 (bad bytes replaced), drop the declaration, and give it one more go.
        data = _as_plain_utf8(data)
        response_headers["content-type"] = "application/xml; charset=utf-8"
        try:
            doc = _feedparser(data, response_headers)
        except (ValueError, LookupError, UnicodeError) as exc:
            raise NotAFeed(f"not a feed: unreadable text ({sanitize_line(str(exc))[:120]})") from None
    problem = _describe_problem(doc.get("bozo_exception")) if doc.get("bozo") else None
    if defused:
        problem = "removed a DOCTYPE declaring nested or external entities" + (f"; {problem}" if problem else "")
    raw_entries = doc.get("entries") or []
    if not raw_entries and (not doc.get("version") or doc.get("bozo")):
        # No entry and no well-formed feed document: whatever it is, it is not a feed we can read
        # (a well-formed feed with no items yet is a feed).
        raise NotAFeed(_not_a_feed(data, response_headers, problem))
    if len(raw_entries) > max_entries:
        extra = f"the feed has {len(raw_entries)} entries; kept the first {max_entries}"
        problem = f"{problem}; {extra}" if problem else extra
        raw_entries = raw_entries[:max_entries]
    info = doc.get("feed") or {}
    return _noting_cuts(
        ParsedFeed(
            title=_text_field(info, "title")[:1000] or None,  # same caps as an entry's
            link=sanitize_line(info.get("link"))[:2000] or None,
            entries=tuple(_entry(raw, url) for raw in raw_entries),
            problem=problem,
        )
    )


def _noting_cuts(feed: ParsedFeed) -> ParsedFeed:
    """Name, in the feed's problem, the articles whose text was cut at ``MAX_TEXT_CHARS`` (the
    cleaner cuts there and marks the cut with an ellipsis), as the README promises."""
    cut = sum(1 for entry in feed.entries if len(entry.body) > MAX_TEXT_CHARS)
    if not cut:
        return feed
    note = f"{cut} article(s) cut at {MAX_TEXT_CHARS:,} characters of text"
    return dataclasses.replace(feed, problem=f"{feed.problem}; {note}" if feed.problem else note)


def _parse_json_feed(data: bytes, url: str, max_entries: int) -> ParsedFeed:
    """A JSON Feed (jsonfeed.org, versions 1 and 1.1) through the same cleaning as XML feeds."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise NotAFeed(f"not a feed: invalid JSON ({sanitize_line(str(exc))[:120]})") from None
    if not isinstance(doc, dict) or "jsonfeed.org/version" not in str(doc.get("version", "")):
        raise NotAFeed("not a feed: a JSON document that is not a JSON Feed")
    items = (
        [item for item in doc.get("items") or () if isinstance(item, dict)]
        if isinstance(doc.get("items"), list)
        else []
    )
    problem = None
    if len(items) > max_entries:
        problem = f"the feed has {len(items)} entries; kept the first {max_entries}"
        items = items[:max_entries]
    entries = []
    for item in items:
        listed = item.get("authors")
        authors: list[Any] = listed if isinstance(listed, list) else [item.get("author")]
        names = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
        html, text = _json_text(item, "content_html"), _json_text(item, "content_text") or _json_text(item, "summary")
        entries.append(
            _make_entry(
                _json_text(item, "id"),
                _json_text(item, "url") or _json_text(item, "external_url"),
                _json_text(item, "title"),
                sanitize_line(names[0])[:300] or None if names else None,
                _json_date(item.get("date_published")),
                _json_date(item.get("date_modified")),
                html_to_text(html) if html else plain_to_text(text),
                url,
            )
        )
    return _noting_cuts(
        ParsedFeed(
            title=sanitize_line(_json_text(doc, "title"))[:1000] or None,
            link=sanitize_line(_json_text(doc, "home_page_url"))[:2000] or None,
            entries=tuple(entries),
            problem=problem,
        )
    )


def _json_text(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # JSON Feed 1 allowed numeric ids
        return str(value)
    return None


def _json_date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def _feedparser(data: bytes, headers: dict[str, str]) -> feedparser.FeedParserDict:
    import feedparser

    return feedparser.parse(
        io.BytesIO(data),  # bytes in a stream: a bare str/bytes may be opened as a path or URL
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )


def _as_plain_utf8(data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff\ufffe")
    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    return text.encode("utf-8")


def _defuse_doctype(data: bytes) -> tuple[bytes, bool]:
    """Drop an internal DTD whose entities nest or point outside (expansion bombs, XXE).

    expat would stop a bomb at its amplification limit, but only after feedparser has handled
    millions of expanded fragments (seconds of CPU); plain entities such as &nbsp; are kept.
    """
    head = data[:65536]
    if b"<!ENTITY" not in head:
        return data, False
    start = head.find(b"<!DOCTYPE")  # one DOCTYPE at most: match there, never rescan from each
    match = _DOCTYPE_SUBSET.match(head, start) if start >= 0 else None
    if match is None:
        return data, False
    subset = match.group(1)
    values = [double + single for double, single in _ENTITY_VALUE.findall(subset)]
    if (
        not any(_ENTITY_REFERENCE.search(value) for value in values)
        and b"SYSTEM" not in subset
        and b"PUBLIC" not in subset
    ):
        return data, False
    return data[: match.start()] + data[match.end() :], True


def _entry(raw: Mapping[str, Any], feed_url: str) -> ParsedEntry:
    """One feedparser entry, cleaned."""
    return _make_entry(
        raw.get("id"),
        raw.get("link"),
        _text_field(raw, "title"),
        _author_name(raw.get("author"), (raw.get("author_detail") or {}).get("name")),
        # dict.get: feedparser's own .get maps a missing updated_parsed to published_parsed.
        _utc(dict.get(raw, "published_parsed")),  # type: ignore[call-overload]
        _utc(dict.get(raw, "updated_parsed")),  # type: ignore[call-overload]
        _body(raw),
        feed_url,
    )


def _make_entry(
    guid: str | None,
    link: str | None,
    title: str | None,
    author: str | None,
    published: datetime | None,
    updated: datetime | None,
    body: str,
    feed_url: str,
) -> ParsedEntry:
    """The last step both parsers share: one-line fields, fallbacks, absolute links, size caps."""
    if link and "&" in link:  # "&amp;" escaped once too often; feedparser decodes it too
        link = html_lib.unescape(link)
    link = sanitize_line(link)[:2000] or None
    if link and feed_url.startswith(("http://", "https://")):
        link = _absolute(link, feed_url)
    return ParsedEntry(
        guid=sanitize_line(guid)[:2000] or None,
        link=link,
        title=(sanitize_line(title) or _fallback_title(body))[:1000],
        author=author,
        published=published or updated,
        updated=updated,
        body=body,
    )


def _absolute(link: str, base: str) -> str:
    """A relative link made absolute against the feed's URL; a malformed one is kept as it is."""
    try:
        return link if urlsplit(link).scheme else urljoin(base, link)
    except ValueError:
        return link


def _author_name(author: str | None, detail_name: str | None) -> str | None:
    """The author's name: "mail@example.org (Name)", "Name (mail)" and "Name <mail>" give Name;
    else feedparser's parsed name, else the text as it is. Cut first: the patterns backtrack, and
    a hostile 100 KB "a@a@a@…" would cost minutes."""
    author = sanitize_line(author[:1000] if author else author)
    match = _MAIL_AND_NAME.match(author) or _NAME_AND_MAIL.match(author)
    if match:
        author = match.group(1).strip()
    elif detail_name:
        author = sanitize_line(detail_name[:1000])
    return author[:300] or None


def _text_field(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if not value:
        return ""
    detail = raw.get(f"{name}_detail") or {}
    if "html" in (detail.get("type") or ""):
        value = html_to_text(value)
    return sanitize_line(value)


def _body(raw: Mapping[str, Any]) -> str:
    """The fullest text the entry carries: content[] or summary, whichever is longer."""
    candidates: list[tuple[str, str]] = []
    for content in raw.get("content") or ():
        if content.get("value"):
            candidates.append((content["value"], content.get("type") or "text/html"))
    summary = raw.get("summary")
    if summary:
        candidates.append((summary, (raw.get("summary_detail") or {}).get("type") or "text/html"))
    if not candidates:
        return ""
    value, kind = max(candidates, key=lambda c: len(c[0]))
    return html_to_text(value) if "html" in kind else plain_to_text(value)


def _fallback_title(body: str) -> str:
    words = body.split()
    if not words:
        return "(untitled)"
    title = " ".join(words[:12])
    if len(title) > 90:
        title = title[:90].rsplit(" ", 1)[0]
    return title + ("…" if len(words) > 12 or len(title) < len(" ".join(words[:12])) else "")


def _utc(parsed: time.struct_time | None) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return None


def _describe_problem(exc: object) -> str | None:
    if exc is None:
        return None
    name = type(exc).__name__
    if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):  # xml.sax SAXParseException
        text = f"malformed XML: {exc.getMessage()} at line {exc.getLineNumber()}"
    elif name == "CharacterEncodingOverride":
        text = f"encoding: {exc}"
    elif name == "NonXMLContentType":  # a wrong Content-Type header: common, harmless, not the user's problem
        return None
    elif name == "CharacterEncodingUnknown":
        text = f"unknown encoding: {exc}"
    else:
        text = f"{name}: {exc}" if str(exc) else name
    return sanitize_line(text)[:300]


def _not_a_feed(data: bytes, headers: Mapping[str, str], problem: str | None) -> str:
    head = data[:2048].lstrip().lower()
    if not head.strip():
        return "not a feed: empty response"
    if "html" in headers.get("content-type", "") or head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "not a feed: got an HTML page"
    return f"not a feed: {problem}" if problem else "not a feed: no feed or entries found"
