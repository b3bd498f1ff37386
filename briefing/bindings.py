"""The Textual side of ``briefing.keys``: Binding objects for a screen, and the start-up check of
the settings that only Textual can judge (theme names) beside the keymap."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.theme import BUILTIN_THEMES

from briefing.config import Settings
from briefing.keys import check_keymap, keys_for


def bindings_for(section: str) -> list[BindingType]:
    """A screen's BINDINGS from the one table (ids kept, so ``[keymap]`` can remap them)."""
    return [
        Binding(
            key.keys,
            key.action,
            key.description,
            show=key.show,
            key_display=key.key_display,
            priority=key.priority,
            id=key.id,
        )
        for key in keys_for(section)
    ]


def settings_problems(settings: Settings) -> list[str]:
    """What in the settings would make the reader misbehave quietly: one line each."""
    problems = check_keymap(dict(settings.keymap))
    if settings.ui.theme not in BUILTIN_THEMES:
        problems.append(f"ui.theme: unknown theme {settings.ui.theme!r} (known: {', '.join(sorted(BUILTIN_THEMES))})")
    return problems
