"""Pytest fixtures from tests/support. Use with ``pytest_plugins = ["tests.support.fixtures"]`` in a
conftest.py, or import ``http_server`` into a test module directly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.http import ScriptedServer


@pytest.fixture
def http_server() -> Iterator[ScriptedServer]:
    """A started ``ScriptedServer`` on 127.0.0.1 (a free port), stopped after the test."""
    server = ScriptedServer().start()
    try:
        yield server
    finally:
        server.stop()
