"""briefing.keys: the one table of bindings, and the check of a [keymap] against it."""

from __future__ import annotations

import importlib
import inspect
import string
import subprocess
import sys

import pytest
from textual.binding import Binding
from textual.keys import Keys, format_key

from briefing import keys
from briefing.keys import BY_ID, KEYS, check_keymap, key_label, key_problem


def test_keys_imports_no_textual():
    """The CLI checks a keymap with it before anything of the reader is loaded."""
    script = "import sys, briefing.keys; print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "False", done.stderr


def test_ids_are_unique_and_every_default_key_passes_the_check():
    assert len(BY_ID) == len(KEYS)
    assert check_keymap({key.id: key.keys for key in KEYS}) == []


@pytest.mark.parametrize(
    "key",
    [
        "r",
        "A",
        "?",
        "ctrl+r",
        "f5",
        "pagedown",
        "question_mark",
        "alt+p",
        "left_square_bracket",
        "ctrl+shift+up",
        "escape",
        "space",
        "ctrl++",
    ],
)
def test_keys_textual_can_press_are_accepted(key):
    assert key_problem(key) is None


@pytest.mark.parametrize("key", ["nonsense", "ctrl+nonsense", "hyperspace+r", "ctrl+ctrl+r", "", "pgdn", "f25"])
def test_impossible_keys_are_named(key):
    problem = key_problem(key)
    assert problem and "\n" not in problem


def test_check_keymap_gives_one_line_per_mistake():
    problems = check_keymap({"refresh": "r,nonsense", "no-such-binding": "x", "toggle-star": "x"})
    assert len(problems) == 2
    assert problems[0].startswith("keymap.refresh:") and "nonsense" in problems[0]
    assert problems[1].startswith("keymap.no-such-binding:") and "unknown binding id" in problems[1]
    assert all("\n" not in p for p in problems)


def test_a_remapped_key_that_another_binding_in_reach_has_is_named():
    problems = check_keymap({"toggle-star": "n"})  # n is next-unread on the same screen
    assert problems == ["keymap.toggle-star: n is also next-unread (Story list and story)"]
    clashes = check_keymap({"refresh": "j"})  # r is everywhere; j moves in four lists
    assert "keymap.refresh: j is also story-down (Moving in the story list)" in clashes
    assert len(clashes) == 4 and all(c.startswith("keymap.refresh: j is also") for c in clashes)
    assert check_keymap({"toggle-star": "?"}) and check_keymap({"toggle-star": "question_mark"})  # same key
    assert check_keymap({"toggle-star": "x"}) == []  # x is only on the Feeds screen: no clash
    assert check_keymap({"toggle-star": "n", "next-unread": "s"}) == []  # swapped: each has its own


def test_every_base_key_textual_names_is_in_the_vocabulary():
    """keys.py spells Textual's key names out (no Textual import): they must not drift apart."""
    for value in (k.value for k in Keys):
        if value.startswith("<") or "-" in value:  # <any>, <scroll-up>, the ctrl-at alias
            continue
        assert key_problem(value) is None, value
    for name in keys.PUNCTUATION_KEYS:
        assert format_key(name) in string.punctuation, name


def test_labels_read_as_keys():
    assert key_label("question_mark,f1") == "?, f1"
    assert key_label("left_square_bracket") == "["
    assert key_label("d,delete") == "d, del"


SCREENS = {
    "app": "briefing.app:BriefingApp",
    "main": "briefing.screens.main:MainScreen",
    "story-list": "briefing.widgets.story_list:StoryList",
    "search": "briefing.screens.search:SearchScreen",
    "briefing": "briefing.screens.briefing:BriefingScreen",
    "people": "briefing.screens.people:PeopleScreen",
    "feeds": "briefing.screens.feeds:FeedsScreen",
    "help": "briefing.screens.help:HelpScreen",
    "confirm": "briefing.screens.confirm:ConfirmScreen",
    "prompt": "briefing.screens.prompt:PromptScreen",
}


@pytest.mark.parametrize("section", sorted(SCREENS))
def test_every_binding_of_every_screen_is_in_the_table(section):
    """? lists the table, and [keymap] is checked against it: a binding missing here is a key the
    user can neither look up nor remap. Add new bindings to briefing/keys.py (bindings_for builds them)."""
    module, name = SCREENS[section].split(":")
    owner = getattr(importlib.import_module(module), name)
    assert inspect.isclass(owner)
    for binding in owner.BINDINGS:
        assert isinstance(binding, Binding) and binding.id, f"{name}: every binding needs an id: {binding}"
        key = BY_ID.get(binding.id)
        assert key is not None, f"{name}: binding {binding.id!r} is not in briefing/keys.py"
        assert (key.keys, key.action, key.section) == (binding.key, binding.action, section), binding.id
