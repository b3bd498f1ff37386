"""UI state: small JSON values by key (theme, panels, cursors)."""

from __future__ import annotations

import json
from typing import Any

from briefing.core.store.base import StoreBase


class StateMixin(StoreBase):
    """The reader's small remembered settings (JSON by key)."""

    def get_state(self, key: str, default: Any = None) -> Any:
        rows = self._rows("SELECT value FROM ui_state WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_state(self, key: str, value: Any) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO ui_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )
