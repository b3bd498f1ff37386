"""core.times: ISO-Z text both ways, the one ``since`` grammar, local days across daylight saving.

The expected moments are written out by hand (an independent oracle), not computed the way the
code computes them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefing.core.times import SinceError, from_iso, iso_z, local_day, local_midnight, parse_since, try_iso

NOW = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def test_iso_z_round_trips_and_orders_as_text() -> None:
    assert iso_z(datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)) == "2026-03-29T00:59:59Z"
    assert iso_z(datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN)) == "2026-03-29T01:00:00Z"  # CEST, +02:00
    assert iso_z(datetime(2026, 1, 5, 8, 0)) == "2026-01-05T08:00:00Z"  # naive is UTC
    assert iso_z(datetime(999, 1, 1, tzinfo=UTC)) == "0999-01-01T00:00:00Z"  # 4 digits: text order is time order
    assert iso_z(None) is None
    assert from_iso("2026-03-29T01:00:00Z") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert from_iso("2026-03-29T03:00:00+02:00") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert from_iso("2026-03-29T01:00:00") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert from_iso(None) is None and from_iso("") is None
    with pytest.raises(ValueError):
        from_iso("yesterday-ish")
    assert try_iso("2026-03-29T01:00:00Z") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert try_iso("not a time") is None and try_iso(42) is None and try_iso(None) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30m", datetime(2026, 11, 26, 15, 0, tzinfo=UTC)),
        ("45min", datetime(2026, 11, 26, 14, 45, tzinfo=UTC)),
        ("24h", datetime(2026, 11, 25, 15, 30, tzinfo=UTC)),
        ("7d", datetime(2026, 11, 19, 15, 30, tzinfo=UTC)),
        ("7D", datetime(2026, 11, 19, 15, 30, tzinfo=UTC)),
        ("2w", datetime(2026, 11, 12, 15, 30, tzinfo=UTC)),
        ("1y", datetime(2025, 11, 26, 15, 30, tzinfo=UTC)),
        ("today", datetime(2026, 11, 26, 0, 0, tzinfo=UTC)),
        (" Today ", datetime(2026, 11, 26, 0, 0, tzinfo=UTC)),
        ("yesterday", datetime(2026, 11, 25, 0, 0, tzinfo=UTC)),
        ("2026-11-01", datetime(2026, 11, 1, 0, 0, tzinfo=UTC)),
        ("2026-11-01T06:00:00Z", datetime(2026, 11, 1, 6, 0, tzinfo=UTC)),
        ("2026-11-01t06:00:00z", datetime(2026, 11, 1, 6, 0, tzinfo=UTC)),
        ("2026-11-20T10:00:00+01:00", datetime(2026, 11, 20, 9, 0, tzinfo=UTC)),
        ("2026-11-20T10:00", datetime(2026, 11, 20, 10, 0, tzinfo=UTC)),
        ("999999d", datetime(1970, 1, 1, tzinfo=UTC)),  # reaches past year 1: everything
    ],
)
def test_the_since_grammar(text: str, expected: datetime) -> None:
    moment = parse_since(text, NOW)
    assert moment == expected and moment.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", ["", "whenever", "7 fortnights", "5x", "99999999999d", "2026-13-01", "-3d"])
def test_what_is_not_a_since_is_refused_with_what_would_do(text: str) -> None:
    with pytest.raises(SinceError, match="is not a time I know: use 30m, 24h, 7d") as caught:
        parse_since(text, NOW)
    assert "\n" not in str(caught.value)


def test_today_and_dates_follow_the_named_zone_across_daylight_saving() -> None:
    # Berlin moves from CET (+01:00) to CEST (+02:00) at 02:00 local on 2026-03-29.
    after_the_change = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    assert parse_since("today", after_the_change, BERLIN) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert parse_since("yesterday", after_the_change, BERLIN) == datetime(2026, 3, 27, 23, 0, tzinfo=UTC)
    assert parse_since("2026-03-30", after_the_change, BERLIN) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    # 23:30 UTC on the 28th is already the 29th in Berlin (00:30 CET)
    assert parse_since("today", datetime(2026, 3, 28, 23, 30, tzinfo=UTC), BERLIN) == datetime(
        2026, 3, 28, 23, 0, tzinfo=UTC
    )


def test_local_days_use_each_days_own_offset() -> None:
    assert local_midnight(date(2026, 3, 29), BERLIN) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert local_midnight(date(2026, 3, 30), BERLIN) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # a 23-hour day
    assert local_midnight(date(2026, 10, 25), BERLIN) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert local_midnight(date(2026, 10, 26), BERLIN) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)  # 25 hours
    assert local_day(datetime(2026, 3, 29, 22, 30, tzinfo=UTC), BERLIN) == date(2026, 3, 30)  # 00:30 CEST
    assert local_day(datetime(2026, 3, 28, 22, 30, tzinfo=UTC), BERLIN) == date(2026, 3, 28)  # 23:30 CET
    assert local_day(datetime(2026, 10, 25, 22, 30, tzinfo=UTC), BERLIN) == date(2026, 10, 25)  # 23:30 CET
    assert local_day(datetime(2026, 3, 29, 23, 30, tzinfo=timezone(timedelta(hours=1))), BERLIN) == date(2026, 3, 30)


def test_the_local_zone_keeps_its_daylight_saving_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.core.times import local_zone

    monkeypatch.setenv("TZ", "Europe/Berlin")
    zone = local_zone()
    assert datetime(2026, 7, 1, 12, 0, tzinfo=zone).utcoffset() == timedelta(hours=2)
    assert datetime(2026, 1, 1, 12, 0, tzinfo=zone).utcoffset() == timedelta(hours=1)
