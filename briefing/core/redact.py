"""Passwords inside free text: error messages and log lines can carry a feed URL with its
credentials (``https://alice:secret@host/feed``); they are kept for fetching, never shown.

``core.locations.mask_credentials`` masks one URL; ``mask_urls`` masks every URL in a text, for
lines built around a URL (a fetch error, a notification) where the URL is not a separate field.
"""

from __future__ import annotations

import re

# The user-info part of any URL in a text: scheme://USERINFO@ (up to the last "@" before the path).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s?#]*)@")


def _masked(match: re.Match[str]) -> str:
    userinfo = match.group(2)
    user = userinfo.split(":", 1)[0]
    return match.group(1) + (f"{user}:***@" if ":" in userinfo else "***@")


def mask_urls(text: str) -> str:
    """``text`` with the password of every URL in it written as ``***`` (a bare user-info, which
    may be a token, as ``***``), the same way ``mask_credentials`` writes one URL."""
    if "@" not in text:
        return text
    return _USERINFO.sub(_masked, text)
