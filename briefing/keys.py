"""The one table of key bindings: id, default keys, what they do, and on which screen.

No Textual here (the CLI checks a keymap before the reader starts, and ``?`` reads this table rather
than importing every screen). Screens turn their section into Textual ``Binding`` objects with
``briefing.bindings.bindings_for``. A binding's id is what ``[keymap]`` in config.toml remaps:
``toggle-star = "x"``. ``check_keymap`` finds the mistakes in such a mapping, one line each.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: ``keys`` is Textual's comma-separated key list."""

    id: str
    keys: str
    action: str
    description: str
    section: str
    show: bool = True
    key_display: str | None = None
    priority: bool = False


# Section -> heading in the help screen, in the order shown there.
SECTIONS: dict[str, str] = {
    "app": "Everywhere",
    "main": "Story list and story",
    "story-list": "Moving in the story list",
    "search": "Search",
    "links": "Links (u)",
    "briefing": "Briefing",
    "people": "People",
    "feeds": "Feeds",
    "help": "This help",
    "confirm": "Questions",
    "prompt": "Questions",
}

KEYS: tuple[Key, ...] = (
    # everywhere (BriefingApp)
    Key("refresh", "r", "refresh", "Refresh", "app"),
    Key("search", "slash", "search", "Search", "app", key_display="/"),
    Key("briefing", "b", "briefing", "Briefing", "app"),
    Key("people", "P", "people", "People", "app", key_display="P"),
    Key("feeds", "f", "feeds", "Feeds", "app"),
    Key("help", "question_mark,f1", "help", "Help", "app", key_display="?"),
    Key("back", "q", "back", "Back; quit from the story list", "app", show=False),
    Key("quit", "ctrl+q", "quit", "Quit", "app", show=False, priority=True),
    # the main screen
    Key("next-unread", "n", "next_unread", "Next unread", "main"),
    Key("previous-unread", "N", "previous_unread", "Prev unread", "main", show=False),
    Key("scroll-story", "space", "read_on", "Page story; at end, next unread", "main", show=False),
    Key("open-link", "o", "open_link", "Open link", "main", show=False),
    Key("show-links", "u", "show_links", "Links", "main", show=False),
    Key("save-story", "w", "save_story", "Save story", "main", show=False),
    Key("pipe-story", "vertical_line", "pipe_story", "Pipe story", "main", show=False, key_display="|"),
    Key("toggle-read", "m", "toggle_read", "Read/unread", "main", show=False),
    Key("mark-all-read", "A", "mark_all_read", "Mark all shown read", "main", show=False),
    Key("hide-read", "H", "toggle_hide_read", "Hide/show read stories", "main", show=False),
    Key("toggle-star", "s", "toggle_star", "Star", "main", show=False),
    Key("toggle-people", "left_square_bracket", "toggle_people", "People panel", "main", show=False, key_display="["),
    Key("toggle-quotes", "right_square_bracket", "toggle_quotes", "Quotes panel", "main", show=False, key_display="]"),
    Key("fetch-full-text", "F", "fetch_full_text", "Fetch full text now", "main", show=False, key_display="F"),
    Key("clear-filter", "escape", "clear_filter", "To list (80 cols); clear filter", "main", show=False),
    # the story list widget
    Key("story-down", "down,j", "cursor_down", "Next", "story-list", show=False),
    Key("story-up", "up,k", "cursor_up", "Previous", "story-list", show=False),
    Key("story-page-down", "pagedown", "page_down", "Page down", "story-list", show=False),
    Key("story-page-up", "pageup", "page_up", "Page up", "story-list", show=False),
    Key("story-first", "home", "first", "First", "story-list", show=False),
    Key("story-last", "end", "last", "Last", "story-list", show=False),
    Key("open-story", "enter", "select", "Open", "story-list", show=False),
    # search
    Key("close-search", "escape", "close", "Back", "search", priority=True),
    Key("search-down", "down", "move(1)", "Next hit", "search", show=False, priority=True),
    Key("search-up", "up", "move(-1)", "Previous hit", "search", show=False, priority=True),
    Key("open-hit", "enter", "open", "Open story", "search", priority=True),
    Key("search-sort", "ctrl+s", "toggle_order", "Sort", "search", priority=True, key_display="^s"),
    # briefing
    Key("close-briefing", "escape", "close", "Back", "briefing"),
    Key("briefing-next", "down,j", "app.focus_next", "Next story", "briefing", show=False),
    Key("briefing-previous", "up,k", "app.focus_previous", "Previous story", "briefing", show=False),
    # people
    Key("close-people", "escape", "close", "Back", "people"),
    Key("choose-person", "enter", "choose", "Their stories", "people", priority=True),
    Key("person-down", "j", "move(1)", "Next person", "people", show=False),
    Key("person-up", "k", "move(-1)", "Previous person", "people", show=False),
    Key("find-person", "slash", "find", "Find a name", "people", key_display="/"),
    # feeds
    Key("close-feeds", "escape", "close", "Back", "feeds"),
    Key("feeds-down", "j", "cursor_down", "Down", "feeds", show=False),
    Key("feeds-up", "k", "cursor_up", "Up", "feeds", show=False),
    Key("add-feed", "a", "add", "Add", "feeds"),
    Key("remove-feed", "d,delete", "remove", "Remove", "feeds"),
    Key("rename-feed", "e", "rename", "Rename", "feeds"),
    Key("edit-feed-tags", "t", "edit_tags", "Tags", "feeds", show=False),
    Key("refresh-feed", "u", "refresh_one", "Fetch this", "feeds"),
    Key("import-opml", "i", "import_opml", "Import OPML", "feeds"),
    Key("export-opml", "x", "export_opml", "Export OPML", "feeds"),
    Key("mark-feed-read", "m", "mark_read", "Mark read", "feeds"),
    Key("feed-full-text", "F", "cycle_full_text", "Full text mode", "feeds", show=False, key_display="F"),
    Key("feed-stories", "enter", "show_stories", "Its stories", "feeds"),
    # links
    Key("close-links", "escape,q", "close", "Back", "links"),
    Key("open-chosen-link", "enter,o", "open", "Open link", "links", priority=True),
    # help, questions
    Key("close-help", "escape,question_mark,f1,q", "dismiss", "Close", "help"),
    Key("confirm-yes", "y", "answer(True)", "Yes", "confirm"),
    Key("confirm-no", "n,escape", "answer(False)", "No", "confirm"),
    Key("prompt-cancel", "escape", "cancel", "Cancel", "prompt"),
)

BY_ID: dict[str, Key] = {key.id: key for key in KEYS}


def keys_for(section: str) -> list[Key]:
    """The bindings of one screen (or widget), in table order."""
    return [key for key in KEYS if key.section == section]


# --- the key vocabulary (Textual's names, written out so this module needs no Textual) ------------

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
NAMED_KEYS = frozenset(
    {
        "escape",
        "enter",
        "tab",
        "space",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        "backtab",
        "return",
        "newline",
        *(f"f{n}" for n in range(1, 25)),
    }
)
# Textual names punctuation keys by their Unicode names, a few shortened (as textual.keys does).
_RENAMED = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def _character_key(character: str) -> str:
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return _RENAMED.get(name, name)


PUNCTUATION_KEYS = frozenset(_character_key(c) for c in string.punctuation)


def key_problem(key: str) -> str | None:
    """Why ``key`` (one key, e.g. "ctrl+r", "f5", "question_mark", "?") cannot be pressed, or None."""
    key = key.strip()
    if not key:
        return "an empty key"
    if len(key) == 1:
        return None if key.isprintable() and not key.isspace() else f"{key!r} is not a key"
    *modifiers, base = key.split("+")
    if key.endswith("+"):  # "ctrl++" is ctrl and the plus key
        modifiers, base = key[:-2].split("+"), "plus"
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return f"{modifier!r} in {key!r} is not a modifier ({', '.join(MODIFIERS)})"
    if len(set(modifiers)) != len(modifiers):
        return f"{key!r} repeats a modifier"
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return None
    if base in NAMED_KEYS or base in PUNCTUATION_KEYS:
        return None
    return f"{key!r} is not a key Textual knows (e.g. r, ctrl+r, f5, pagedown, question_mark)"


# Widgets whose keys live on a screen: the story list's keys are the main screen's.
SCOPES = {"story-list": "main"}


def check_keymap(mapping: Mapping[str, object]) -> list[str]:
    """Every mistake in a ``[keymap]`` table, one line each: an unknown binding id, a key that cannot
    be pressed, or a remapped key that another binding of the same screen (or of every screen) has."""
    problems: list[str] = []
    valid: dict[str, str] = {}
    for binding_id, keys in mapping.items():
        if binding_id not in BY_ID:
            problems.append(f"keymap.{binding_id}: unknown binding id (press ? in the reader for the ids)")
            continue
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f"keymap.{binding_id}: must be a non-empty string of keys, got {keys!r}")
            continue
        found = [f"keymap.{binding_id}: {p}" for p in map(key_problem, _split_keys(keys)) if p]
        problems.extend(found)
        if not found and _names(keys) != _names(BY_ID[binding_id].keys):  # only what the user changed
            valid[binding_id] = keys
    return problems + _clashes(valid)


def _clashes(remapped: Mapping[str, str]) -> list[str]:
    """Remapped keys that another binding in reach already answers to (one taking the other's key)."""
    effective = {key.id: _names(remapped.get(key.id, key.keys)) for key in KEYS}
    problems: list[str] = []
    seen: set[frozenset[str]] = set()
    for binding_id in remapped:
        mine = BY_ID[binding_id]
        scope = SCOPES.get(mine.section, mine.section)
        for other in KEYS:
            other_scope = SCOPES.get(other.section, other.section)
            pair = frozenset((binding_id, other.id))
            if other.id == binding_id or pair in seen or "app" not in (scope, other_scope) and scope != other_scope:
                continue
            shared = effective[binding_id] & effective[other.id]
            if shared:
                seen.add(pair)
                label = key_label(",".join(sorted(shared)))
                problems.append(f"keymap.{binding_id}: {label} is also {other.id} ({SECTIONS[other.section]})")
    return problems


def _names(keys: str) -> set[str]:
    return {_key_name(k) for k in _split_keys(keys)}


def _key_name(key: str) -> str:
    """Textual's name for a key, so "?" and "question_mark" compare equal."""
    key = key.strip()
    return _character_key(key) if len(key) == 1 else key


def _split_keys(keys: str) -> list[str]:
    """Split "r,f5" into keys; a lone "," is the comma key."""
    if keys.strip() == ",":
        return [","]
    return [part.strip() for part in keys.split(",")]


def key_label(keys: str) -> str:
    """The keys as a person reads them: "question_mark,f1" -> "?, f1"."""
    labels = []
    for key in _split_keys(keys):
        if key in PUNCTUATION_KEYS:
            key = next(c for c in string.punctuation if _character_key(c) == key)
        labels.append({"delete": "del"}.get(key, key))
    return ", ".join(labels)
