"""THE module for time: ISO-8601 ``Z`` text (the archive's and the JSON output's format), the
``since`` grammar shared by search (``since:7d``) and ``digest --since``, the local time zone and
local days (correct across daylight-saving changes). All moments in Python are aware datetimes.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SINCE_HELP = "30m, 24h, 7d, 2w, 1y, a date (2026-11-01), today or yesterday"

_RELATIVE = re.compile(r"^(\d{1,6})\s*(m|min|h|d|w|y)$", re.IGNORECASE)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def utc_now() -> datetime:
    """Now in UTC to the second (the archive stores whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0)


def iso_z(moment: datetime | None) -> str | None:
    """An aware (or naive = UTC) datetime as ``YYYY-MM-DDTHH:MM:SSZ`` (always 4-digit years, so
    text order stays time order); ``None`` stays ``None``."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        m = moment.astimezone(UTC)
    except OverflowError:  # within hours of year 1 or 9999
        m = moment.replace(tzinfo=UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def from_iso(text: str | None) -> datetime | None:
    """ISO-8601 text (``Z`` or an offset; none = UTC) as an aware datetime; ``ValueError`` if malformed."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def try_iso(value: object) -> datetime | None:
    """``from_iso`` for a value that may be anything (a stored state): ``None`` when it is not a time."""
    if not isinstance(value, str):
        return None
    try:
        return from_iso(value)
    except ValueError:
        return None


def short_utc(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` in UTC, for one-line listings."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


class SinceError(ValueError):
    """A ``since`` text that is not a time; the message names it and what is accepted."""


def parse_since(text: str, now: datetime, tz: tzinfo = UTC) -> datetime:
    """The moment ``text`` names, the one grammar of search's ``since:`` and ``digest --since``:
    ``30m``/``45min``, ``24h``, ``7d``, ``2w``, ``1y`` (365 days) before ``now``; ``today`` and
    ``yesterday`` (midnight in ``tz``); a date (midnight in ``tz``) or an ISO time (UTC unless it
    says). A span reaching past year 1 starts at the epoch. Returned in UTC; ``SinceError`` else.
    """
    value = text.strip().lower()
    if value in ("today", "yesterday"):
        local = now.astimezone(tz).date() - timedelta(days=1 if value == "yesterday" else 0)
        return local_midnight(local, tz)
    relative = _RELATIVE.match(value)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2).lower()
        span = timedelta(days=365 * amount) if unit == "y" else timedelta(**{_UNITS[unit]: amount})
        try:
            return (now - span).astimezone(UTC)
        except OverflowError:
            return EPOCH
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return local_midnight(date.fromisoformat(value), tz)
        parsed = datetime.fromisoformat(value.upper())
    except ValueError:
        raise SinceError(f"{text.strip()!r} is not a time I know: use {SINCE_HELP}") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The first moment of ``day`` in ``tz``, in UTC (a zone's day can be 23 or 25 hours long)."""
    return datetime.combine(day, time(), tz).astimezone(UTC)


def local_day(moment: datetime, tz: tzinfo) -> date:
    """The date ``moment`` falls on in ``tz`` (with that day's own offset, not today's)."""
    return moment.astimezone(tz).date()


def local_zone() -> tzinfo:
    """The user's time zone with its daylight-saving rules: ``$TZ`` or /etc/localtime's zone name,
    else the current fixed offset (which cannot know about daylight saving)."""
    names = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = Path("/etc/localtime").resolve()
        if "zoneinfo" in link.parts:
            names.append("/".join(link.parts[link.parts.index("zoneinfo") + 1 :]))
    except OSError:
        pass
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.now().astimezone().tzinfo or UTC
