"""What the reader shows, read the way a person would: from rendered widgets, not private state."""

from __future__ import annotations

from typing import Any


def notices(app: Any, severity: str | None = None) -> list[str]:
    """The text of every notification on screen now (``run_test(notifications=True)``), one line each;
    only those of one severity ("information", "warning", "error") when given."""
    selector = "Toast" if severity is None else f"Toast.-{severity}"
    texts = []
    for toast in app.screen.query(selector):
        rendered = toast.render()
        texts.append(" ".join(str(getattr(rendered, "plain", rendered)).split()))
    return texts
