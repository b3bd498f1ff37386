"""Fixtures for the network tests: the scripted 127.0.0.1 server, our feed files, a quick Fetcher."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.core.feeds import Fetcher
from tests.support.fixtures import http_server  # noqa: F401  (a fixture, used by name)

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"


def feed_bytes(name: str) -> bytes:
    """One of our own fixture documents in tests/data/feeds."""
    return (FEEDS / name).read_bytes()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """A Fetcher with short limits, so timeout tests take a second, not twenty."""
    client = Fetcher(timeout=1.0, connect_timeout=1.0, max_bytes=1024 * 1024)
    yield client
    client.close()
