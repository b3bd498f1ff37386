"""Where a feed may live: one check for every way a location comes in.

The command line's ``briefing add`` is the user typing a location on their own machine, so it may
name a local file. Everything else (the reader's add box, OPML files from anywhere) may only name
``http``/``https`` feeds: an OPML file must never make briefing read ``~/notes.xml`` or
``file:///etc/shadow`` into a searchable archive.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

Origin = Literal["cli", "reader", "opml"]
WEB_SCHEMES = ("http", "https")
MAX_LOCATION = 2000
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # two letters at least: "C:" is a Windows drive


class LocationRefused(ValueError):
    """A location that cannot be subscribed to; the message is one line naming why."""


def shown(text: str, limit: int = 80) -> str:
    """User input quoted for an error line: cut short, control characters escaped by ``repr``."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def check_feed_location(text: str, *, origin: Origin = "reader", must_exist: bool = True) -> str:
    """The location to store for ``text`` (a URL, or for ``origin="cli"`` an absolute file path).

    Raises ``LocationRefused`` with a one-line reason. ``must_exist`` applies to local files only.
    """
    location = text.strip()
    if not location:
        raise LocationRefused("empty feed location")
    if len(location) > MAX_LOCATION:
        raise LocationRefused(f"feed location longer than {MAX_LOCATION} characters")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch.isspace() for ch in location):
        raise LocationRefused(f"not a feed URL: {shown(location)} (spaces or control characters)")
    if "://" in location or _SCHEME.match(location):
        return _check_url(location, origin)
    if origin != "cli":
        raise LocationRefused(f"not an http or https URL: {shown(location)}")
    return _check_path(location, must_exist)


def _check_url(location: str, origin: Origin) -> str:
    try:
        parts = urlsplit(location)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as exc:  # e.g. a broken [IPv6] host
        raise LocationRefused(f"not a valid URL: {shown(location)} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme == "file":
        if origin != "cli":
            raise LocationRefused(
                f"local files can only be added with `briefing add` on the command line: {shown(location)}"
            )
        if not parts.path:
            raise LocationRefused(f"not a valid file URL: {shown(location)}")
        return location
    if scheme not in WEB_SCHEMES:
        allowed = "http, https or file" if origin == "cli" else "http or https"
        named = f"{scheme}:" if scheme else "(none)"
        raise LocationRefused(f"unsupported URL scheme {named} in {shown(location)}: use {allowed}")
    if not parts.hostname:
        raise LocationRefused(f"not a valid {scheme} URL (no host): {shown(location)}")
    # Lower-case scheme and host so one feed is not subscribed twice under two spellings.
    netloc = parts.netloc
    host_start = netloc.rfind("@") + 1
    netloc = netloc[:host_start] + netloc[host_start:].lower()
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))


def _check_path(location: str, must_exist: bool) -> str:
    path = Path(location)
    try:
        path = path.expanduser()
    except RuntimeError:  # "~someone" with no such user: take it literally
        pass
    try:
        is_file, is_dir = path.is_file(), path.is_dir()
        resolved = str(path.resolve())
    except (OSError, RuntimeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise LocationRefused(f"not a usable file path: {shown(location)} ({reason})") from None
    if must_exist and not is_file:
        reason = "is a directory" if is_dir else "no such file"
        raise LocationRefused(f"not a feed URL (http, https, file) or an existing file: {shown(location)} ({reason})")
    return resolved


def mask_credentials(url: str) -> str:
    """``url`` with any password replaced by ``***`` (kept for fetching, never shown or exported)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc or parts.password is None and parts.username is None:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    masked = f"{user}:***@{host}" if ":" in userinfo else f"***@{host}"
    return urlunsplit((parts.scheme, masked, parts.path, parts.query, parts.fragment))
