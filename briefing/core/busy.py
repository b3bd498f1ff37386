"""How long a write waits for another writer's lock before giving up with ``DatabaseLocked``.

Ten seconds by default: long enough for a refresh's batch to commit. ``BRIEFING_BUSY_TIMEOUT_MS``
changes it for a whole process (a cron job that would rather fail fast, a test of the locked case).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

BUSY_TIMEOUT_MS = 10_000
ENV = "BRIEFING_BUSY_TIMEOUT_MS"


def busy_timeout_ms(environ: Mapping[str, str] = os.environ) -> int:
    """The environment's timeout in milliseconds if it is a whole number, else the default."""
    value = environ.get(ENV, "").strip()
    return int(value) if value.isdigit() else BUSY_TIMEOUT_MS
