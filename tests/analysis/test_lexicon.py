"""The analysis keeps its word lists as data (core/data/words/), not as sets in the code."""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import briefing.core.analysis as analysis
from briefing.core.analysis.lexicon import word_set

PACKAGE = Path(analysis.__file__).parent


def _inline_word_lists() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "split"
                and isinstance(node.func.value, ast.Constant)
                and isinstance(node.func.value.value, str)
                and len(node.func.value.value.split()) >= 3
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_no_word_list_is_written_inline_in_the_analysis() -> None:
    assert _inline_word_lists() == []


def test_every_word_file_is_read_by_some_module() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    files = resources.files("briefing.core.data").joinpath("words")
    names = sorted(f.name.removesuffix(".txt") for f in files.iterdir() if f.name.endswith(".txt"))
    assert names
    assert [n for n in names if f'word_set("{n}")' not in code] == []
    assert all(word_set(n) for n in names)
