"""Editor's brackets inside capitalised runs: a name starts and ends on a word, never on a bracket."""

from __future__ import annotations

import pytest

from briefing.core.analysis import analyse
from briefing.core.analysis.people import find_people


@pytest.mark.parametrize("text", ["A]A", "A ] A", "Mr ] ]", "Oddly ] Sunday", "Tamsin [ ] Sunday", "Quill ] A] B] C"])
def test_a_run_left_with_only_brackets_is_no_name(text: str) -> None:
    result = analyse(text)  # raised IndexError when a trim left only "]" of the run
    assert all("]" not in p.name and "[" not in p.name for p in result.people)


def test_names_around_brackets_keep_their_words_and_offsets() -> None:
    text = "Jeff [Drake] said the quay would open. [Orla W.] Benedek agreed."
    people = find_people(text)
    names = {p.name for p in people.people}
    assert {"Jeff Drake", "Orla W. Benedek"} <= names
    for mention in people.mentions:
        surface = text[mention.start : mention.end]
        assert surface[:1].isalpha() and surface[-1:].isalnum(), surface
