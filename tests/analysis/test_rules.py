"""Every attribution rule of the ordered tables (quotes/rules.py: RULES, NEIGHBOUR_RULES) fires on a
sentence of its own, and ``explain(..., by="table")`` names it. All people and places are fictional."""

from __future__ import annotations

import pytest

from briefing.core.analysis.people import find_people
from briefing.core.analysis.quotes import explain
from briefing.core.analysis.quotes.rules import NEIGHBOUR_RULES, RULES

# rule -> (text, speaker the rule must give, index of the quote it decides)
CASES: dict[str, tuple[str, str | None, int]] = {
    "transcript": (
        "The mayor of Lindqvist spoke to the harbour council on Monday.\n\n"
        '"HALVORSEN: We will open the new ferry line in spring, and the fares will stay low."',
        "Halvorsen",
        0,
    ),
    "dash": (
        'Residents of Brennick shared their views online.\n\n"The ferry was two hours late again this morning." — Ilse Marwood',
        "Ilse Marwood",
        0,
    ),
    "next-label": (
        "Residents of Brennick shared their views online.\n\n"
        '"The ferry was two hours late again this morning and nobody told us why."\n\n'
        "-Councillor Ilse Marwood, posting after the meeting.",
        "Ilse Marwood",
        0,
    ),
    "governed-before": (
        'Harbour director Tomas Vell insisted that "the quay is safe," even as inspectors said it was not.',
        "Tomas Vell",
        0,
    ),
    "after-tag": (
        '"We will rebuild the pier before the summer," said Tomas Vell, the harbour director of Brennick.',
        "Tomas Vell",
        0,
    ),
    "before-tag": (
        'Tomas Vell, the harbour director of Brennick, said on Tuesday: "We will rebuild the pier before the summer."',
        "Tomas Vell",
        0,
    ),
    "unnamed-tag": ('"We will rebuild the pier before the summer," one harbour official said.', None, 0),
    "colon-paragraph": (
        "Tomas Vell, the harbour director, spoke to the council of Brennick on Tuesday. The Brennick Courier "
        'reported:\n\n"The pier will be rebuilt before the summer."',
        "Brennick Courier",
        0,
    ),
    "previous-tag": (
        'The storm damaged the pier, Tomas Vell said on Tuesday. "We will rebuild it before the summer."',
        "Tomas Vell",
        0,
    ),
    "clause-subject": (
        'Tomas Vell wants the council of Brennick to "rebuild the pier before the summer" at any cost.',
        "Tomas Vell",
        0,
    ),
    "coordinated": (
        'Tomas Vell said the storm was "very bad" and "frightening" for the fishermen of Brennick.',
        "Tomas Vell",
        1,
    ),
    "continued": (
        'Tomas Vell, the harbour director of Brennick, said: "The storm took the pier and two boats.\n\n'
        '"We will rebuild it before the summer, with money from the town."',
        "Tomas Vell",
        1,
    ),
    "paragraph": (
        '"The storm took the pier and both of the old boats in one night." Later the fishermen gathered at the '
        'quay, and Tomas Vell said: "We will rebuild it."',
        "Tomas Vell",
        0,
    ),
    "quote-only": (
        "Tomas Vell argued in his letter to the council of Brennick that the pier must be rebuilt.\n\n"
        '"We cannot wait another winter."',
        "Tomas Vell",
        0,
    ),
}


@pytest.mark.parametrize("rule", list(CASES))
def test_explain_names_the_rule_that_fired(rule: str) -> None:
    text, speaker, index = CASES[rule]
    found = explain(text, find_people(text), ranker=False, by="table")
    quote, fired = found[index]
    assert (quote.speaker, fired) == (speaker, rule)


def test_every_rule_of_the_tables_has_its_case() -> None:
    names = [name for name, _ in RULES] + [name for name, _ in NEIGHBOUR_RULES]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(CASES)
