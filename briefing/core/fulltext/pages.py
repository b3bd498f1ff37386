"""Fetching article pages safely and politely (issue 11).

``PageFetcher.fetch(url)`` gets one article page: http(s) only, at most 5 redirects followed by
hand so that every hop is checked, a total deadline per page, a size limit counted after
decompression, HTML only (the Content-Type is checked before the body is read, so a PDF costs
nothing), a clear User-Agent. Nothing the page links to (images, scripts, frames) is fetched.

Politeness, per host: at most ``per_host`` requests at once and ``gap`` seconds between the starts
of two requests; a 429/503 Retry-After holds back every later request to that host. Transient
failures (timeouts, broken connections, 5xx, 429) are retried with back-off inside the page's
deadline; permanent ones (404, 410, not HTML, too large, refused address) come back with
``permanent=True`` and a readable ``error``, never an exception.

Private networks: a link whose host resolves to a private, loopback, link-local or otherwise
non-public address is fetched only when the feed itself lives on such an address (``network`` of
the feed: "private"), so a public feed cannot make briefing probe the user's router. The
address class of the feed is a real parameter (``network=``); by default it is worked out from
``feed_url``. Hosts in ``allowed_hosts`` (the user's own choice) are fetched whatever they resolve
to. A name is resolved once per hop, and the connection goes to the address that was checked (the
request carries the name in Host and TLS SNI): a DNS answer that changes between the check and the
connect (DNS rebinding) cannot move the fetch onto the private network.

Time: one total deadline per page through ``core.deadline`` (``within`` + ``limited_client``), so a
server trickling its headers cannot hold a page past it.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from briefing.core import deadline as deadlines
from briefing.core.clean import sanitize_line
from briefing.core.feeds import USER_AGENT, parse_retry_after

AddressClass = Literal["public", "private"]

MAX_PAGE_BYTES = 5 * 1024 * 1024
PAGE_DEADLINE = 30.0  # seconds for one page: every hop, retry and byte of it
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 15.0
MAX_REDIRECTS = 5
PER_HOST = 2
HOST_GAP = 0.2
RETRIES = 2
BACKOFF = 0.5  # seconds before the first retry, doubled each time
MAX_RETRY_WAIT = 20.0  # a Retry-After longer than this ends the page's attempts (transient failure)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_REDIRECTS = (301, 302, 303, 307, 308)
_TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})

Resolver = Callable[[str, int], Sequence[str]]


# --- address classes -----------------------------------------------------------------------------


def system_resolver(host: str, port: int) -> Sequence[str]:
    """Every address ``host`` resolves to (socket.getaddrinfo)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_private_address(address: str) -> bool:
    """Loopback, private, link-local, shared (CGNAT), multicast, reserved or unspecified."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True  # not an address we understand: treat it as the cautious case
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def host_class(host: str, port: int = 443, resolver: Resolver = system_resolver) -> AddressClass:
    """ "private" when any address of ``host`` is not public (an unresolvable host counts public:
    the fetch will fail on its own)."""
    try:
        addresses = [host] if _is_ip(host) else resolver(host, port)
    except (OSError, UnicodeError):
        return "public"
    return "private" if any(is_private_address(a) for a in addresses) else "public"


def feed_network(feed_url: str | None, resolver: Resolver = system_resolver) -> AddressClass:
    """Where a feed lives: a local file or a private/loopback host is "private"."""
    if not feed_url:
        return "public"
    try:
        parts = urlsplit(feed_url)
    except ValueError:
        return "public"
    if parts.scheme not in ("http", "https"):
        return "private"  # file: URLs and plain paths: the user's own machine
    if not parts.hostname:
        return "public"
    return host_class(parts.hostname, parts.port or 443, resolver)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page: ``html`` when ``error`` is None; else why not, and whether trying again may help."""

    url: str
    final_url: str | None = None
    html: str = ""
    status: int | None = None  # the last HTTP status seen
    error: str | None = None
    permanent: bool = False
    attempts: int = 0
    retry_after: float | None = None
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


class _Failure(Exception):
    def __init__(self, message: str, *, permanent: bool, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.status = status
        self.retry_after = retry_after


# --- per-host politeness -------------------------------------------------------------------------


class _HostGates:
    """At most ``per_host`` requests at once per host, ``gap`` seconds between starts, Retry-After."""

    def __init__(self, per_host: int, gap: float) -> None:
        self.per_host = per_host
        self.gap = gap
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            slot = self._slots.get(host)
            if slot is None:
                slot = self._slots[host] = threading.BoundedSemaphore(self.per_host)
            return slot

    def hold(self, host: str, seconds: float) -> None:
        """No request to ``host`` starts in the next ``seconds`` (a Retry-After)."""
        with self._lock:
            self._next_start[host] = max(self._next_start.get(host, 0.0), time.monotonic() + seconds)

    def wait_time(self, host: str) -> float:
        with self._lock:
            return max(0.0, self._next_start.get(host, 0.0) - time.monotonic())

    def enter(self, host: str, remaining: Callable[[], float]) -> bool:
        """Take a slot for ``host`` and wait for its turn; False when the deadline passes first."""
        slot = self._slot(host)
        if not slot.acquire(timeout=max(0.0, remaining())):
            return False
        while True:
            with self._lock:
                now = time.monotonic()
                start = self._next_start.get(host, 0.0)
                if start <= now:
                    self._next_start[host] = now + self.gap
                    return True
            wait = start - now
            if wait >= remaining():
                slot.release()
                return False
            time.sleep(wait)

    def leave(self, host: str) -> None:
        self._slot(host).release()


# --- the fetcher ---------------------------------------------------------------------------------


class PageFetcher:
    """Fetches article pages for one feed (its address class decides what may be fetched)."""

    def __init__(
        self,
        feed_url: str | None = None,
        *,
        network: AddressClass | None = None,
        allowed_hosts: Collection[str] = (),
        deadline: float = PAGE_DEADLINE,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        max_bytes: int = MAX_PAGE_BYTES,
        per_host: int = PER_HOST,
        gap: float = HOST_GAP,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        user_agent: str = USER_AGENT,
        resolver: Resolver = system_resolver,
        workers: int = 8,
    ) -> None:
        self.resolver = resolver
        self.network: AddressClass = network if network is not None else feed_network(feed_url, resolver)
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.deadline = deadline
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.workers = workers
        self._gates = _HostGates(per_host, gap)
        self._client = deadlines.limited_client(
            follow_redirects=False,  # by hand: every hop is checked
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=max(16, workers * 2), max_keepalive_connections=16),
            headers={"User-Agent": user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
            trust_env=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PageFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- public ----------------------------------------------------------------------------

    def fetch_many(self, urls: Iterable[str]) -> list[PageResult]:
        """Fetch several pages in parallel (per-host limits still hold); results in input order."""
        urls = list(urls)
        if not urls:
            return []
        with ThreadPoolExecutor(max_workers=min(self.workers, len(urls)), thread_name_prefix="page") as pool:
            return list(pool.map(self.fetch, urls))

    def fetch(self, url: str, *, network: AddressClass | None = None) -> PageResult:
        """One page, retried while it fails transiently and its deadline allows. Never raises.

        ``network``: the address class of this page's feed, when one fetcher serves many feeds
        (default: the class this fetcher was made for)."""
        network = network or self.network
        with deadlines.within(self.deadline) as deadline:
            return self._fetch(url, network, deadline.left)

    def _fetch(self, url: str, network: AddressClass, remaining: Callable[[], float]) -> PageResult:
        started = time.monotonic()
        attempts = 0
        last: _Failure | None = None
        final_url: str | None = None
        while True:
            attempts += 1
            try:
                final_url, status, html = self._attempt(url, remaining, network)
                return PageResult(url, final_url, html, status, attempts=attempts, elapsed=time.monotonic() - started)
            except _Failure as failure:
                last = failure
            if last.permanent or attempts > self.retries:
                break
            wait = self.backoff * 2 ** (attempts - 1)
            if last.retry_after is not None:
                if last.retry_after > MAX_RETRY_WAIT:
                    break
                wait = max(wait, last.retry_after)
            if wait >= remaining():
                break
            time.sleep(wait)
        return PageResult(
            url,
            final_url,
            "",
            last.status,
            str(last),
            last.permanent,
            attempts,
            last.retry_after,
            time.monotonic() - started,
        )

    # --- one attempt -----------------------------------------------------------------------

    def _attempt(self, url: str, remaining: Callable[[], float], network: AddressClass) -> tuple[str, int, str]:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            host, address = self._check(current, network)
            if not self._gates.enter(host, remaining):
                wait = self._gates.wait_time(host)
                raise _Failure(
                    f"timed out after {self.deadline:g} s waiting for {host}",
                    permanent=False,
                    retry_after=wait or None,
                )
            try:
                outcome = self._get(current, host, address, remaining)
            finally:
                self._gates.leave(host)
            if isinstance(outcome, str):  # a redirect
                current = outcome
                continue
            status, html = outcome
            return current, status, html
        raise _Failure(f"too many redirects (more than {MAX_REDIRECTS})", permanent=True)

    def _check(self, url: str, network: AddressClass) -> tuple[str, str | None]:
        """The host of ``url`` once it is allowed (http(s), and not private from a public feed),
        and the address to connect to (the one checked; None: let the connection resolve it)."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise _Failure(f"invalid URL: {sanitize_line(str(exc))[:200]}", permanent=True) from None
        if parts.scheme not in ("http", "https"):
            scheme = sanitize_line(parts.scheme)[:20] or "no scheme"
            raise _Failure(f"not an http(s) link ({scheme})", permanent=True)
        if not host:
            raise _Failure("invalid URL: no host", permanent=True)
        if host in self.allowed_hosts:
            return host, None
        addresses = [host.strip("[]")] if _is_ip(host) else self._lookup(host, port)
        if network == "public" and any(is_private_address(a) for a in addresses):
            raise _Failure(
                f"refused: {sanitize_line(host)[:100]} is a private or local address and the feed is not",
                permanent=True,
            )
        return host, addresses[0]

    def _lookup(self, host: str, port: int) -> list[str]:
        """The host's addresses; a name that does not exist is a permanent failure, a resolver
        that cannot answer now a transient one."""
        try:
            addresses = [str(a) for a in self.resolver(host, port)]
        except socket.gaierror as exc:
            if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
                raise _Failure("host not found (DNS lookup failed)", permanent=True) from None
            raise _Failure(f"DNS lookup failed: {sanitize_line(str(exc))[:200]}", permanent=False) from None
        except UnicodeError:
            raise _Failure("invalid URL: bad host name", permanent=True) from None
        except OSError as exc:
            transient = exc.errno not in (errno.EINVAL,)
            raise _Failure(f"DNS lookup failed: {sanitize_line(str(exc))[:200]}", permanent=not transient) from None
        if not addresses:
            raise _Failure("host not found (DNS lookup failed)", permanent=True)
        return addresses

    def _get(self, url: str, host: str, address: str | None, remaining: Callable[[], float]) -> str | tuple[int, str]:
        left = remaining()
        if left <= 0:
            raise _Failure(f"timed out after {self.deadline:g} s", permanent=False)
        timeout = httpx.Timeout(min(self.read_timeout, left), connect=min(self.connect_timeout, left))
        try:
            target, headers_out, extensions = _pinned(url, address)
            with self._client.stream(
                "GET", target, timeout=timeout, headers=headers_out, extensions=extensions
            ) as response:
                status = response.status_code
                headers = {k.lower(): v for k, v in response.headers.items()}
                if status in _REDIRECTS:
                    location = headers.get("location")
                    if not location:
                        raise _Failure(f"HTTP {status} redirect without a Location", permanent=True, status=status)
                    return urljoin(url, location.strip())
                if status >= 400 or status < 200:
                    retry_after = parse_retry_after(headers.get("retry-after"))
                    if retry_after is not None and status in (429, 503):
                        self._gates.hold(host, retry_after)
                    raise _Failure(
                        _status_message(status, response.reason_phrase),
                        permanent=status not in _TRANSIENT_STATUS,
                        status=status,
                        retry_after=retry_after,
                    )
                kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if kind and kind not in _HTML_TYPES:
                    raise _Failure(f"not an HTML page ({sanitize_line(kind)[:60]})", permanent=True, status=status)
                body = self._read(response, headers, remaining)
        except _Failure:
            raise
        except _TooLarge:
            raise _Failure(f"page larger than {self.max_bytes // (1024 * 1024) or 1} MB", permanent=True) from None
        except (httpx.TimeoutException, _Expired):
            raise _Failure(f"timed out after {self.deadline:g} s", permanent=False) from None
        except httpx.ConnectError as exc:
            message = _connect_message(exc)
            # A refused connection is not retried within the run (nothing listens there now; each
            # retry would also hold the host's politeness gate): recorded, and --retry-failed redoes it.
            raise _Failure(message, permanent=message == "connection refused") from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Failure(
                f"connection broken: {sanitize_line(str(exc))[:200] or 'closed by the server'}", permanent=False
            ) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL, ValueError, UnicodeError) as exc:
            raise _Failure(f"invalid URL: {sanitize_line(str(exc))[:200]}", permanent=True) from None
        except (httpx.DecodingError, zlib.error) as exc:
            raise _Failure(f"bad compressed body: {sanitize_line(str(exc))[:200]}", permanent=True) from None
        except httpx.HTTPError as exc:
            raise _Failure(sanitize_line(str(exc))[:200] or type(exc).__name__, permanent=False) from None
        if not kind and not _looks_like_html(body):
            raise _Failure(
                "not an HTML page (no Content-Type, and the body is not HTML)", permanent=True, status=status
            )
        return status, decode_html(body, headers.get("content-type", ""))

    def _read(self, response: httpx.Response, headers: Mapping[str, str], remaining: Callable[[], float]) -> bytes:
        """The body, decompressed by hand so the size limit counts decompressed bytes."""
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise _TooLarge
        encoding = headers.get("content-encoding", "identity").strip().lower()
        inflate = None
        if encoding in ("gzip", "x-gzip", "deflate"):
            inflate = zlib.decompressobj(47)
        elif encoding not in ("", "identity"):
            raise httpx.DecodingError(f"unsupported content encoding {encoding!r}")
        out = bytearray()
        for chunk in response.iter_raw():
            if remaining() <= 0:
                raise _Expired
            if inflate is None:
                out += chunk
            else:
                data = chunk
                while data and not inflate.eof:
                    out += inflate.decompress(data, self.max_bytes - len(out) + 1)
                    if len(out) > self.max_bytes:
                        raise _TooLarge
                    data = inflate.unconsumed_tail
            if len(out) > self.max_bytes:
                raise _TooLarge
        return bytes(out)


def _pinned(url: str, address: str | None) -> tuple[httpx.URL, dict[str, str], dict[str, object]]:
    """The request for ``url`` sent to ``address`` (the checked one): the URL's host replaced by
    the address, the name kept in the Host header and as the TLS server name (SNI and the
    certificate check)."""
    parsed = httpx.URL(url)
    if address is None:
        return parsed, {}, {}
    name = parsed.raw_host.decode("ascii")
    host_header = name if parsed.port is None else f"{name}:{parsed.port}"
    pinned = parsed.copy_with(host=address)
    extensions: dict[str, object] = {"sni_hostname": name} if parsed.scheme == "https" else {}
    return pinned, {"Host": host_header}, extensions


class _TooLarge(Exception):
    pass


class _Expired(Exception):
    pass


def _status_message(status: int, reason: str | None) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = sanitize_line(reason or "")[:80]
    return f"HTTP {status} {phrase}".rstrip()


def _connect_message(exc: httpx.ConnectError) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "name or service not known" in text or "name resolution" in text or "nodename" in text or "no address" in text:
        return "host not found (DNS lookup failed)"
    return f"cannot connect: {sanitize_line(str(exc))[:200] or 'unknown error'}"


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")) or b"<html" in head


def decode_html(body: bytes, content_type: str = "") -> str:
    """Bytes -> text: the header's charset, else a <meta> charset, else UTF-8 (else windows-1252)."""
    charsets: list[str] = []
    if "charset=" in content_type.lower():
        charsets.append(content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'"))
    head = body[:4096].lower()
    marker = head.find(b"charset=")
    if marker >= 0:
        raw = head[marker + 8 : marker + 40].lstrip(b" \"'")
        name = raw.split(b'"')[0].split(b"'")[0].split(b";")[0].split(b">")[0].split(b" ")[0].split(b"/")[0]
        charsets.append(name.decode("ascii", "ignore"))
    for charset in [*charsets, "utf-8"]:
        try:
            return body.decode(charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("windows-1252", errors="replace")
